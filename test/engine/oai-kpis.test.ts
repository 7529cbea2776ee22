/**
 * KPIs of the OpenAirInterface samples through the whole engine (parse, merge, derive,
 * flag). Every expected value is counted from the raw log with grep or awk (the command
 * is in the comment) or with a regex here, never taken from the tool's output.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { SubjectSummary } from '../../src-shared/kpis.js';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { stripAnsi } from '../../src-main/engine/formats/text.js';
import { ThresholdsSchema } from '../../src-main/engine/kpi/rules.js';
import { samplePath } from '../samples.js';

// A low minSamples, so that a rule fires on these short logs if its KPI lets it.
const engine = new ParseEngine({
  workers: 1,
  thresholds: ThresholdsSchema.parse({ minSamples: 5 }),
});
afterAll(() => engine.close());

/** The lines of a sample without colour codes. */
function plainLines(name: string): string[] {
  return readFileSync(samplePath(name), 'utf8').split(/\r?\n/).map(stripAnsi);
}

/**
 * The name of each UE of a gNB log, worked out from its lines: the header of its blocks
 * ("UE RNTI 177b CU-UE-ID 1 in-sync ...") gives its id, and the CU gives a freed id to the
 * next UE, so the n-th UE created with an id ("Adding new UE context with RNTI 0x177b", in
 * the order of the log) is `id#n` from the second on. Keyed by the RNTI as the log prints it.
 */
function connectionNames(lines: string[]): Map<string, string> {
  const idOf = new Map<string, string>();
  for (const l of lines) {
    const m = /^UE RNTI ([0-9a-f]{4}) CU-UE-ID (\d+) /.exec(l);
    if (m) idOf.set(m[1], m[2]);
  }
  const names = new Map<string, string>();
  const connections = new Map<string, number>();
  for (const l of lines) {
    const rnti = /Adding new UE context with RNTI 0x([0-9a-f]{4})/.exec(l)?.[1];
    const id = rnti === undefined ? undefined : idOf.get(rnti);
    if (rnti === undefined || id === undefined) continue;
    const n = (connections.get(id) ?? 0) + 1;
    connections.set(id, n);
    names.set(rnti, n === 1 ? id : `${id}#${n}`);
  }
  return names;
}

const RA_STATS_LINES = plainLines('oai-gnb-nr-ra-stats.log');
const RA_STATS_NAMES = connectionNames(RA_STATS_LINES);

function only<T>(list: T[]): T {
  expect(list).toHaveLength(1);
  return list[0];
}

