/**
 * Tests of the OpenAirInterface formats (oai-gnb, oai-enb, oai-nrmac-stats).
 *
 * Real logs: the four OAI samples in shared/samples (README there). Expected counts come from
 * simple regexes over their text in this file, never from the parser; single records were
 * checked by hand against the lines (times from frame numbers are worked out in comments).
 *
 * Written by us: test/fixtures/oai/gnb-debug.log, lines in the printf formats of the OAI
 * source (gNB_scheduler_dlsch.c, gNB_scheduler_ulsch.c, gNB_scheduler_RA.c, main.c
 * dump_mac_stats of 2021 to 2025) for what no sample has: per-slot DL/UL grants, UL HARQ
 * outcomes, RA failures, the older stats block. No sample has per-slot scheduling lines and
 * statistics blocks for the same UE, so the HARQ round counters of a block cannot be checked
 * against the per-slot lines between two blocks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import type { MacRecord } from '../../src-shared/records.js';
import {
  oaiEnbFormat,
  oaiGnbFormat,
  oaiNrMacStatsFormat,
} from '../../src-main/engine/formats/oai.js';
import { FrameClock } from '../../src-main/engine/formats/oai/clock.js';
import { stripAnsi } from '../../src-main/engine/formats/text.js';
import type { FormatDefinition } from '../../src-main/engine/formats/types.js';
import { parseLines, splitLines, type LinesOutcome } from '../../src-main/engine/run-lines.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Loaded {
  text: string;
  lines: string[];
  /** The lines without colour codes, for the test's own regexes. */
  plain: string[];
  parsed: LinesOutcome;
}

function load(file: string, format: FormatDefinition): Loaded {
  const text = readFileSync(file, 'utf8');
  const lines = splitLines(text);
  return { text, lines, plain: lines.map(stripAnsi), parsed: parseLines(format, lines) };
}

const sample = (name: string) => path.resolve(repoRoot, '..', 'shared', 'samples', name);
const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'oai', name);

function ofKind<K extends MacRecord['kind']>(records: MacRecord[], kind: K) {
  return records.filter((r): r is Extract<MacRecord, { kind: K }> => r.kind === kind);
}

function count(lines: string[], pattern: RegExp): number {
  return lines.filter((l) => pattern.test(l)).length;
}

/** 1-based numbers of the lines matching `pattern`. */
function lineNumbers(lines: string[], pattern: RegExp): number[] {
  return lines.flatMap((l, i) => (pattern.test(l) ? [i + 1] : []));
}

/** What the engine gives `sniff`: the first 200 non-empty lines without CR and ANSI codes. */
function sniffLines(file: string): string[] {
  return splitLines(readFileSync(file, 'utf8'))
    .map(stripAnsi)
    .filter((l) => l.trim().length > 0)
    .slice(0, 200);
}

const hex = (rnti: string) => parseInt(rnti, 16);

