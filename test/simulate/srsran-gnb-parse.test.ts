/**
 * The srsRAN gNB parser against the simulator's truth: a simulated log is parsed with
 * parseLines, and the records summed per RNTI must give back what the simulator wrote.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MacRecord } from '../../src-shared/records.js';
import { srsranGnbFormat } from '../../src-main/engine/formats/srsran-gnb.js';
import { parseLines, splitLines, type LinesOutcome } from '../../src-main/engine/run-lines.js';
import {
  simulate,
  type SimulationTruth,
  type SubjectTruth,
} from '../../src-main/simulate/index.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-parse-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface DirectionSums {
  grants: number;
  retxGrants: number;
  bytes: number;
  newBytes: number;
  decodes: number;
  fails: number;
  firstDecodes: number;
  firstFails: number;
  discards: number;
}

interface Sums {
  dl: DirectionSums;
  ul: DirectionSums;
  msg3Grants: number;
  phrReports: number;
  phrSum: number;
  bsrReports: number;
}

function zero(): DirectionSums {
  return {
    grants: 0,
    retxGrants: 0,
    bytes: 0,
    newBytes: 0,
    decodes: 0,
    fails: 0,
    firstDecodes: 0,
    firstFails: 0,
    discards: 0,
  };
}

/** Sums the parser's records per RNTI, as the KPI code would count them. */
function sumByRnti(records: readonly MacRecord[]): Map<number, Sums> {
  const sums = new Map<number, Sums>();
  const of = (rnti: number) => {
    let s = sums.get(rnti);
    if (!s) {
      s = { dl: zero(), ul: zero(), msg3Grants: 0, phrReports: 0, phrSum: 0, bsrReports: 0 };
      sums.set(rnti, s);
    }
    return s;
  };
  for (const r of records) {
    if (r.rnti === null) continue;
    const s = of(r.rnti);
    if (r.kind === 'grant') {
      const d = s[r.dir];
      d.grants++;
      d.bytes += r.tbs ?? 0;
      if ((r.retx ?? 0) > 0) d.retxGrants++;
      else d.newBytes += r.tbs ?? 0;
      if (r.msg3) s.msg3Grants++;
    } else if (r.kind === 'decode') {
      const d = s[r.dir];
      d.decodes++;
      if (!r.ok) d.fails++;
      if (r.retx === 0) {
        d.firstDecodes++;
        if (!r.ok) d.firstFails++;
      }
    } else if (r.kind === 'harq' && r.event === 'discard') {
      s[r.dir].discards++;
    } else if (r.kind === 'phr') {
      s.phrReports++;
      s.phrSum += r.phDb;
    } else if (r.kind === 'bsr') {
      s.bsrReports++;
    }
  }
  return sums;
}

function truthSums(t: SubjectTruth): Sums {
  const dir = (d: SubjectTruth['dl']): DirectionSums => ({
    grants: d.grants,
    retxGrants: d.retxGrants,
    bytes: d.bytes,
    newBytes: d.newBytes,
    decodes: d.decodes,
    fails: d.fails,
    firstDecodes: d.firstDecodes,
    firstFails: d.firstFails,
    discards: d.discards,
  });
  return {
    dl: dir(t.dl),
    ul: dir(t.ul),
    msg3Grants: t.msg3Grants,
    phrReports: t.phrReports,
    phrSum: t.phrSum,
    bsrReports: t.bsrReports,
  };
}

function raSteps(records: readonly MacRecord[]) {
  let preambles = 0;
  let ok = 0;
  let failed = 0;
  for (const r of records) {
    if (r.kind !== 'ra') continue;
    if (r.step === 'preamble') preambles++;
    if (r.outcome === 'ok') ok++;
    if (r.outcome === 'fail') failed++;
  }
  return { preambles, ok, failed };
}

describe.each(['info', 'debug'] as const)('srsran-gnb parser on a simulated %s log', (level) => {
  let truth: SimulationTruth;
  let parsed: LinesOutcome;

  beforeAll(async () => {
    const out = join(dir, `${level}.log`);
    truth = await simulate({
      format: 'srsran-gnb',
      out,
      level,
      ues: 6,
      badUes: 2,
      cells: 2,
      durationSec: 3,
      seed: 5,
      sessionMeanSec: 2,
    });
    parsed = parseLines(srsranGnbFormat, splitLines(readFileSync(out, 'latin1')));
  });

  it('recognises every line', () => {
    expect(parsed.unrecognised).toEqual([]);
    expect(parsed.counts.lines).toBe(truth.linesWritten);
  });

  it('gives back per RNTI the grants, decodes, discards, PHR and BSR written', () => {
    const sums = sumByRnti(parsed.records);
    for (const ue of truth.ues) {
      const label = `${ue.cell}/${ue.ue}/0x${ue.rnti!.toString(16)}`;
      expect(sums.get(ue.rnti!), label).toEqual(truthSums(ue));
    }
    expect([...sums.keys()].sort()).toEqual(truth.ues.map((u) => u.rnti).sort());
  });

  it('gives back the random access attempts, successes and failures', () => {
    const total = (pick: (c: SubjectTruth) => number) =>
      truth.cells.reduce((n, c) => n + pick(c), 0);
    expect(raSteps(parsed.records)).toEqual({
      preambles: total((c) => c.raAttempts),
      ok: total((c) => c.raOk),
      failed: total((c) => c.raFail),
    });
    expect(total((c) => c.raFail)).toBeGreaterThan(0);
  });

  it('puts each grant in the cell the truth has for its UE', () => {
    const cellOf = new Map(truth.ues.map((u) => [u.rnti, u.cell]));
    const misplaced = parsed.records.filter(
      (r) => r.kind === 'grant' && r.cell !== cellOf.get(r.rnti),
    );
    expect(misplaced).toEqual([]);
  });
});