describe('oai-enb-lte-2020.log: a log that prints UL failures only', () => {
  const lines = plainLines('oai-enb-lte-2020.log');
  const parsed = engine.parse(samplePath('oai-enb-lte-2020.log'));
  const ue = async (): Promise<SubjectSummary> => only((await parsed).ues);

  it('reports no UL BLER, initial or residual, and flags nothing on it', async () => {
    const { kpis, malperforming, rule } = await ue();
    // grep -c 'ULSCH in error' gives 64 failures; no line tells a decoded TB.
    expect(kpis.ulBler).toBeNull();
    expect(kpis.ulInitialBler).toBeNull();
    expect(kpis.ulResidualBler).toBeNull();
    expect(kpis.ulOkBitrateBps).toBeNull();
    expect(malperforming).toBe(false);
    expect(rule).toBeNull();
    const cell = only((await parsed).cells);
    expect([cell.kpis.ulBler, cell.kpis.ulInitialBler]).toEqual([null, null]);
  });

  it('still counts the CRC failures and the TBs given up', async () => {
    const { kpis, counters } = await ue();
    // grep -c 'ULSCH in error in round' = 64; grep -c 'ULSCH in error in round 3,' = 13
    expect(kpis.ulCrcFailures).toBe(count(lines, /ULSCH in error in round \d/));
    expect(kpis.ulCrcFailures).toBe(64);
    expect(counters.ulDiscards).toBe(count(lines, /ULSCH in error in round 3,/));
    expect(counters.ulDiscards).toBe(13);
  });

  it('gives its UL retransmissions as a lower bound: those that failed', async () => {
    // sed 's/\x1b\[[0-9;]*m//g' | grep -o 'in error in round [0-9]' | sort | uniq -c gives
    // 25/13/13/13 for rounds 0 to 3. A failure in round n >= 1 was a retransmission; one
    // that was decoded prints nothing, so there were at least 13 + 13 + 13.
    const byRound = [0, 1, 2, 3].map((n) => count(lines, new RegExp(`in error in round ${n},`)));
    expect(byRound).toEqual([25, 13, 13, 13]);
    expect(count(lines, /in error in round [4-9]/)).toBe(0);
    const failedRetx = byRound[1] + byRound[2] + byRound[3];

    const { kpis, counters } = await ue();
    expect(counters.ulFailedRetx).toBe(failedRetx);
    expect([kpis.ulHarqRetx, kpis.ulHarqRetxAtLeast]).toEqual([null, failedRetx]);
    const cell = only((await parsed).cells);
    expect([cell.kpis.ulHarqRetx, cell.kpis.ulHarqRetxAtLeast]).toEqual([null, failedRetx]);
    // The per-second series hold them too (Loki's kpi lines are derived from them).
    const series = (await parsed).series.find((s) => s.subject.ue === '0')!;
    const perSecond = series.seconds.reduce((n, s) => n + s.counters.ulFailedRetx, 0);
    expect(perSecond).toBe(failedRetx);
  });

  it("takes the SNR from the eNB's PUSCH SNR, not from failed TBs' ul_cqi", async () => {
    // grep -o 'PUSCH SNR [-0-9.]*' | awk '{s+=$3; n++} END {print n, s/n}' gives 10 15.2
    const snrs = lines.flatMap((l) => {
      const m = / PUSCH SNR (-?[\d.]+)/.exec(l);
      return m ? [Number(m[1])] : [];
    });
    expect(snrs).toHaveLength(10);
    const { kpis, counters } = await ue();
    expect(counters.sinrN).toBe(10);
    expect(kpis.sinrMeanDb).toBeCloseTo(snrs.reduce((a, b) => a + b, 0) / snrs.length, 9);
    expect(kpis.sinrMeanDb).toBeCloseTo(15.2, 9);
  });
});

