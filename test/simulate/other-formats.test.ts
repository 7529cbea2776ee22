/**
 * The srsLTE, Amarisoft and vendor gNB writers: each simulated log is parsed with its format's
 * parser, and the records summed per RNTI must give back the simulator's truth. Simple
 * regular expressions re-count a few things straight from the text as well.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MacRecord } from '../../src-shared/records.js';
import { BUILTIN_FORMATS } from '../../src-main/engine/formats/index.js';
import { parseLines, splitLines, type LinesOutcome } from '../../src-main/engine/run-lines.js';
import {
  simulate,
  type SimFormatId,
  type SimulationTruth,
  type SubjectTruth,
} from '../../src-main/simulate/index.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-formats-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const SCENARIO = { ues: 6, badUes: 2, cells: 2, durationSec: 3, seed: 5, sessionMeanSec: 2 };

interface Sums {
  dlGrants: number;
  dlRetx: number;
  dlBytes: number;
  ulGrants: number;
  ulRetx: number;
  ulBytes: number;
  dlDecodes: number;
  dlFails: number;
  dlFirstFails: number;
  ulDecodes: number;
  ulFails: number;
  ulFirstFails: number;
  discards: number;
  phr: number;
  phrSum: number;
  bsr: number;
  bsrSum: number;
  cqi: number;
}

function zero(): Sums {
  return {
    dlGrants: 0,
    dlRetx: 0,
    dlBytes: 0,
    ulGrants: 0,
    ulRetx: 0,
    ulBytes: 0,
    dlDecodes: 0,
    dlFails: 0,
    dlFirstFails: 0,
    ulDecodes: 0,
    ulFails: 0,
    ulFirstFails: 0,
    discards: 0,
    phr: 0,
    phrSum: 0,
    bsr: 0,
    bsrSum: 0,
    cqi: 0,
  };
}

function parsedSums(records: readonly MacRecord[]): Map<number, Sums> {
  const sums = new Map<number, Sums>();
  for (const r of records) {
    if (r.rnti === null) continue;
    let s = sums.get(r.rnti);
    if (!s) sums.set(r.rnti, (s = zero()));
    if (r.kind === 'grant') {
      const retx = (r.retx ?? 0) > 0 ? 1 : 0;
      if (r.dir === 'dl') {
        s.dlGrants++;
        s.dlRetx += retx;
        s.dlBytes += r.tbs ?? 0;
      } else {
        s.ulGrants++;
        s.ulRetx += retx;
        s.ulBytes += r.tbs ?? 0;
      }
    } else if (r.kind === 'decode') {
      const fail = r.ok ? 0 : 1;
      const firstFail = r.retx === 0 ? fail : 0;
      if (r.dir === 'dl') {
        s.dlDecodes++;
        s.dlFails += fail;
        s.dlFirstFails += firstFail;
      } else {
        s.ulDecodes++;
        s.ulFails += fail;
        s.ulFirstFails += firstFail;
      }
    } else if (r.kind === 'harq' && r.event === 'discard') {
      s.discards++;
    } else if (r.kind === 'phr') {
      s.phr++;
      s.phrSum += r.phDb;
    } else if (r.kind === 'bsr') {
      s.bsr++;
      s.bsrSum += r.bytes;
    } else if (r.kind === 'csi' && r.cqi !== null) {
      s.cqi++;
    }
  }
  return sums;
}

function truthSums(t: SubjectTruth, bsrIsBytes: boolean): Sums {
  return {
    dlGrants: t.dl.grants,
    dlRetx: t.dl.retxGrants,
    dlBytes: t.dl.bytes,
    ulGrants: t.ul.grants,
    ulRetx: t.ul.retxGrants,
    ulBytes: t.ul.bytes,
    dlDecodes: t.dl.decodes,
    dlFails: t.dl.fails,
    dlFirstFails: t.dl.firstFails,
    ulDecodes: t.ul.decodes,
    ulFails: t.ul.fails,
    ulFirstFails: t.ul.firstFails,
    discards: t.dl.discards + t.ul.discards,
    phr: t.phrReports,
    phrSum: t.phrSum,
    bsr: t.bsrReports,
    bsrSum: bsrIsBytes ? t.bsrSum : 0,
    cqi: t.cqiReports,
  };
}

interface Case {
  format: SimFormatId;
  parser: string;
  /** The discard lines of srsLTE name no RNTI (and no direction): a parser can only guess. */
  discardsPerRnti: boolean;
}

const CASES: Case[] = [
  { format: 'srslte-log', parser: 'srslte-log', discardsPerRnti: false },
  { format: 'amarisoft', parser: 'amarisoft', discardsPerRnti: true },
  { format: 'vendor-gnb', parser: 'vendor-gnb', discardsPerRnti: true },
];

describe.each(CASES)('$format simulation', ({ format, parser, discardsPerRnti }) => {
  let truth: SimulationTruth;
  let text: string;
  let parsed: LinesOutcome;

  beforeAll(async () => {
    const out = join(dir, `${format}.log`);
    truth = await simulate({ ...SCENARIO, format, out });
    text = readFileSync(out, 'latin1');
    const definition = BUILTIN_FORMATS.find((f) => f.id === parser);
    if (!definition) throw new Error(`no parser ${parser}`);
    parsed = parseLines(definition, splitLines(text));
  });

  it('is recognised line by line by its parser', () => {
    expect(parsed.unrecognised).toEqual([]);
    expect(parsed.counts.lines).toBe(truth.linesWritten);
    expect(Buffer.byteLength(text, 'latin1')).toBe(truth.bytesWritten);
  });

  it('parses back per RNTI to the truth', () => {
    const sums = parsedSums(parsed.records);
    for (const ue of truth.ues) {
      const got = sums.get(ue.rnti!) ?? zero();
      const want = truthSums(ue, format !== 'vendor-gnb');
      if (!discardsPerRnti) got.discards = want.discards;
      expect(got, `${ue.cell}/${ue.ue}/0x${ue.rnti!.toString(16)}`).toEqual(want);
    }
  });

  it('parses back the random access attempts and successes', () => {
    let preambles = 0;
    let ok = 0;
    for (const r of parsed.records) {
      if (r.kind !== 'ra') continue;
      if (r.step === 'preamble') preambles++;
      if (r.outcome === 'ok') ok++;
    }
    const cells = truth.cells;
    expect(preambles).toBe(cells.reduce((n, c) => n + c.raAttempts, 0));
    expect(ok).toBe(cells.reduce((n, c) => n + c.raOk, 0));
  });

  it('has as many give-up lines as the truth has discards', () => {
    const lines = text.match(/discarting TB|\.DROP /g) ?? [];
    const discards = truth.cells.reduce((n, c) => n + c.dl.discards + c.ul.discards, 0);
    expect(lines.length).toBe(discards);
    if (format !== 'amarisoft') expect(discards).toBeGreaterThan(0);
  });

  it('same seed, same bytes', async () => {
    const again = join(dir, `${format}-again.log`);
    await simulate({ ...SCENARIO, format, out: again });
    expect(readFileSync(again, 'latin1') === text).toBe(true);
  });
});
