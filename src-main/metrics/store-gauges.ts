/**
 * Gauges of what the store holds, read from it at every scrape: they show every stored file
 * whichever process ingested it, so `maclog metrics` beside CLI ingests sees their work.
 * The maclog_*_total counters count only what this process did, as Prometheus counters
 * do; these are named maclog_store_* so that nobody takes one for the other.
 *
 * A scrape reads the store once for all of them (and for maclog_jobs). A reading that fails
 * (the database locked or closed) leaves them without samples, sets maclog_store_up to 0
 * and is logged once, not at every scrape; the rest of /metrics is served as usual.
 */
import { Gauge, type Registry } from 'prom-client';
import type { JobState } from '../../src-shared/ingest.js';
import { logger, type Logger } from '../log.js';
import type { FormatTotals, StoreTotals } from '../store/totals.js';

/** What /metrics reads from the store; a Store is one. */
export interface StoreSource {
  /** The database file, named in the log when it cannot be read. */
  readonly path: string;
  countJobsByState(): Partial<Record<JobState, number>>;
  totals(): StoreTotals;
}

export interface StoreSnapshot {
  jobs: Partial<Record<JobState, number>>;
  totals: StoreTotals;
}

export type ScrapeLog = Pick<Logger, 'warn' | 'info'>;

/** One reading of the store per scrape, shared by every gauge that shows it. */
export class ScrapeReading {
  private snapshot: StoreSnapshot | null | undefined;
  private failing = false;

  constructor(
    private readonly source: StoreSource | undefined,
    private readonly log: ScrapeLog = logger('metrics'),
  ) {}

  /** False when there is no store to read (then the store gauges have no samples). */
  get hasStore(): boolean {
    return this.source !== undefined;
  }

  /** This scrape's reading; null when there is no store or it could not be read. */
  get(): StoreSnapshot | null {
    if (this.snapshot === undefined) {
      this.snapshot = this.read();
      // prom-client calls every metric's collect() in the same turn of the event loop, so
      // they all share this reading and the next scrape reads afresh. Were they ever called
      // apart, each would read again: more work, still true values.
      setImmediate(() => (this.snapshot = undefined));
    }
    return this.snapshot;
  }

  private read(): StoreSnapshot | null {
    if (!this.source) return null;
    try {
      const snapshot = { jobs: this.source.countJobsByState(), totals: this.source.totals() };
      if (this.failing) this.log.info({ store: this.source.path }, 'the store is readable again');
      this.failing = false;
      return snapshot;
    } catch (error) {
      // Prometheus scrapes every 15 s or so: one line says it, not one per scrape.
      if (!this.failing) {
        this.log.warn(
          { store: this.source.path, err: error },
          'cannot read the store for /metrics: maclog_jobs and the maclog_store_* gauges ' +
            'have no samples (and maclog_store_up is 0) until it can be read again; ' +
            'the process metrics are still served',
        );
      }
      this.failing = true;
      return null;
    }
  }
}

export interface StoreGauges {
  up: Gauge;
  files: Gauge;
  bytes: Gauge;
  ingests: Gauge<'format'>;
  records: Gauge<'format' | 'kind'>;
  crcFailures: Gauge<'format' | 'dir'>;
  unrecognisedLines: Gauge<'format'>;
  ues: Gauge<'format'>;
  malperformingUes: Gauge<'format'>;
}

/**
 * Leaves the gauge without samples. reset() alone leaves a gauge without labels at 0, which
 * would say that the store holds nothing when it could not be read.
 */
function clear(gauge: Gauge<string>, labelNames: readonly string[]): void {
  gauge.reset();
  if (labelNames.length === 0) gauge.remove();
}

const FROM_STORE = 'read from the store at each scrape, whichever process ingested them';

export function createStoreGauges(registry: Registry, reading: ScrapeReading): StoreGauges {
  const registers = [registry];

  /** A gauge whose samples are set from this scrape's totals, or left empty. */
  function fromTotals<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    set: (gauge: Gauge<L>, totals: StoreTotals) => void,
  ): Gauge<L> {
    return new Gauge<L>({
      name,
      help: `${help}, ${FROM_STORE}`,
      labelNames,
      registers,
      collect() {
        // A format whose files were all deleted drops out.
        clear(this, labelNames);
        const snapshot = reading.get();
        if (snapshot) set(this, snapshot.totals);
      },
    });
  }

  /** A gauge with a `format` label, one sample per stored format. */
  function byFormat(name: string, help: string, value: (f: FormatTotals) => number) {
    return fromTotals(name, help, ['format'], (gauge, totals) => {
      for (const f of totals.formats) gauge.set({ format: f.format }, value(f));
    });
  }

  return {
    up: new Gauge({
      name: 'maclog_store_up',
      help:
        '1 when this scrape could read the store, 0 when it could not ' +
        '(the maclog_store_* gauges and maclog_jobs then have no samples)',
      registers,
      collect() {
        clear(this, []);
        if (reading.hasStore) this.set(reading.get() ? 1 : 0);
      },
    }),
    files: fromTotals('maclog_store_files', 'Files stored', [], (gauge, totals) =>
      gauge.set(totals.files),
    ),
    bytes: fromTotals(
      'maclog_store_bytes',
      'Bytes of the files stored, as read from disk',
      [],
      (gauge, totals) => gauge.set(totals.bytes),
    ),
    ingests: byFormat(
      'maclog_store_ingests',
      'Stored ingests by log format (a file read by two formats counts in both)',
      (f) => f.ingests,
    ),
    records: fromTotals(
      'maclog_store_records',
      'Records of the stored ingests, by log format and record kind',
      ['format', 'kind'],
      (gauge, totals) => {
        for (const { format, kind, count } of totals.records) gauge.set({ format, kind }, count);
      },
    ),
    crcFailures: fromTotals(
      'maclog_store_crc_failures',
      'Decoding failures (UL CRC KO, DL HARQ NACK) in the stored ingests, by direction',
      ['format', 'dir'],
      (gauge, totals) => {
        for (const f of totals.formats) {
          gauge.set({ format: f.format, dir: 'dl' }, f.dlFailures);
          gauge.set({ format: f.format, dir: 'ul' }, f.ulFailures);
        }
      },
    ),
    unrecognisedLines: byFormat(
      'maclog_store_unrecognised_lines',
      'Lines of the stored files that did not fit their log format',
      (f) => f.unrecognisedLines,
    ),
    ues: byFormat('maclog_store_ues', 'UEs of the stored ingests', (f) => f.ues),
    malperformingUes: byFormat(
      'maclog_store_malperforming_ues',
      'UEs of the stored ingests flagged as malperforming',
      (f) => f.malperformingUes,
    ),
  };
}