describe('oai-gnb-nr-ra-stats.log: statistics blocks of UEs that did random access', () => {
  const lines = RA_STATS_LINES;
  const parsed = engine.parse(samplePath('oai-gnb-nr-ra-stats.log'));
  const ueOf = async (rnti: string) =>
    only((await parsed).ues.filter((u) => u.ue === RA_STATS_NAMES.get(rnti)));

  it('names each UE by the CU-UE-ID of its blocks, one UE per connection', async () => {
    // grep -o '^UE RNTI [0-9a-f]* CU-UE-ID [0-9]*' | sort -u: 19 RNTIs, every one CU-UE-ID 1
    // (each UE is removed before the next connects). grep -o 'Adding new UE context with
    // RNTI 0x[0-9a-f]*' gives their order: 177b first, then d347.
    expect(RA_STATS_NAMES.size).toBe(19);
    expect([RA_STATS_NAMES.get('177b'), RA_STATS_NAMES.get('d347')]).toEqual(['1', '1#2']);
    const { ues } = await parsed;
    const expected = [...RA_STATS_NAMES].map(([rnti, name]): [string, number[]] => [
      name,
      [parseInt(rnti, 16)],
    ]);
    expect(new Map(ues.map((u) => [u.ue, u.life.rntis]))).toEqual(new Map(expected));
  });

  it('names no cell: no block or MAC line gives one', async () => {
    // The blocks name none, and grep -c 'CC_id' (the cell of OAI's MAC lines) gives 0.
    expect(count(lines, /CC_id/)).toBe(0);
    const { ues, cells } = await parsed;
    expect(new Set(ues.map((u) => u.cell))).toEqual(new Set([null]));
    expect(cells.map((c) => c.cell)).toEqual([null]);
  });

  /** The counters of the last block of each UE (they run since the UE connected). */
  const lastBlock = new Map<
    string,
    { dl: number[]; ul: number[]; ulErrors: number; tx: number; rx: number }
  >();
  for (const l of lines) {
    const m = /^UE ([0-9a-f]{4}): (dlsch|ulsch)_rounds ([\d/]+), \w+_errors (\d+)/.exec(l);
    const bytes = /^UE ([0-9a-f]{4}): MAC: +TX +(\d+) RX +(\d+) bytes/.exec(l);
    const ue = (m ?? bytes)?.[1];
    if (ue === undefined) continue;
    const block = lastBlock.get(ue) ?? { dl: [], ul: [], ulErrors: 0, tx: 0, rx: 0 };
    lastBlock.set(ue, block);
    if (m?.[2] === 'dlsch') block.dl = m[3].split('/').map(Number);
    if (m?.[2] === 'ulsch')
      [block.ul, block.ulErrors] = [m[3].split('/').map(Number), Number(m[4])];
    if (bytes) [block.tx, block.rx] = [Number(bytes[2]), Number(bytes[3])];
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it("takes UE 177b's KPIs from its blocks, though its Msg3 grant is a per-slot record", async () => {
    // grep 'UE 177b: \(dlsch_rounds\|ulsch_rounds\|MAC:\)' | tail -3: dlsch_rounds 75/2/0/0,
    // ulsch_rounds 128/17/5/2, ulsch_errors 2, MAC: TX 23626 RX 8028 bytes
    const { counters, kpis } = await ueOf('177b');
    expect(lastBlock.get('177b')).toEqual({
      dl: [75, 2, 0, 0],
      ul: [128, 17, 5, 2],
      ulErrors: 2,
      tx: 23626,
      rx: 8028,
    });
    expect([kpis.dlHarqRetx, kpis.ulHarqRetx]).toEqual([2, 17 + 5 + 2]);
    expect([counters.dlGrants, counters.ulGrants]).toEqual([77, 152]);
    expect(counters.ulDiscards).toBe(2);
    // Rounds 2 to 4 exist because the round before failed; an error is a failed round 4.
    expect(kpis.ulCrcFailures).toBe(17 + 5 + 2 + 2);
    expect([kpis.dlBytes, kpis.ulBytes]).toEqual([23626, 8028]);
  });

  it('reads the blocks of all 19 UEs', async () => {
    // grep '^UE RNTI ' | awk '{print $3}' | sort -u | wc -l gives 19
    expect(lastBlock.size).toBe(19);
    const ues = (await parsed).ues;
    for (const [rnti, block] of lastBlock) {
      const u = only(ues.filter((x) => x.ue === RA_STATS_NAMES.get(rnti)));
      expect([u.counters.dlGrants, u.counters.ulGrants], rnti).toEqual([
        sum(block.dl),
        sum(block.ul),
      ]);
      expect(u.kpis.ulHarqRetx, rnti).toBe(sum(block.ul) - block.ul[0]);
      expect([u.kpis.dlBytes, u.kpis.ulBytes], rnti).toEqual([block.tx, block.rx]);
    }
  });

  it('counts the random access under TC-RNTI db89 for UE 177b, which named its C-RNTI', async () => {
    // grep -n 'db89\|C-RNTI': "TC-RNTI db89: initiating RA procedure", "PUSCH with TC_RNTI
    // 0xdb89 received correctly", "Received UL_SCH_LCID_C_RNTI with C-RNTI 0x177b", "Remove
    // NR rnti 0xdb89", "UE 177b: RA with C-RNTI complete"
    const result = await parsed;
    expect(result.ues.flatMap((u) => u.life.rntis)).not.toContain(0xdb89);
    expect(result.ues).toHaveLength(19);
    const ue = await ueOf('177b');
    // grep -c 'TC-RNTI 177b: initiating' + grep -c 'TC-RNTI db89: initiating' = 2 attempts;
    // "CBRA procedure succeeded" and "RA with C-RNTI complete": 2 successes.
    expect([ue.kpis.raAttempts, ue.kpis.raOk, ue.kpis.raFail]).toEqual([2, 2, 0]);
    // One "Adding new UE context with RNTI 0x177b", one "Remove NR rnti 0x177b".
    expect([ue.life.created, ue.life.removed, ue.life.rntis]).toEqual([1, 1, [0x177b]]);
    // grep -c 'initiating RA procedure' gives 20 attempts for the cell.
    expect(only(result.cells).kpis.raAttempts).toBe(count(lines, /initiating RA procedure/));
  });
});

describe('oai-gnb-nr-2020.log: the NSA UE that connects by random access', () => {
  const lines = plainLines('oai-gnb-nr-2020.log');
  const parsed = engine.parse(samplePath('oai-gnb-nr-2020.log'));

  it('counts its preamble for UE 0 and its cell, so that every success was attempted', async () => {
    // grep -c 'Initiating RA procedure for preamble index' = 1 (the MAC takes the preamble,
    // naming no RNTI); grep -c 'PUSCH with TC_RNTI c497 received correctly and UE_id 0 is
    // now 5G connected' = 1 (the procedure ends there); no line says an RA failed.
    expect(count(lines, /Initiating RA procedure for preamble index/)).toBe(1);
    expect(count(lines, /TC_RNTI c497 received correctly and UE_id 0 is now 5G connected/)).toBe(1);
    expect(count(lines, /RA failed|Random Access .* failed|RA Procedure failed/)).toBe(0);
    const { ues, cells } = await parsed;
    const ra = (s: SubjectSummary) => [s.kpis.raAttempts, s.kpis.raOk, s.kpis.raFail];
    expect(ues.map((u) => u.ue)).toEqual(['0']);
    expect(ues.map(ra)).toEqual([[1, 1, 0]]);
    // "CC_id 0" on the MAC's random-access lines: the one cell.
    expect(cells.map((c) => c.cell)).toEqual(['0']);
    expect(cells.map(ra)).toEqual([[1, 1, 0]]);
  });
});

describe('oai-gnb-nrmac-stats.log: the UE of the snapshot', () => {
  it('is named by the CU-UE-ID of its block, in no cell', async () => {
    // "UE RNTI 49b1 CU-UE-ID 1 in-sync PH 44 dB ...": the one block; no line names a cell.
    const lines = plainLines('oai-gnb-nrmac-stats.log');
    const ids = lines.flatMap((l) => /^UE RNTI ([0-9a-f]{4}) CU-UE-ID (\d+) /.exec(l) ?? []);
    expect(ids.slice(1)).toEqual(['49b1', '1']);
    const { ues, cells } = await engine.parse(samplePath('oai-gnb-nrmac-stats.log'));
    expect(ues.map((u) => [u.cell, u.ue, u.life.rntis])).toEqual([[null, '1', [0x49b1]]]);
    expect(cells.map((c) => c.cell)).toEqual([null]);
  });
});

describe('rates from the running totals of OAI statistics blocks', () => {
  it('gives a single snapshot (nrMAC_stats.log) no rate, for the UE nor for the cell', async () => {
    // One block: "MAC:    TX     1870405482 RX         403627 bytes", totals since the UE
    // attached, over a time the file does not tell.
    const result = await engine.parse(samplePath('oai-gnb-nrmac-stats.log'));
    for (const s of [only(result.ues), only(result.cells)]) {
      expect([s.kpis.dlBytes, s.kpis.ulBytes, s.kpis.ulOkBytes]).toEqual([
        1870405482, 403627, 403627,
      ]);
      expect(s.kpis.dlBitrateBps).toBeNull();
      expect(s.kpis.ulBitrateBps).toBeNull();
      expect(s.kpis.dlOkBitrateBps).toBeNull();
      expect(s.kpis.ulOkBitrateBps).toBeNull();
    }
  });

  /*
   * Per UE, the MAC byte totals of its first and last block and the number of "Frame.Slot"
   * headers (one every 128 frames, 1.28 s) between them:
   *   sed 's/\x1b\[[0-9;]*m//g' oai-gnb-nr-ra-stats.log | tr -d '\r' | awk '/Frame.Slot/{h++}
   *     /^UE [0-9a-f]+: MAC:/{u=$2; if(!(u in f)){f[u]=h; ftx[u]=$5; frx[u]=$7}
   *     l[u]=h; ltx[u]=$5; lrx[u]=$7} END{for(u in f) print u, f[u], l[u], ftx[u], ltx[u],
   *     frx[u], lrx[u]}'
   * 177b: headers 16 and 17, TX 1297 -> 23626, RX 3685 -> 8028. Over all UEs, TX grows by
   * 72308 and RX by 50199 bytes between the first block (header 16) and the last (89).
   */
  it('rates a UE by what its totals grew between its first and last block', async () => {
    const result = await engine.parse(samplePath('oai-gnb-nr-ra-stats.log'));
    const ue = only(result.ues.filter((u) => u.ue === RA_STATS_NAMES.get('177b')));
    expect(ue.kpis.dlBitrateBps).toBeCloseTo(((23626 - 1297) * 8) / 1.28, 6);
    expect(ue.kpis.ulBitrateBps).toBeCloseTo(((8028 - 3685) * 8) / 1.28, 6);
    expect(ue.kpis.ulOkBitrateBps).toBeCloseTo(((8028 - 3685) * 8) / 1.28, 6);
    expect(ue.kpis.dlOkBitrateBps).toBeNull();
    // 0d1b has one block (header 83 only): no rate.
    const single = only(result.ues.filter((u) => u.ue === RA_STATS_NAMES.get('0d1b')));
    expect([single.kpis.dlBitrateBps, single.kpis.ulBitrateBps]).toEqual([null, null]);
  });

  it("puts no UE's totals from before its first block into any second", async () => {
    const single = await engine.parse(samplePath('oai-gnb-nrmac-stats.log'));
    for (const series of single.series) {
      const bytes = series.seconds.map((s) => s.counters.dlBytes + s.counters.ulBytes);
      expect(bytes.every((b) => b === 0)).toBe(true);
      // The block's MCS (9) and CQI (14) are of its moment: they stay in its second.
      expect(series.seconds.map((s) => s.counters.cqiN)).toEqual([1]);
    }
    const result = await engine.parse(samplePath('oai-gnb-nr-ra-stats.log'));
    const of = only(result.series.filter((s) => s.subject.ue === RA_STATS_NAMES.get('177b')));
    const sumOf = (pick: (c: SubjectSummary['counters']) => number) =>
      of.seconds.reduce((n, s) => n + pick(s.counters), 0);
    // What grew from the first block to the last: TX 1297 -> 23626, RX 3685 -> 8028, and
    // dlsch_rounds 25/0/0/0 -> 75/2/0/0 (grep 'UE 177b: dlsch_rounds').
    expect([sumOf((c) => c.dlBytes), sumOf((c) => c.ulBytes)]).toEqual([23626 - 1297, 8028 - 3685]);
    expect(sumOf((c) => c.dlGrants)).toBe(77 - 25);
  });

  it('rates the cell by what its UEs grew, from the first block to the last', async () => {
    const result = await engine.parse(samplePath('oai-gnb-nr-ra-stats.log'));
    const cell = only(result.cells);
    const span = (89 - 16) * 1.28;
    expect(cell.kpis.dlBitrateBps).toBeCloseTo((72308 * 8) / span, 6);
    expect(cell.kpis.ulBitrateBps).toBeCloseTo((50199 * 8) / span, 6);
    expect(cell.kpis.ulOkBitrateBps).toBeCloseTo((50199 * 8) / span, 6);
    // The blocks count bytes sent in DL, not bytes delivered: no delivered rate, as per UE.
    expect(cell.kpis.dlOkBitrateBps).toBeNull();
  });
});

function count(lines: string[], pattern: RegExp): number {
  return lines.filter((l) => pattern.test(l)).length;
}
