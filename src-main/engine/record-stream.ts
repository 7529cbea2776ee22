/**
 * Reads a file's records again, in order and on the log's absolute timeline, for consumers
 * that need the records themselves rather than KPIs (the Loki shipper). The ingest keeps no
 * records, only counters; reading them again costs a sequential pass over the file, which
 * is far faster than any Loki takes them.
 *
 * The pass is one range over the whole file, so it yields the same records as the ingest
 * (which gives the same result in 1 range or many) and in the same order every time: the
 * shipper's cursor counts positions in this order.
 */
import type { MacRecord } from '../../src-shared/records.js';
import type { FormatDefinition } from './formats/types.js';
import { stat } from 'node:fs/promises';
import { readGzip, readRange, TruncatedGzipError } from './line-reader.js';
import { ClockedSink } from './parse-range.js';

export interface RecordStreamOptions {
  path: string;
  gzip: boolean;
  format: FormatDefinition;
  formatOptions?: Record<string, string | number | boolean>;
  /** Seconds the ingest added to the parser's clock (`FileResult.timeBaseSec`). */
  timeBaseSec: number;
  /** Receives each block's records; reading waits until it is done (backpressure). */
  onRecords: (records: MacRecord[]) => Promise<void>;
  signal?: AbortSignal;
}

/** Streams every record of a file to `onRecords`; returns how many there were. */
export async function streamRecords(options: RecordStreamOptions): Promise<number> {
  const { format, timeBaseSec, signal } = options;
  let pending: MacRecord[] = [];
  let count = 0;
  const clocked = new ClockedSink(
    {
      add: (r) => {
        r.tSec += timeBaseSec;
        pending.push(r);
      },
    },
    format.clock,
  );
  const parser = format.create({ fileName: options.path, options: options.formatOptions ?? {} });

  const flush = async () => {
    signal?.throwIfAborted();
    if (pending.length === 0) return;
    const block = pending;
    pending = [];
    count += block.length;
    await options.onRecords(block);
  };
  const visitor = {
    line(text: string, lineNo: number) {
      if (text.length > 0) parser.parse(text, lineNo, clocked);
    },
    overlong() {},
    progress() {},
    afterBlock: flush,
  };

  if (options.gzip) await readGzip(options.path, visitor).catch(keepTruncated);
  else {
    const { size } = await stat(options.path);
    await readRange({ path: options.path, start: 0, end: size }, visitor);
  }
  parser.finish(clocked);
  await flush();
  return count;
}

/** A gzip file cut short was ingested up to the cut: its records are shipped the same way. */
function keepTruncated(err: unknown): { lines: number; bytes: number } {
  if (err instanceof TruncatedGzipError) return { lines: 0, bytes: 0 };
  throw err;
}