describe('oai: sniffing', () => {
  const formats = [oaiGnbFormat, oaiEnbFormat, oaiNrMacStatsFormat];
  const best = (file: string) => {
    const lines = sniffLines(sample(file));
    const scores = formats.map((f) => ({ id: f.id, score: f.sniff(lines) }));
    return scores.sort((a, b) => b.score - a.score);
  };

  it('gives each OAI sample to its format with high confidence', () => {
    for (const [file, id] of [
      ['oai-gnb-nr-2020.log', 'oai-gnb'],
      ['oai-gnb-nr-ra-stats.log', 'oai-gnb'],
      ['oai-enb-lte-2020.log', 'oai-enb'],
      ['oai-gnb-nrmac-stats.log', 'oai-nrmac-stats'],
    ]) {
      const [first, second] = best(file);
      expect(first.id, file).toBe(id);
      expect(first.score, file).toBeGreaterThanOrEqual(0.9);
      expect(second.score, file).toBeLessThan(first.score);
    }
  });

  it('does not claim logs of other stacks', () => {
    const others = readdirSync(sample('.')).filter(
      (f) => f.endsWith('.log') && !f.startsWith('oai'),
    );
    expect(others.length).toBeGreaterThan(5);
    for (const file of others) {
      for (const f of formats) expect(f.sniff(sniffLines(sample(file))), `${f.id} ${file}`).toBe(0);
    }
  });

  it('sees the tags through colour codes', () => {
    const lines = ['\x1b[0m\x1b[32m[NR_MAC]   a', '\x1b[0m[NR_PHY]   b', '\x1b[0m[GNB_APP]   c'];
    expect(oaiGnbFormat.sniff(lines)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('oai-nrmac-stats: the nrMAC_stats.log snapshot', () => {
  const { parsed } = load(sample('oai-gnb-nrmac-stats.log'), oaiNrMacStatsFormat);

  it('gives one stats, one phr and one csi record, checked value by value', () => {
    // Line 1 of the file is empty; the block header is line 2. No frame numbers: time 0.
    // The header names the UE by its CU-UE-ID, 1, and no cell.
    const base = { tSec: 0, tNsec: 0, line: 2, cell: null, ue: '1', rnti: 0x49b1 };
    expect(parsed.records).toEqual([
      {
        kind: 'stats',
        ...base,
        scope: 'ue',
        source: 'oai-mac-stats',
        periodSec: null,
        values: {
          // UE RNTI 49b1 CU-UE-ID 1 in-sync PH 44 dB PCMAX 22 dBm, average RSRP -72 (20 meas)
          cu_ue_id: 1,
          in_sync: 1,
          phr_db: 44,
          pcmax_dbm: 22,
          rsrp_dbm: -72,
          rsrp_meas: 20,
          // CQI 14, RI 2, PMI (0,1)
          cqi: 14,
          ri: 2,
          pmi_x1: 0,
          pmi_x2: 1,
          // UL-RI 1, TPMI 0
          ul_ri: 1,
          tpmi: 0,
          // dlsch_rounds 90539/14/0/0, dlsch_errors 0, pucch0_DTX 3, BLER 0.00022 MCS (1) 9
          dlsch_round1: 90539,
          dlsch_round2: 14,
          dlsch_round3: 0,
          dlsch_round4: 0,
          dl_errors: 0,
          pucch0_dtx: 3,
          dl_bler: 0.00022,
          dl_mcs_table: 1,
          dl_mcs: 9,
          // ulsch_rounds 5062/38/1/1, ulsch_errors 1, ulsch_DTX 5, BLER 0.00808 MCS (1) 9
          ulsch_round1: 5062,
          ulsch_round2: 38,
          ulsch_round3: 1,
          ulsch_round4: 1,
          ul_errors: 1,
          ulsch_dtx: 5,
          ul_bler: 0.00808,
          ul_mcs_table: 1,
          ul_mcs: 9,
          // MAC: TX 1870405482 RX 403627 bytes, then LCID 1, 2 and 4
          dl_tx_bytes: 1870405482,
          ul_rx_bytes: 403627,
          lcid1_tx_bytes: 727,
          lcid1_rx_bytes: 2021,
          lcid2_tx_bytes: 0,
          lcid2_rx_bytes: 0,
          lcid4_tx_bytes: 1865989085,
          lcid4_rx_bytes: 161235,
        },
      },
      { kind: 'phr', ...base, phDb: 44, pcmaxDbm: 22 },
      { kind: 'csi', ...base, cqi: 14, ri: 2, pmi: null },
    ]);
  });

  it('counts the block lines as records and the blank lines as other', () => {
    expect(parsed.counts).toEqual({ lines: 13, record: 9, other: 4, unrecognised: 0 });
  });
});

describe('oai-gnb: sample with COTS UEs (random access and statistics blocks)', () => {
  const { lines, plain, parsed } = load(sample('oai-gnb-nr-ra-stats.log'), oaiGnbFormat);
  const ra = ofKind(parsed.records, 'ra');
  const ue = ofKind(parsed.records, 'ue');
  const raCount = (step: string, outcome: string | null = null) =>
    ra.filter((r) => r.step === step && r.outcome === outcome).length;

  it('classifies every line, none unrecognised', () => {
    expect(parsed.unrecognised).toEqual([]);
    expect(parsed.counts.lines).toBe(lines.length);
  });

  it('gives one stats and one phr record per statistics block, per RNTI', () => {
    const expected = new Map<number, number>();
    for (const l of plain) {
      const m = /^UE RNTI ([0-9a-f]{4}) /.exec(l);
      if (m) expected.set(hex(m[1]), (expected.get(hex(m[1])) ?? 0) + 1);
    }
    const stats = new Map<number, number>();
    for (const r of ofKind(parsed.records, 'stats'))
      stats.set(r.rnti!, (stats.get(r.rnti!) ?? 0) + 1);
    expect(stats).toEqual(expected);
    expect(ofKind(parsed.records, 'phr').length).toBe(count(plain, /^UE RNTI .* PH -?\d+ dB/));
    expect(ofKind(parsed.records, 'csi').length).toBe(count(plain, /^UE [0-9a-f]{4}: CQI \d+/));
  });

  it('reads a whole statistics block (line 362, after "Frame.Slot 384.0")', () => {
    // Frames from the first "Frame.Slot 384.0" (time 0) through two SFN wraps to 384.0:
    // (1024 - 384) + 1024 + 384 = 2048 frames = 20.48 s.
    const block = parsed.records.filter((r) => r.line === 362 && r.kind === 'stats');
    expect(block).toEqual([
      {
        kind: 'stats',
        tSec: 20,
        tNsec: 480_000_000,
        line: 362,
        cell: null,
        // "UE RNTI 177b CU-UE-ID 1 in-sync PH 44 dB ...": the UE is CU-UE-ID 1.
        ue: '1',
        rnti: 0x177b,
        scope: 'ue',
        source: 'oai-mac-stats',
        periodSec: null,
        values: {
          cu_ue_id: 1,
          in_sync: 1,
          phr_db: 44,
          pcmax_dbm: 24,
          rsrp_dbm: -96,
          rsrp_meas: 5,
          ul_ri: 1,
          tpmi: 0,
          dlsch_round1: 75,
          dlsch_round2: 2,
          dlsch_round3: 0,
          dlsch_round4: 0,
          dl_errors: 0,
          pucch0_dtx: 0,
          dl_bler: 0.04454,
          dl_mcs_table: 1,
          dl_mcs: 3,
          ulsch_round1: 128,
          ulsch_round2: 17,
          ulsch_round3: 5,
          ulsch_round4: 2,
          ul_errors: 2,
          ulsch_dtx: 30,
          ul_bler: 0.09617,
          ul_mcs_table: 1,
          ul_mcs: 0,
          ul_qm: 2,
          delta_mcs_db: 0,
          ul_nprb: 5,
          pusch_snr_db: 14.5,
          dl_tx_bytes: 23626,
          ul_rx_bytes: 8028,
          lcid1_tx_bytes: 859,
          lcid1_rx_bytes: 1574,
          lcid2_tx_bytes: 0,
          lcid2_rx_bytes: 0,
          lcid4_tx_bytes: 21804,
          lcid4_rx_bytes: 4212,
        },
      },
    ]);
  });

  it('gives one record per random-access step, as many as the log has lines', () => {
    expect(raCount('preamble')).toBe(count(plain, /Initiating RA procedure with preamble \d+/));
    expect(raCount('rar')).toBe(count(plain, /Generating RA-Msg2 DCI/));
    expect(raCount('msg3')).toBe(count(plain, /PUSCH with TC_RNTI 0x[0-9a-f]+ received correctly/));
    expect(raCount('msg4')).toBe(count(plain, /UE [0-9a-f]{4} Generate Msg4/));
    const successes = /Received Ack of Msg4\. CBRA procedure succeeded|RA with C-RNTI .*complete/;
    expect(raCount('complete', 'ok')).toBe(count(plain, successes));
    expect(ra.filter((r) => r.outcome === 'fail')).toEqual([]);
  });

  /** TC-RNTI -> C-RNTI where Msg3 carried a C-RNTI: the line after its reception says so. */
  const cRntiOf = new Map<number, number>();
  plain.forEach((l, i) => {
    const m = /PUSCH with TC_RNTI 0x([0-9a-f]+) received correctly/.exec(l);
    const next = /Received UL_SCH_LCID_C_RNTI with C-RNTI 0x([0-9a-f]+)/.exec(plain[i + 1] ?? '');
    if (m && next) cRntiOf.set(hex(m[1]), hex(next[1]));
  });

  it("gives each preamble the TC-RNTI the MAC assigned to it, or the UE's C-RNTI from Msg3", () => {
    expect(cRntiOf).toEqual(new Map([[0xdb89, 0x177b]]));
    const assigned = plain.flatMap((l) => {
      const m = /TC-RNTI ([0-9a-f]{4}): initiating RA procedure/.exec(l);
      return m ? [cRntiOf.get(hex(m[1])) ?? hex(m[1])] : [];
    });
    expect(ra.filter((r) => r.step === 'preamble').map((r) => r.rnti)).toEqual(assigned);
  });

  it('gives the random access of connected UE 177b under TC-RNTI db89 to 177b', () => {
    // Lines 341 to 351: preamble, Msg3 grant, RAR, Msg3 with the C-RNTI MAC CE of 177b, the
    // TC-RNTI's context removed, "UE 177b: RA with C-RNTI complete".
    const records = parsed.records.filter((r) => r.line >= 341 && r.line <= 351);
    expect(records.map((r) => [r.line, r.kind, r.rnti])).toEqual([
      [341, 'ra', 0x177b],
      [344, 'grant', 0x177b],
      [345, 'ra', 0x177b],
      [347, 'ra', 0x177b],
      [348, 'ue', 0x177b],
      [351, 'ra', 0x177b],
    ]);
    expect(records[4]).toMatchObject({ event: 'rnti-change', oldRnti: 0xdb89 });
    expect(records[5]).toMatchObject({ step: 'complete', outcome: 'ok' });
  });

  it('follows the first UE from preamble to Msg4 ACK, with times from frame.slot', () => {
    // Time 0 is "Frame.Slot 384.0"; two wraps later the PHY sees the preamble in frame 126
    // slot 19: 640 + 1024 + 126 = 1790 frames, plus 19 slots of 0.5 ms (numerology 1).
    const at = (frames: number, slot: number) => {
      const ns = frames * 10_000_000 + slot * 500_000;
      return { tSec: Math.floor(ns / 1e9), tNsec: ns % 1e9 };
    };
    const rec = { cell: null, ue: null, rnti: 0x177b };
    const steps = { outcome: null, cause: null, preamble: null, ta: null };
    expect(parsed.records.filter((r) => r.line >= 249 && r.line <= 268)).toEqual([
      // PHY line 249 (preamble 5, delay 1) joined with the MAC line 250 naming TC-RNTI 177b
      {
        kind: 'ra',
        ...at(1790, 19),
        line: 249,
        ...rec,
        ...steps,
        step: 'preamble',
        preamble: 5,
        ta: 1,
      },
      // "UE 177b: Msg3 scheduled at 127.17 (127.7 TDA 3) start 0 RBs 8": decided in 127.7
      {
        kind: 'grant',
        ...at(1791, 7),
        line: 252,
        ...rec,
        dir: 'ul',
        harqId: null,
        rv: null,
        retx: 0,
        mcs: null,
        prbStart: 0,
        prbCount: 8,
        tbs: null,
        k: 10,
        msg3: true,
      },
      { kind: 'ra', ...at(1791, 7), line: 253, ...rec, ...steps, step: 'rar', preamble: 5, ta: 1 },
      // " 127.17 PUSCH with TC_RNTI 0x177b received correctly", after "Frame.Slot 128.0"
      { kind: 'ra', ...at(1791, 17), line: 257, ...rec, ...steps, step: 'msg3' },
      // "Generate Msg4" names no current frame: the time of the last line that did
      { kind: 'ra', ...at(1791, 17), line: 266, ...rec, ...steps, step: 'msg4' },
      {
        kind: 'ue',
        ...at(1791, 17),
        line: 267,
        ...rec,
        event: 'created',
        detail: 'new UE context',
        oldRnti: null,
      },
      // " 128.17 UE 177b: Received Ack of Msg4. CBRA procedure succeeded!"
      { kind: 'ra', ...at(1792, 17), line: 268, ...rec, ...steps, step: 'complete', outcome: 'ok' },
    ]);
  });

  it('counts one UL failure per run of consecutive PUSCH DTX', () => {
    // The failure is declared when the DTX count reaches the configured threshold; the line
    // repeats with the count going up while the DTX go on.
    const threshold = Number(/PUSCH Failure (\d+)/.exec(plain.join('\n'))![1]);
    const declared = count(plain, new RegExp(`Detected UL Failure on PUSCH after ${threshold} `));
    expect(ue.filter((r) => r.event === 'ul-failure').length).toBe(declared);
    expect(declared).toBe(1);
  });

  it('counts UE creations and removals', () => {
    expect(ue.filter((r) => r.event === 'created').length).toBe(
      count(plain, /Adding new UE context with RNTI/),
    );
    // Removing the TC-RNTI of a connected UE's random access removes no UE.
    const tcRntis = [...cRntiOf.keys()].map((r) => `Remove NR rnti 0x${r.toString(16)}$`);
    const temporary = count(plain, new RegExp(tcRntis.join('|')));
    expect(temporary).toBe(1);
    expect(ue.filter((r) => r.event === 'removed').length).toBe(
      count(plain, /Remove NR rnti 0x/) - temporary,
    );
  });

  it('marks the start and the SIGTERM shutdown of the cell once each', () => {
    const cell = ofKind(parsed.records, 'cell');
    expect(cell.map((r) => [r.event, r.line, r.detail])).toEqual([
      ['started', lineNumbers(plain, /TYPE <CTRL-C> TO TERMINATE/)[0], null],
      ['stopped', lineNumbers(plain, /Caught SIGTERM/)[0], 'SIGTERM'],
    ]);
  });
});

describe('oai-gnb: 2020 NSA gNB in phy-test mode (colour codes, CRLF, crash trailer)', () => {
  const { text, lines, plain, parsed } = load(sample('oai-gnb-nr-2020.log'), oaiGnbFormat);
  const grants = ofKind(parsed.records, 'grant');

  it('classifies every line, none unrecognised', () => {
    expect(parsed.unrecognised).toEqual([]);
    expect(parsed.counts.lines).toBe(lines.length);
  });

  it('gives one DL grant per "DLSCH PDU" line, for MAC UE 0 and its RNTI', () => {
    const pdus = plain.filter((l) => l.includes('DLSCH PDU: '));
    expect(grants.length).toBe(pdus.length);
    const rnti = hex(/Add NR UE_id 0 : rnti ([0-9a-f]+)/.exec(plain.join('\n'))![1]);
    expect(new Set(grants.map((g) => `${g.dir} ${g.ue} ${g.rnti}`))).toEqual(
      new Set([`dl 0 ${rnti}`]),
    );
    const tbsSum = pdus.reduce((s, l) => s + Number(/TBS: (\d+)/.exec(l)![1]), 0);
    expect(grants.reduce((s, g) => s + g.tbs!, 0)).toBe(tbsSum);
    expect(grants.map((g) => g.line)).toEqual(lineNumbers(plain, /DLSCH PDU: /));
  });

  it('takes the redundancy version of each grant from the DCI line before it', () => {
    const rvs = plain.flatMap((l) => {
      const m = /\[gNB scheduler phytest\] DCI type 1 payload: .* rv (\d)/.exec(l);
      return m ? [Number(m[1])] : [];
    });
    expect(grants.map((g) => g.rv)).toEqual(rvs);
  });

  it('times the grants from the frame and slot of the phy-test scheduler lines', () => {
    // An independent clock: count SFN wraps over "frame F slot S" (in order in this log).
    const expected: number[] = [];
    let wraps = 0;
    let last = -1;
    let current = 0;
    for (const l of plain) {
      const m = /In nr_schedule_uss_dlsch_phytest frame (\d+) slot (\d+)/.exec(l);
      if (m) {
        const frame = Number(m[1]);
        if (frame < last) wraps++;
        last = frame;
        current = (wraps * 1024 + frame) * 10 + Number(m[2]) * 0.5; // ms, 20 slots a frame
      }
      if (l.includes('DLSCH PDU: ')) expected.push(current);
    }
    const ms = (g: MacRecord) => g.tSec * 1000 + g.tNsec / 1e6;
    const got = grants.map((g) => ms(g) - ms(grants[0]));
    expect(got).toEqual(expected.map((t) => t - expected[0]));
  });

  it('reads the one random access: preamble 63, RAR, Msg3 that connects UE_id 0', () => {
    // Neither the MAC's preamble line ("Initiating RA procedure for preamble index 63") nor
    // the RAR ("Generating RAR DCI, state 1") names an RNTI; the Msg3 reception is the first
    // line that does (TC_RNTI c497, UE_id 0), and the attempt is that UE's.
    const ra = ofKind(parsed.records, 'ra').map((r) => ({
      line: r.line,
      step: r.step,
      outcome: r.outcome,
      rnti: r.rnti,
      ue: r.ue,
      preamble: r.preamble,
      ta: r.ta,
    }));
    const line = (re: RegExp) => lineNumbers(plain, re)[0];
    expect(ra).toEqual([
      {
        line: line(/\[PHY\].*preamble 63, energy .* delay 6/),
        step: 'preamble',
        outcome: null,
        rnti: 0xc497,
        ue: '0',
        preamble: 63,
        ta: 6,
      },
      {
        line: line(/Generating RAR DCI/),
        step: 'rar',
        outcome: null,
        rnti: 0xc497,
        ue: '0',
        preamble: null,
        ta: null,
      },
      {
        line: line(/PUSCH with TC_RNTI c497 received correctly and UE_id 0 is now 5G connected/),
        step: 'msg3',
        outcome: 'ok',
        rnti: 0xc497,
        ue: '0',
        preamble: null,
        ta: null,
      },
    ]);
  });

  it('counts the UE once though three lines announce it', () => {
    expect(count(plain, /Adding UE with rnti 23eb|Add NR UE_id 0 : rnti 23eb|UE_id 0\/23eb/)).toBe(
      3,
    );
    const created = ofKind(parsed.records, 'ue').filter((r) => r.event === 'created');
    expect(created.map((r) => r.rnti)).toEqual([0x23eb]);
  });

  it('ends with the crash trailer: one stopped cell', () => {
    const stopped = ofKind(parsed.records, 'cell').filter((r) => r.event === 'stopped');
    expect(stopped.map((r) => [r.line, r.detail])).toEqual([
      [
        lineNumbers(plain, /Exiting OAI softmodem/)[0],
        'Exiting OAI softmodem: softmodem starting exit procedure',
      ],
    ]);
    expect(parsed.records.some((r) => r.line === lines.length)).toBe(false);
    expect(text.endsWith('\r\n')).toBe(true);
  });
});

describe('oai-enb: 2020 LTE eNB (glued lines, colour codes, CRLF)', () => {
  const { text, lines, plain, parsed } = load(sample('oai-enb-lte-2020.log'), oaiEnbFormat);
  const decodes = ofKind(parsed.records, 'decode');
  const ULSCH_ERROR = /\[PUSCH (\d+)\] CC_id 0 \d+\.\d ULSCH in error in round (\d+), ul_cqi (\d+)/;

  it('classifies every line, none unrecognised', () => {
    expect(parsed.unrecognised).toEqual([]);
    expect(parsed.counts.lines).toBe(lines.length);
  });

  it('gives one failed UL decode per "ULSCH in error" line, with HARQ id, round and SNR', () => {
    const expected = plain.flatMap((l, i) => {
      const m = ULSCH_ERROR.exec(l);
      // OAI: PUSCH SNR = (5 * ul_cqi - 640) / 10 dB
      return m ? [[i + 1, Number(m[1]), Number(m[2]), (5 * Number(m[3]) - 640) / 10]] : [];
    });
    expect(expected.length).toBe(64);
    expect(decodes.map((d) => [d.line, d.harqId, d.retx, d.sinrDb])).toEqual(expected);
    // The eNB never prints a decoded TB, so every one says that the log has failures only.
    const shapes = decodes.map(
      (d) => `${d.dir} ${d.ok} ${d.cell} ${d.ue} ${d.rnti} ${d.failuresOnly}`,
    );
    expect(new Set(shapes)).toEqual(new Set([`ul false 0 0 ${0x43eb} true`]));
  });

  it('counts the random access as done when its UE completes RRC setup after Msg4', () => {
    // The eNB prints Msg4 and the UE's RRCConnectionSetupComplete, which the UE sends only
    // once Msg4 resolved contention, and no Msg4 acknowledgement.
    const msg4 = lineNumbers(plain, /Generating Msg4 with RRC Piggyback \(RNTI 43eb\)/);
    const setup = lineNumbers(plain, /\[RNTI 43eb\].*RRCConnectionSetupComplete/);
    expect(msg4).toHaveLength(1);
    expect(setup).toHaveLength(1);
    const ra = ofKind(parsed.records, 'ra');
    expect(ra.map((r) => [r.line, r.step, r.outcome, r.rnti])).toEqual([
      [msg4[0], 'msg4', null, 0x43eb],
      [setup[0], 'complete', 'ok', 0x43eb],
    ]);
  });

  it('gives a TB up after its fourth failed transmission (round 3)', () => {
    const discards = ofKind(parsed.records, 'harq');
    expect(discards.map((h) => [h.line, h.event, h.dir])).toEqual(
      lineNumbers(plain, /ULSCH in error in round 3,/).map((l) => [l, 'discard', 'ul']),
    );
  });

  it('reads the UE status lines into stats, phr and csi records', () => {
    const status = lineNumbers(plain, /UE {2}rnti 43eb : in synch, PHR/);
    for (const kind of ['stats', 'phr', 'csi'] as const) {
      expect(ofKind(parsed.records, kind).map((r) => r.line)).toEqual(status);
    }
    // Line 854, after "CC_id 0 761.2": 761 - 739 = 22 frames and 2 subframes past the first
    // frame the log names ("frameP SFN/SF: 739.2"), i.e. 0.222 s.
    expect(parsed.records.filter((r) => r.line === 854 && r.kind === 'stats')).toEqual([
      {
        kind: 'stats',
        tSec: 0,
        tNsec: 222_000_000,
        line: 854,
        cell: null,
        ue: null,
        rnti: 0x43eb,
        scope: 'ue',
        source: 'oai-enb-ue-status',
        periodSec: null,
        values: { in_sync: 1, phr_db: 40, cqi: 15, pusch_snr_db: 10, pucch_snr_db: 10 },
      },
    ]);
  });

  it('times the first UL error 16 ms after the first frame named (739.2 -> 740.6)', () => {
    expect(decodes[0]).toMatchObject({ line: 668, tSec: 0, tNsec: 16_000_000 });
  });

  it('reads the UL failure and the removal of UE 0', () => {
    const events = ofKind(parsed.records, 'ue').map((r) => [r.line, r.event, r.ue, r.rnti]);
    expect(events).toEqual([
      [lineNumbers(plain, /UL Failure timer 1/)[0], 'ul-failure', '0', 0x43eb],
      [lineNumbers(plain, /Removing UE 0 from Primary CC_id 0/)[0], 'removed', '0', 0x43eb],
    ]);
  });

  it('parses both halves of lines glued together without a newline', () => {
    // A tag in the middle of a line, right after the text of another line.
    const glued = lineNumbers(plain, /\S\[(PHY|MAC|RRC|PDCP|SCTP)\] {3}/);
    expect(glued.length).toBe(6);
    const kinds = new Map(parsed.unrecognised.map((u) => [u.line, u.text]));
    for (const l of glued) expect(kinds.has(l)).toBe(false);

    // Real line 651 (itself two glued lines) with the real ULSCH line 668 glued on: the
    // third part still gives its record, on the line of the whole.
    const gluedLine = lines[650] + lines[667];
    const out = parseLines(oaiEnbFormat, [lines[664], gluedLine]);
    expect(ofKind(out.records, 'decode')).toMatchObject([{ line: 2, harqId: 6, retx: 0 }]);
    expect(out.counts).toEqual({ lines: 2, record: 1, other: 1, unrecognised: 0 });
  });

  it('ends without a final newline, on a lone colour code', () => {
    expect(text.endsWith('\n')).toBe(false);
    expect(lines[lines.length - 1]).toBe('\x1b[0m');
    expect(parsed.records.some((r) => r.line === lines.length)).toBe(false);
  });

  it('gives the same records with CRLF and with LF line ends', () => {
    expect(text.includes('\r\n')).toBe(true);
    const lf = parseLines(oaiEnbFormat, splitLines(text.replace(/\r\n/g, '\n')));
    expect(lf.records).toEqual(parsed.records);
  });
});

describe('oai-gnb: lines written by us from the OAI printf formats (gnb-debug.log)', () => {
  const { lines, parsed } = load(fixture('gnb-debug.log'), oaiGnbFormat);
  const at = (line: number) => parsed.records.filter((r) => r.line === line);
  const rnti = 0x4a11;
  const t = (ms: number) => ({ tSec: Math.floor(ms / 1000), tNsec: Math.round((ms % 1000) * 1e6) });

  it('classifies every line, none unrecognised', () => {
    expect(parsed.unrecognised).toEqual([]);
    expect(parsed.counts.lines).toBe(lines.length);
  });

  it('reads an older, tagged statistics block named by MAC UE id', () => {
    expect(at(3)).toEqual([
      {
        kind: 'stats',
        ...t(0),
        line: 3,
        cell: null,
        ue: '0',
        rnti,
        scope: 'ue',
        source: 'oai-mac-stats',
        periodSec: null,
        values: {
          phr_db: 30,
          pcmax_dbm: 20,
          dlsch_round1: 100,
          dlsch_round2: 3,
          dlsch_round3: 1,
          dlsch_round4: 0,
          dl_errors: 0,
          dl_tx_bytes: 12345,
          ulsch_round1: 50,
          ulsch_round2: 2,
          ulsch_round3: 0,
          ulsch_round4: 0,
          ul_errors: 1,
          ul_sched_bytes: 5000,
          ul_rx_bytes: 4800,
        },
      },
      { kind: 'phr', ...t(0), line: 3, cell: null, ue: '0', rnti, phDb: 30, pcmaxDbm: 20 },
    ]);
  });

  it('reads per-slot DL and UL grants with HARQ round, RV and k1/k2', () => {
    const grant = { cell: null, ue: null, rnti, msg3: false };
    // " 10. 4": frame 10 slot 4 at 20 slots a frame = 102 ms; feedback in 10.8: k1 = 4.
    expect(at(8)).toEqual([
      {
        kind: 'grant',
        ...t(102),
        line: 8,
        ...grant,
        dir: 'dl',
        harqId: 3,
        rv: 0,
        retx: 0,
        mcs: 9,
        prbStart: 0,
        prbCount: 106,
        tbs: 2433,
        k: 4,
      },
    ]);
    // 10.5 -> 11.0 is 15 slots.
    expect(at(9)).toEqual([
      {
        kind: 'grant',
        ...t(102.5),
        line: 9,
        ...grant,
        dir: 'dl',
        harqId: 4,
        rv: 2,
        retx: 1,
        mcs: 27,
        prbStart: 10,
        prbCount: 50,
        tbs: 9999,
        k: 15,
      },
    ]);
    // "MCS Table 0 MCS  9": the MCS is 9; PUSCH in 10.12: k2 = 6.
    expect(at(10)).toEqual([
      {
        kind: 'grant',
        ...t(103),
        line: 10,
        ...grant,
        dir: 'ul',
        harqId: 1,
        rv: 0,
        retx: 0,
        mcs: 9,
        prbStart: 0,
        prbCount: 5,
        tbs: 157,
        k: 6,
      },
    ]);
  });

  it('completes UL decodes from the grant of their HARQ process', () => {
    const decode = { cell: null, ue: null, rnti, dir: 'ul', rv: null, sinrDb: null };
    expect(at(11)).toEqual([
      {
        kind: 'decode',
        ...t(103),
        line: 11,
        ...decode,
        ok: false,
        harqId: 1,
        retx: 0,
        tbs: 157,
        mcs: 9,
      },
    ]);
    // Line 12 announces the retransmission that the grant on line 13 schedules: no record.
    expect(at(12)).toEqual([]);
    expect(at(14)).toEqual([
      {
        kind: 'decode',
        ...t(108),
        line: 14,
        ...decode,
        ok: true,
        harqId: 1,
        retx: 1,
        tbs: 157,
        mcs: 9,
      },
    ]);
  });

  it('reports retransmissions without grant lines, and TBs given up', () => {
    const base = { cell: null, ue: null, rnti };
    expect(at(15)).toEqual([
      {
        kind: 'harq',
        ...t(108.5),
        line: 15,
        ...base,
        dir: 'ul',
        event: 'retx',
        harqId: 2,
        retx: 2,
        tbs: null,
      },
    ]);
    expect(at(16)).toEqual([
      {
        kind: 'decode',
        ...t(108.5),
        line: 16,
        ...base,
        dir: 'ul',
        ok: false,
        harqId: 2,
        retx: 2,
        rv: null,
        tbs: null,
        mcs: null,
        sinrDb: null,
      },
      {
        kind: 'harq',
        ...t(108.5),
        line: 16,
        ...base,
        dir: 'ul',
        event: 'discard',
        harqId: 2,
        retx: 2,
        tbs: null,
      },
    ]);
    expect(at(17)).toEqual([
      {
        kind: 'harq',
        ...t(108.5),
        line: 17,
        ...base,
        dir: 'dl',
        event: 'discard',
        harqId: null,
        retx: null,
        tbs: null,
      },
    ]);
  });

  it('counts a UL failure once per channel while the DTX count goes on', () => {
    const failures = ofKind(parsed.records, 'ue').filter((r) => r.event === 'ul-failure');
    expect(failures.map((r) => [r.line, r.detail])).toEqual([
      [18, 'PUSCH DTX 10'],
      [20, 'PUCCH DTX 10'],
    ]);
  });

  it('reads a newer block with "(none)", out-of-sync, no RSRP, SINR and a -nan BLER', () => {
    const stats = ofKind(at(22), 'stats');
    // "Frame.Slot 128.0": 1.28 s
    // "(none)": the DU has no CU id for it yet, so the UE is known by its RNTI alone.
    expect(stats[0]).toMatchObject({ tSec: 1, tNsec: 280_000_000, rnti, ue: null });
    expect(stats[0].values).toMatchObject({
      cu_ue_id: null,
      in_sync: 0,
      rsrp_dbm: null,
      rsrp_meas: 0,
      sinr_db: 12.5,
      sinr_meas: 3,
      dl_cce_fail: 3,
      ul_bler: null,
      ul_cce_fail: 0,
      pusch_snr_db: 0,
    });
    expect(ofKind(at(22), 'csi')).toMatchObject([{ cqi: 0, ri: 1, pmi: null }]);
  });

  it('counts a UE announced by two lines once', () => {
    const created = ofKind(parsed.records, 'ue').filter((r) => r.event === 'created');
    expect(created.map((r) => [r.line, r.rnti, r.detail])).toEqual([
      [42, 0x3c3c, 'UE added with its CellGroup'],
    ]);
  });

  it('reads random-access failures with their step and cause', () => {
    const failures = ofKind(parsed.records, 'ra').map((r) => [
      r.line,
      r.step,
      r.outcome,
      r.cause,
      r.rnti,
      r.preamble,
    ]);
    expect(failures).toEqual([
      // PHY detection (line 30) refused by the MAC on line 31
      [30, 'preamble', 'fail', 'no free ra process', null, 7],
      [32, 'preamble', null, null, 0x5e5e, 9],
      [33, 'rar', 'fail', 'ra response window exceeded', 0x5e5e, null],
      [34, 'msg3', 'fail', 'reached msg3 max harq rounds', 0x6f6f, null],
      [35, 'contention-resolution', 'fail', 'contention resolution timer expired', 0x7a7a, null],
      [36, 'msg4', 'fail', 'msg4 not acknowledged', 0x7b7b, null],
      [38, 'msg3', 'fail', 'msg3 not received', 0x7d7d, null],
      [39, 'msg3', 'fail', 'unknown c-rnti in msg3', 0x7e7e, null],
      [40, 'complete', 'ok', null, 0x7f7f, null],
      [41, 'complete', 'ok', null, 0x7a10, null],
      [44, 'msg4', null, null, 0x3c3c, null], // "Generate msg4", lower case in some versions
    ]);
    // A Msg4 NACK is a DL retransmission without a grant line of its own.
    expect(at(37)).toMatchObject([{ kind: 'harq', dir: 'dl', event: 'retx', rnti: 0x7c7c }]);
  });
});

describe('oai-gnb: a preamble whose lines name no RNTI', () => {
  const preamble =
    '[MAC]   [gNB 0][RAPROC] CC_id 0 Frame 751, Slot 19  Initiating RA procedure for preamble index 63';
  const msg3 =
    '[MAC]   [gNB 0][RAPROC] PUSCH with TC_RNTI c497 received correctly and UE_id 0 is now 5G connected';
  const later = (frame: number) => `[MAC]   Frame ${frame}, slot 0: Adding BCH PDU in position 0`;
  const ra = (lines: string[]) =>
    ofKind(parseLines(oaiGnbFormat, lines).records, 'ra').map((r) => [r.line, r.step, r.rnti]);

  it('is the attempt of the RNTI that Msg3 names soon after', () => {
    // Frame 752: 10 ms after the preamble.
    expect(ra([preamble, later(752), msg3])).toEqual([
      [1, 'preamble', 0xc497],
      [3, 'msg3', 0xc497],
    ]);
  });

  it("stays the cell's when no step names an RNTI within the procedure's time", () => {
    // Frame 800: 490 ms after the preamble, another procedure's Msg3.
    expect(ra([preamble, later(800), msg3])).toEqual([
      [1, 'preamble', null],
      [3, 'msg3', 0xc497],
    ]);
    // Nor at the end of the log.
    expect(ra([preamble])).toEqual([[1, 'preamble', null]]);
  });

  it('is claimed once: the Msg4 of the same RNTI leaves the next waiting preamble alone', () => {
    // Two UEs send preambles in the same frame. c497's Msg3 claims the first; its Msg4,
    // 10 ms later, is the same attempt's and must not take the second UE's preamble.
    const second = preamble.replace('index 63', 'index 12');
    const msg4 = '[NR_MAC]   UE c497 Generate Msg4: feedback at  752.17, payload 225 bytes';
    expect(ra([preamble, second, later(752), msg3, msg4, later(800)])).toEqual([
      [1, 'preamble', 0xc497],
      [4, 'msg3', 0xc497],
      [5, 'msg4', 0xc497],
      [2, 'preamble', null],
    ]);
  });
});

describe('oai-enb: random-access lines of the eNB scheduler (enb-ra.log)', () => {
  // Written by us from the formats of eNB_scheduler_RA.c and eNB_scheduler.c.
  const lines = splitLines(readFileSync(fixture('enb-ra.log'), 'utf8'));
  const { records, counts } = parseLines(oaiEnbFormat, lines);

  it('gives each step one record, timed by frame and subframe', () => {
    expect(counts).toEqual({ lines: 9, record: 9, other: 0, unrecognised: 0 });
    const ms = (r: MacRecord) => r.tSec * 1000 + r.tNsec / 1e6;
    expect(records.map((r) => [r.line, r.kind, ms(r), r.rnti])).toEqual([
      // Preamble and RAR name no RNTI: the first line that does is Msg4's (no Msg3 line).
      [1, 'ra', 4, 0x43eb], // preamble: frame 9 (the first frame named) subframe 4
      [3, 'ra', 7, 0x43eb], // RAR
      [4, 'ra', 12, 0x43eb], // Msg4: frame 10 subframe 2 = 10 ms + 2 ms
      [5, 'harq', 18, 0x43eb], // Msg4 NACK: retransmission
      [6, 'ra', 26, null], // Msg4 acknowledged
      [7, 'ue', 26, 0x43eb], // UL failure timer 1 (timer 2 continues it)
      [9, 'ue', 26, 0x43eb], // radio link failure
    ]);
    expect(ofKind(records, 'ra').map((r) => [r.step, r.outcome, r.preamble, r.ta])).toEqual([
      ['preamble', null, 12, 4],
      ['rar', null, null, null],
      ['msg4', null, null, null],
      ['complete', 'ok', null, null],
    ]);
    expect(ofKind(records, 'ue').map((r) => r.event)).toEqual(['ul-failure', 'rlf']);
  });
});

describe('oai: colour codes and bad input', () => {
  const ulError =
    '[MAC]   [eNB 0][PUSCH 6] CC_id 0 740.6 ULSCH in error in round 0, ul_cqi 132, ' +
    'UE_id 0, RNTI 43eb (len 63)';

  it('gives the same records with colour codes before the tag and inside the line', () => {
    const plain = parseLines(oaiEnbFormat, [ulError]);
    const coloured = parseLines(oaiEnbFormat, [
      '\x1b[0m\x1b[0m\x1b[93m' + ulError.replace('ULSCH', '\x1b[1;31mULSCH\x1b[0m'),
    ]);
    expect(coloured.records).toEqual(plain.records);
    expect(plain.records.length).toBe(1);
  });

  it('rejects control characters and lines of other loggers, accepts printf output', () => {
    const { counts, unrecognised } = parseLines(oaiGnbFormat, [
      'binary \x00\x01 garbage',
      '2024-05-01T10:00:00.123456 [MAC     ] I [ 10.4] not an OAI line',
      '12:00:01.000000 [PHY] not an OAI line either',
      'PUCCH 0 : maxpos 3',
      '    <criticality><reject/></criticality>',
      '   ',
    ]);
    expect(unrecognised.map((u) => u.line)).toEqual([1, 2, 3]);
    expect(counts).toEqual({ lines: 6, record: 0, other: 3, unrecognised: 3 });
  });

  it('writes a block cut off by the end of the file, and survives truncated lines', () => {
    const { records, counts } = parseLines(oaiNrMacStatsFormat, [
      'UE RNTI 49b1 CU-UE-ID 1 in-sync PH 44 dB PCMAX 22 dBm, average RSRP -72 (20 meas)',
      'UE 49b1: dlsch_rounds 90539/14/0/0, dlsch_errors 0, pucch0_D',
    ]);
    expect(counts.record).toBe(2);
    expect(ofKind(records, 'stats')[0].values).toMatchObject({
      dlsch_round1: 90539,
      dl_errors: 0,
    });
    const cut = parseLines(oaiGnbFormat, [
      '[NR_MAC]   UE 177b: Msg3 sched',
      '[NR_MAC]    127.17 PUSCH with TC_RNT',
      '[NR_MAC]   ULSCH/PUSCH:   10. 6 RNTI 4a11 UL sch',
    ]);
    expect(cut.counts.unrecognised).toBe(0);
  });
});

describe('oai: frame clock', () => {
  it('counts SFN wraps and gives seconds since the first frame seen', () => {
    const clock = new FrameClock();
    clock.setNumerology(1);
    clock.observe(1000, 0);
    clock.observe(2, 10); // wrapped: 26 frames later, plus 10 slots of 0.5 ms
    expect([clock.tSec, clock.tNsec]).toEqual([0, 265_000_000]);
  });

  it('takes a frame a little behind the last one as a late line, not as a wrap', () => {
    const clock = new FrameClock();
    clock.observe(100, 0);
    clock.observe(98, 0);
    expect([clock.tSec, clock.tNsec]).toEqual([0, 0]); // before the start: clamped to 0
    clock.observe(110, 0);
    expect([clock.tSec, clock.tNsec]).toEqual([0, 100_000_000]);
    clock.observe(50, 0); // 60 frames back: too far for a late line, so a wrap
    expect(clock.tSec).toBe(9);
  });

  it('infers the slots per frame from the slot numbers when not configured', () => {
    const clock = new FrameClock();
    expect(clock.slotsPerFrame()).toBe(10);
    clock.observe(0, 19);
    expect(clock.slotsPerFrame()).toBe(20);
    expect(clock.slotsBetween(0, 19, 1, 1)).toBe(2);
  });
});
