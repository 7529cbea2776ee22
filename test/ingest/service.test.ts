/**
 * IngestService with real parts: a SQLite file, the worker pool, real sample logs.
 */
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { IngestService } from '../../src-main/ingest/service.js';
import { createMetrics } from '../../src-main/metrics/metrics.js';
import { openStore, type Store } from '../../src-main/store/store.js';
import { samplePath } from '../samples.js';

const engine = new ParseEngine({ workers: 2 });
afterAll(() => engine.close());

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'maclog-service-'));
  const store = openStore({ dataDir: join(dir, 'data') });
  const metrics = createMetrics({ store });
  return { dir, store, metrics, service: new IngestService({ store, engine, metrics }) };
}

const sample = samplePath('srslte-enb-bsr-phr-harq.log');

/**
 * The sample's lines have no date: it comes from the file's modification time. A copy
 * made for a test takes the sample's, or the two would differ by a day across midnight.
 */
function sameDate(copy: string, original: string): void {
  const { atime, mtime } = statSync(original);
  utimesSync(copy, atime, mtime);
}

/** A service whose parse does `act` to the file once the workers are done, as if meanwhile. */
function serviceThatMeanwhile(store: Store, act: () => void): IngestService {
  const meddling = Object.create(engine) as ParseEngine;
  meddling.parse = async (...args) => {
    const parsed = await engine.parse(...args);
    act();
    return parsed;
  };
  return new IngestService({ store, engine: meddling });
}

describe('IngestService', () => {
  it('stores a file once: the same content again is recognised, not parsed or stored twice', async () => {
    const { dir, store, service } = setup();
    const copy = join(dir, 'same-content-other-name.log');
    copyFileSync(sample, copy);

    const first = await service.ingest({ path: sample });
    const again = await service.ingest({ path: copy });

    expect(first.error).toBeNull();
    expect(first.reused).toBe(false);
    expect(again.reused).toBe(true);
    expect(again.fileId).toBe(first.fileId);
    expect(store.listFiles()).toHaveLength(1);
    expect(again.result).toEqual(store.getFileResult(first.fileId!));
    expect(store.listJobs().map((j) => [j.state, j.reused])).toEqual([
      ['done', true],
      ['done', false],
    ]);
  });

  it('knows a .gz of stored content, and the plain file of a stored .gz, as the same log', async () => {
    const { dir, store, service } = setup();
    const plain = join(dir, 'enb.log');
    const gz = join(dir, 'enb.log.gz');
    copyFileSync(sample, plain);
    writeFileSync(gz, gzipSync(readFileSync(sample)));
    sameDate(plain, sample);
    sameDate(gz, sample);

    const first = await service.ingest({ path: plain });
    const gzAfter = await service.ingest({ path: gz });

    expect(gzAfter.error).toBeNull();
    expect(gzAfter.reused).toBe(true);
    expect(gzAfter.fileId).toBe(first.fileId);
    expect(store.listFiles()).toHaveLength(1);
    // The job of the .gz counts its own bytes, not those of the stored plain file.
    expect(gzAfter.job.bytesDone).toBe(statSync(gz).size);

    const other = setup();
    const gzFirst = await other.service.ingest({ path: gz });
    const plainAfter = await other.service.ingest({ path: plain });

    expect(gzFirst.reused).toBe(false);
    expect(gzFirst.result!.file.sha256).toBe(first.result!.file.sha256);
    expect(plainAfter.reused).toBe(true);
    expect(other.store.listFiles()).toHaveLength(1);
  });

  it('stores what it parsed: the stored result equals the parsed one', async () => {
    const { store, service } = setup();
    const outcome = await service.ingest({ path: sample });
    expect(store.getFileResult(outcome.fileId!)).toEqual(outcome.result);
  });

  it('parses again with --force, still keeping a single copy', async () => {
    const { store, service } = setup();
    const first = await service.ingest({ path: sample });
    const forced = await service.ingest({ path: sample, force: true });
    expect(forced.reused).toBe(false);
    expect(forced.fileId).toBe(first.fileId);
    expect(store.listFiles()).toHaveLength(1);
  });

  it('reads a gzip file to the same result as the plain file', async () => {
    const { dir, service } = setup();
    const gz = join(dir, 'log.gz');
    writeFileSync(gz, gzipSync(readFileSync(sample)));
    sameDate(gz, sample);
    const plain = await service.ingest({ path: sample });
    const packed = await service.ingest({ path: gz });
    expect(packed.result!.ues).toEqual(plain.result!.ues);
    expect(packed.result!.lines).toEqual(plain.result!.lines);
  });

  it('fails a bad file with a message naming it, and keeps what was stored before', async () => {
    const { dir, store, service, metrics } = setup();
    const good = await service.ingest({ path: sample });
    const empty = join(dir, 'empty.log');
    const binary = join(dir, 'binary.log');
    writeFileSync(empty, '');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0, 9]));

    const outcomes = [
      await service.ingest({ path: empty }),
      await service.ingest({ path: binary }),
      await service.ingest({ path: join(dir, 'missing.log') }),
    ];

    expect(outcomes.map((o) => o.error)).toEqual([
      `${empty}: the file is empty`,
      `${binary}: this is a binary file, not a text log`,
      `${join(dir, 'missing.log')}: no such file`,
    ]);
    expect(outcomes.map((o) => o.job.state)).toEqual(['failed', 'failed', 'failed']);
    expect(store.getFileResult(good.fileId!)).toEqual(good.result);
    const text = await metrics.registry.getSingleMetricAsString('maclog_files_ingested_total');
    expect(text).toContain('maclog_files_ingested_total{format="unknown",outcome="failed"} 3');
  });

  it('stores nothing of a file cut short while it was read, and parses the whole log later', async () => {
    const { dir, store } = setup();
    const log = join(dir, 'rotated.log');
    copyFileSync(sample, log);
    sameDate(log, sample);
    // logrotate's copytruncate, as the workers finish: the parse read the whole file.
    const service = serviceThatMeanwhile(store, () => truncateSync(log, 1000));

    const cut = await service.ingest({ path: log });

    expect(cut.error).toBe(
      `${log}: the file shrank from ${statSync(sample).size} to 1000 bytes while it was read ` +
        '(rotated or truncated?): nothing was stored; ingest it again once it is complete',
    );
    expect(cut.job.state).toBe('failed');
    expect(store.listFiles()).toEqual([]);
    const whole = await new IngestService({ store, engine }).ingest({ path: sample });
    expect([whole.error, whole.reused]).toEqual([null, false]);
  });

  it('fails a file rewritten while it was read, and stores a growing one as far as it was read', async () => {
    const { dir, store } = setup();
    const rewritten = join(dir, 'rewritten.log');
    copyFileSync(sample, rewritten);
    const later = new Date(statSync(sample).mtimeMs + 60_000);
    const rewrite = () => {
      writeFileSync(rewritten, readFileSync(sample).reverse());
      utimesSync(rewritten, later, later);
    };
    const failed = await serviceThatMeanwhile(store, rewrite).ingest({ path: rewritten });
    expect(failed.error).toBe(
      `${rewritten}: the file was rewritten while it was read: nothing was stored; ingest it ` +
        'again once it is complete',
    );

    const growing = join(dir, 'growing.log');
    copyFileSync(sample, growing);
    sameDate(growing, sample);
    const grow = () => appendFileSync(growing, 'more lines of a log still being written\n');
    const grown = await serviceThatMeanwhile(store, grow).ingest({ path: growing });
    expect(grown.error).toBeNull();
    const original = createHash('sha256').update(readFileSync(sample)).digest('hex');
    expect(store.listFiles().map((f) => f.sha256)).toEqual([original]);
  });

  it('reads a log that begins with a UTF-8 byte-order mark as the same log without it', async () => {
    // The sample from its line 42 on starts with a RACH line: the first line gives a record.
    const { dir, service } = setup();
    const lines = readFileSync(samplePath('srslte-enb-rach.log'), 'utf8').split('\n');
    const plain = join(dir, 'enb.log');
    const marked = join(dir, 'enb-bom.log');
    writeFileSync(plain, lines.slice(41).join('\n'));
    writeFileSync(marked, '\uFEFF' + lines.slice(41).join('\n'));
    expect(lines[41]).toMatch(/RACH:/);

    const anchorSec = Date.UTC(2024, 0, 1) / 1000;
    const without = await service.ingest({ path: plain, anchorSec });
    const withBom = await service.ingest({ path: marked, anchorSec });

    expect(withBom.error).toBeNull();
    expect(withBom.result?.lines).toEqual(without.result?.lines);
    expect(withBom.result?.recordsByKind).toEqual(without.result?.recordsByKind);
    expect(withBom.result?.cells).toEqual(without.result?.cells);
  });

  it('refuses to store a forced format that fits few lines, naming the right one', async () => {
    const { store, service } = setup();
    const gnb = samplePath('srsran-gnb-nr.log');
    const right = await service.ingest({ path: gnb });
    const forced = await service.ingest({ path: gnb, formatId: 'oai-gnb' });

    expect(forced.job.state).toBe('failed');
    expect(forced.result).toBeNull();
    expect(forced.error).toMatch(
      /: \d+ of 9004 lines fit no rule of oai-gnb, so it is not stored: is the format right\? \(without --format the file is read as srsran-gnb, /,
    );
    // Only the reading that read its lines is kept.
    expect(store.getFileResult(right.fileId!)!.format.id).toBe('srsran-gnb');
    expect(store.getFileResult(right.fileId!, 'oai-gnb')).toBeNull();
    expect(store.listFiles()).toHaveLength(1);
  });

  it('refuses a forced format that reads no record when another format fits', async () => {
    const { store, service } = setup();
    // Amarisoft's reader passes over srsLTE's lines as "other": it stores nothing useful.
    const enb = samplePath('srslte-enb-debug.log');
    const forced = await service.ingest({ path: enb, formatId: 'amarisoft' });
    expect(forced.job.state).toBe('failed');
    expect(forced.error).toMatch(
      /: no line of \d+ gave a record as amarisoft, so it is not stored: is the format right\? \(without --format the file is read as srslte-log, /,
    );
    expect(store.listFiles()).toHaveLength(0);
  });

  it('stores a forced format that reads the lines as asked, warning that it looks wrong', async () => {
    const { store, service } = setup();
    // OAI's eNB and gNB logs share their line grammar; the NR tags tell the gNB's apart.
    const gnb = samplePath('oai-gnb-nr-2020.log');
    const forced = await service.ingest({ path: gnb, formatId: 'oai-enb' });
    expect(forced.job.state).toBe('done');
    const warning =
      'read as oai-enb as asked, though it looks like oai-gnb (OpenAirInterface gNB log)';
    expect(forced.result!.warnings).toContain(warning);
    expect(store.getFileResult(forced.fileId!, 'oai-enb')!.warnings).toContain(warning);

    const sniffed = await service.ingest({ path: gnb });
    expect(sniffed.result!.warnings).not.toContain(warning);
  });

  it('a gzip file cut before its first line: says so, not that the file is empty', async () => {
    const { dir, service } = setup();
    const cut = join(dir, 'header-only.log.gz');
    writeFileSync(cut, gzipSync(readFileSync(sample)).subarray(0, 20));
    const outcome = await service.ingest({ path: cut });
    expect(outcome.job.state).toBe('failed');
    expect(outcome.error).toBe(
      `${cut}: the gzip file holds no text (cut short before its first line?)`,
    );
  });

  it('truncated gzip: keeps the lines before the cut and says so', async () => {
    const { dir, service } = setup();
    const gz = gzipSync(readFileSync(sample));
    const cut = join(dir, 'cut.log.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const outcome = await service.ingest({ path: cut });
    expect(outcome.error).toBeNull();
    expect(outcome.result!.warnings).toEqual([
      expect.stringMatching(/^the gzip data is cut short or corrupt after line \d+/),
    ]);
    expect(outcome.result!.lines.lines).toBeGreaterThan(100);
  });
});

describe('cancelling', () => {
  it('cancels a running job: the job says so and nothing of it is stored', async () => {
    const { dir, store, service } = setup();
    const big = join(dir, 'big.log');
    const text = readFileSync(samplePath('srslte-enb-debug.log'));
    writeFileSync(big, Buffer.concat(Array.from({ length: 12 }, () => text)));

    const controller = new AbortController();
    const outcome = await service.ingest({ path: big, signal: controller.signal }, (_j, done) => {
      if (done > 0) controller.abort();
    });

    expect(outcome.error).toBe('cancelled');
    expect(outcome.job.state).toBe('cancelled');
    expect(store.listFiles()).toEqual([]);
  });
});

describe('awkward input', () => {
  it('skips a 10 MB line with a warning naming its line, and parses the rest', async () => {
    const { dir, service } = setup();
    const lines = readFileSync(sample, 'utf8').split('\n');
    const withLong = join(dir, 'long-line.log');
    // A 10 MB line of garbage after line 100 of a real log.
    lines.splice(100, 0, 'x'.repeat(10 * 1024 * 1024));
    writeFileSync(withLong, lines.join('\n'));
    sameDate(withLong, sample);

    const outcome = await service.ingest({ path: withLong });
    const plain = await service.ingest({ path: sample });

    expect(outcome.result!.warnings).toEqual([
      `line 101 is ${10 * 1024 * 1024 + 1} bytes long and was skipped`,
    ]);
    expect(outcome.result!.lines.lines).toBe(plain.result!.lines.lines + 1);
    expect(outcome.result!.lines.unrecognised).toBe(plain.result!.lines.unrecognised + 1);
    expect(outcome.result!.ues).toEqual(plain.result!.ues);
  });

  it('recognises a log whose first line is 10 MB long, plain or gzip, and skips that line', async () => {
    const { dir, service } = setup();
    const text = `${'x'.repeat(10 * 1024 * 1024)}\n${readFileSync(sample, 'utf8')}`;
    const plainPath = join(dir, 'long-first-line.log');
    const gzPath = join(dir, 'long-first-line-gz.log.gz');
    writeFileSync(plainPath, text);
    writeFileSync(gzPath, gzipSync(text));
    sameDate(plainPath, sample);
    sameDate(gzPath, sample);

    const plain = await service.ingest({ path: plainPath });
    const gz = await service.ingest({ path: gzPath, force: true });
    const original = await service.ingest({ path: sample });

    for (const outcome of [plain, gz]) {
      expect(outcome.error).toBeNull();
      expect(outcome.result!.format.id).toBe(original.result!.format.id);
      expect(outcome.result!.warnings).toEqual([
        `line 1 is ${10 * 1024 * 1024 + 1} bytes long and was skipped`,
      ]);
      expect(outcome.result!.ues).toEqual(original.result!.ues);
    }
  });

  it('calls a file of 1 MB of zero bytes binary, not a log of one over-long line', async () => {
    const { dir, service } = setup();
    const path = join(dir, 'zeros.img');
    writeFileSync(path, Buffer.alloc(1024 * 1024));

    const outcome = await service.ingest({ path });

    expect(outcome.error).toBe(`${path}: this is a binary file, not a text log`);
  });

  it('refuses a file of one over-long line, saying that line was passed over', async () => {
    const { dir, service, store } = setup();
    const path = join(dir, 'one-line.log');
    writeFileSync(path, 'y'.repeat(3_000_000));

    const outcome = await service.ingest({ path });

    expect(outcome.error).toContain(
      `${path}: no known format recognises this file (its line 1 was passed over as too long ` +
        'for a log line: 3.0 MB)',
    );
    expect(store.listFiles()).toEqual([]);
  });

  it('reads a file that mixes two formats as the main one, the other lines unrecognised', async () => {
    const { dir, service } = setup();
    const gnb = readFileSync(samplePath('srsran-gnb-nr.log'), 'utf8').split('\n');
    const enb = readFileSync(samplePath('srslte-enb-rach.log'), 'utf8').split('\n');
    const foreign = enb.filter((l) => /^\d\d:\d\d:\d\d\.\d+ \[/.test(l)).slice(0, 30);
    const mixed = join(dir, 'mixed.log');
    // Thirty srsLTE lines spliced into the middle of an srsRAN gNB log.
    writeFileSync(mixed, [...gnb.slice(0, 4000), ...foreign, ...gnb.slice(4000)].join('\n'));

    const outcome = await service.ingest({ path: mixed });

    expect(outcome.result!.format.id).toBe('srsran-gnb');
    expect(outcome.result!.lines.unrecognised).toBe(30);
    expect(outcome.result!.unrecognisedExamples.slice(0, 2)).toEqual([
      { line: 4001, text: foreign[0] },
      { line: 4002, text: foreign[1] },
    ]);
  });
});
