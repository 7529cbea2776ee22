/**
 * srsLTE (`srslte-log`) and srsRAN 4G (`srsran4g-log`) file logs. Expected numbers are
 * counted in the test itself with deliberately simple regexes over the sample text, or
 * written out by hand for single lines; the parser is never used to compute them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import type { MacRecord } from '../../src-shared/records.js';
import {
  srslteLogFormat,
  srsran4gLogFormat,
  startsWithTime,
} from '../../src-main/engine/formats/srs4g-log.js';
import type { FormatDefinition } from '../../src-main/engine/formats/types.js';
import { parseLines, splitLines, type LinesOutcome } from '../../src-main/engine/run-lines.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const samples = path.resolve(repoRoot, '..', 'shared', 'samples');
const fixtures = path.resolve(repoRoot, 'test', 'fixtures', 'srs4g-log');

function sampleLines(name: string): string[] {
  return splitLines(readFileSync(path.join(samples, name), 'utf8'));
}

const cache = new Map<string, { lines: string[]; out: LinesOutcome }>();
function parsed(name: string): { lines: string[]; out: LinesOutcome } {
  let hit = cache.get(name);
  if (!hit) {
    const lines = sampleLines(name);
    const format = name.startsWith('srsran4g') ? srsran4gLogFormat : srslteLogFormat;
    hit = { lines, out: parseLines(format, lines) };
    cache.set(name, hit);
  }
  return hit;
}

type Kind = MacRecord['kind'];
type Of<K extends Kind> = Extract<MacRecord, { kind: K }>;
function ofKind<K extends Kind>(records: MacRecord[], kind: K): Of<K>[] {
  return records.filter((r): r is Of<K> => r.kind === kind);
}

/** Lines matching `re`, with the first capture group of each. */
function grep(lines: string[], re: RegExp): RegExpMatchArray[] {
  return lines.map((l) => l.match(re)).filter((m): m is RegExpMatchArray => m !== null);
}

function countBy<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const hex = (v: string) => parseInt(v, 16);

/** Seconds since midnight and nanoseconds of a `HH:MM:SS.ffffff` time. */
function clock(t: string): { tSec: number; tNsec: number } {
  const [h, m, s] = t.split(':');
  const [whole, frac] = s.split('.');
  return {
    tSec: Number(h) * 3600 + Number(m) * 60 + Number(whole),
    tNsec: Number(frac.padEnd(9, '0')),
  };
}

function base(line: number, time: string, rnti: number | null, cell: string | null = null) {
  return { ...clock(time), line, cell, ue: null, rnti };
}

describe('sniff and record starts', () => {
  const firstLines = (name: string) =>
    sampleLines(name)
      .filter((l) => l.length > 0)
      .slice(0, 200);

  it.each([
    'srslte-enb-rach.log',
    'srslte-ue-rach.log',
    'srslte-enb-debug.log',
    'srslte-enb-bsr-phr-harq.log',
  ])('claims %s as srsLTE and not as srsRAN 4G', (name) => {
    expect(srslteLogFormat.sniff(firstLines(name))).toBeGreaterThan(0.9);
    expect(srsran4gLogFormat.sniff(firstLines(name))).toBe(0);
  });

  it('claims the 21.10 log as srsRAN 4G and not as srsLTE', () => {
    expect(srsran4gLogFormat.sniff(firstLines('srsran4g-enb-21.10.log'))).toBeGreaterThan(0.9);
    expect(srslteLogFormat.sniff(firstLines('srsran4g-enb-21.10.log'))).toBe(0);
  });

  it('leaves the srsRAN Project gNB log (8-character tags) and OAI logs alone', () => {
    for (const name of [
      'srsran-gnb-nr.log',
      'oai-enb-lte-2020.log',
      'srsran-gnb-console-v23.log',
    ]) {
      expect(srsran4gLogFormat.sniff(firstLines(name))).toBeLessThan(0.2);
      expect(srslteLogFormat.sniff(firstLines(name))).toBe(0);
    }
  });

  it('lets a range start only on a timestamped line', () => {
    const oldLine = '07:41:30.857309 [MAC ] [I] [05216] RACH:  tti=5201';
    const newLine = '2023-04-21T15:48:49.354179 [ENB    ] [I] x';
    expect(srslteLogFormat.isRecordStart?.(oldLine)).toBe(true);
    expect(srslteLogFormat.isRecordStart?.('             0000: 00 11 00 2d')).toBe(false);
    expect(srsran4gLogFormat.isRecordStart?.(newLine)).toBe(true);
    expect(srsran4gLogFormat.isRecordStart?.('    0010: 82 99 45 ab')).toBe(false);
  });

  it('tells timestamped lines from dump lines', () => {
    expect(startsWithTime('07:41:30.857309 [MAC ] [I] [05216] RACH:  tti=5201', 'clock')).toBe(
      true,
    );
    expect(startsWithTime('             0000: 00 11 00 2d', 'clock')).toBe(false);
    expect(startsWithTime('2023-04-21T15:48:49.354179 [ENB    ] [I] x', 'clock')).toBe(false);
    expect(startsWithTime('2023-04-21T15:48:49.354179 [ENB    ] [I] x', 'iso')).toBe(true);
    expect(startsWithTime('    0010: 82 99 45 ab', 'iso')).toBe(false);
    expect(startsWithTime('07:41:30.857309 [MAC ] [I] [05216] RACH:', 'iso')).toBe(false);
  });
});

describe('srslte-enb-rach.log (eNB side of a failed random access)', () => {
  const { lines, out } = parsed('srslte-enb-rach.log');

  it('classifies every line, dumps and banners as Other', () => {
    expect(out.counts.unrecognised).toBe(0);
    expect(out.counts.record + out.counts.other).toBe(lines.length);
  });

  it('has one decode per PUSCH line, failures per RNTI as the log counts them', () => {
    const ko = grep(lines, /PUSCH: rnti=0x(\w+),.*crc=KO/);
    const decodes = ofKind(out.records, 'decode');
    expect(decodes.length).toBe(grep(lines, /PUSCH: .*crc=/).length);
    expect(
      countBy(
        decodes.filter((d) => !d.ok),
        (d) => String(d.rnti),
      ),
    ).toEqual(countBy(ko, (m) => String(hex(m[1]))));
  });

  it('has one UL grant per scheduler UL line, Msg3 included, with the same TBS total', () => {
    const grantLines = grep(lines, /SCHED: (?:RAR tx|UL tx|UL retx) .*tbs=(\d+)/);
    const grants = ofKind(out.records, 'grant');
    expect(grants.length).toBe(grantLines.length);
    expect(sum(grants.map((g) => g.tbs ?? 0))).toBe(sum(grantLines.map((m) => Number(m[1]))));
    // Both UEs only ever got their Msg3 HARQ process: every grant is Msg3 or its retx.
    expect(grants.every((g) => g.msg3)).toBe(true);
  });

  it('reads the RACH, Msg3 retx, PUSCH and discard lines whole', () => {
    const at = (n: number) => out.records.filter((r) => r.line === n);
    expect(lines[41]).toContain('RACH:  tti=5201, preamble=9, offset=13, temp_crnti=0x46');
    expect(at(42)).toEqual([
      {
        kind: 'ra',
        ...base(42, '07:41:30.857309', 0x46),
        step: 'preamble',
        outcome: null,
        cause: null,
        preamble: 9,
        ta: 13,
      },
    ]);
    expect(lines[49]).toContain('SCHED: UL retx rnti=0x46, pid=3, dci=3,16, grant=(2,5), n_rtx=1');
    expect(at(50)).toEqual([
      {
        kind: 'grant',
        ...base(50, '07:41:30.867722', 0x46),
        dir: 'ul',
        harqId: 3,
        rv: null,
        retx: 1,
        mcs: 0, // from the PUSCH line that answers it
        prbStart: 2,
        prbCount: 3,
        tbs: 7,
        k: null,
        msg3: true,
      },
    ]);
    expect(lines[52]).toContain('PUSCH: rnti=0x46, prb=(2,5), tbs=7, mcs=0, rv=2, snr=0.2 dB');
    expect(at(53)).toEqual([
      {
        kind: 'decode',
        ...base(53, '07:41:30.875611', 0x46),
        dir: 'ul',
        ok: false,
        harqId: 3,
        retx: 1,
        rv: 2,
        tbs: 7,
        mcs: 0,
        sinrDb: 0.2,
      },
    ]);
    // The 4th failed transmission of Msg3: the TB and the random access are lost.
    expect(lines[80]).toContain('SCHED: discarting TB 0 pid=3, tti=5243');
    expect(at(81)).toEqual([
      {
        kind: 'harq',
        ...base(81, '07:41:30.892768', 0x46),
        dir: 'ul',
        event: 'discard',
        harqId: 3,
        retx: 3,
        tbs: 7,
      },
      {
        kind: 'ra',
        ...base(81, '07:41:30.892768', 0x46),
        step: 'msg3',
        outcome: 'fail',
        cause: 'msg3 crc',
        preamble: null,
        ta: null,
      },
    ]);
  });

  it('counts one attempt per RACH line and one discard per discard line', () => {
    const rach = grep(lines, /RACH: +tti=\d+, preamble=(\d+), offset=\d+, temp_crnti=0x(\w+)/);
    const ra = ofKind(out.records, 'ra');
    expect(ra.filter((r) => r.step === 'preamble').map((r) => [r.preamble, r.rnti])).toEqual(
      rach.map((m) => [Number(m[1]), hex(m[2])]),
    );
    expect(ra.filter((r) => r.outcome !== null).map((r) => r.outcome)).toEqual(['fail', 'fail']);
    expect(ofKind(out.records, 'harq').length).toBe(grep(lines, /discarting TB/).length);
  });

  it('sees each UE added and removed once', () => {
    const events = ofKind(out.records, 'ue').map((e) => `${e.event} ${e.rnti?.toString(16)}`);
    expect(events).toEqual(['created 46', 'created 47', 'removed 46', 'removed 47']);
  });
});

describe('srslte-ue-rach.log (the UE side of the same session)', () => {
  const { lines, out } = parsed('srslte-ue-rach.log');
  const ra = ofKind(out.records, 'ra');

  it('classifies every line', () => {
    expect(out.counts.unrecognised).toBe(0);
  });

  /** Line numbers (1-based) of the lines matching `re`. */
  const lineNos = (re: RegExp) => lines.flatMap((l, i) => (re.test(l) ? [i + 1] : []));

  /**
   * grep -c 'RA: *INIT: *Starting PRACH' srslte-ue-rach.log                       -> 29
   * grep -c 'RA: *PDCCH: *seq=' srslte-ue-rach.log                                -> 283
   * grep -c 'Maximum number of transmissions reached (10)' srslte-ue-rach.log     -> 28
   * Each of the 28 follows 10 preambles and an "RA response not received"; the 29th
   * procedure has sent 3 preambles when the log ends.
   */
  it('counts one attempt per procedure, its first preamble, and the procedures that gave up', () => {
    const starts = lineNos(/RA: +INIT: +Starting PRACH/);
    const preambles = lineNos(/RA: +PDCCH: +seq=\d+, ra-rnti=/);
    const gaveUp = lineNos(/Maximum number of transmissions reached \(10\)/);
    expect([starts.length, preambles.length, gaveUp.length]).toEqual([29, 283, 28]);
    const firstAfter = (n: number) => preambles.find((p) => p > n);

    const attempts = ra.filter((r) => r.step === 'preamble');
    expect(attempts.map((r) => r.line)).toEqual(starts.map(firstAfter));
    expect(attempts.every((r) => r.preamble === 1)).toBe(true); // seq=1 opens each one

    const decided = ra.filter((r) => r.outcome !== null);
    expect(decided.map((r) => r.line)).toEqual(gaveUp);
    expect(decided.every((r) => r.outcome === 'fail' && r.cause === 'no rar')).toBe(true);
    expect(decided.every((r) => r.step === 'rar')).toBe(true);
  });

  it('records each RAR window that passed as a step failure the procedure retries after', () => {
    const noRar = lineNos(/RA response not received within the response window/);
    expect(noRar.length).toBe(283);
    const retried = ra.filter((r) => r.cause === 'no rar' && r.outcome === null);
    expect(retried.map((r) => r.line)).toEqual(noRar);
  });

  it('names every record of the UE itself as its own UE', () => {
    expect(out.records.length).toBeGreaterThan(0);
    expect(out.records.every((r) => r.ue === 'srsue' && r.rnti === null)).toBe(true);
  });

  it('reports the radio-link failures that followed each procedure that gave up', () => {
    const rlf = lineNos(/\[RRC \] \[W\] Detected Radio-Link Failure/);
    const ue = ofKind(out.records, 'ue');
    expect(ue.filter((e) => e.event === 'rlf').map((e) => e.line)).toEqual(rlf);
    expect(ue.length).toBe(rlf.length);
    expect(rlf.length).toBe(28);
  });

  /**
   * The two logs overlap in time (07:40:02 to 07:42:41) but do not agree on the number of
   * attempts: the UE ran a procedure of up to 10 preambles every few seconds for minutes,
   * and the eNB detected two preambles. What does agree: the eNB detected exactly the
   * first two preambles of the UE's last procedure, in the TTIs the UE sent them in, and
   * the eNB saw both of its attempts fail (no Msg3); the UE's log ends before that
   * procedure is decided (it got no RAR).
   */
  it('matches the two eNB-detected preambles to the last procedure of the UE by TTI', () => {
    const enb = parsed('srslte-enb-rach.log');
    const enbAttempts = ofKind(enb.out.records, 'ra').filter((r) => r.step === 'preamble');
    const enbTtis = enbAttempts.map((r) => Number(enb.lines[r.line - 1].match(/tti=(\d+)/)![1]));
    expect(enbTtis).toEqual([5201, 5231]);

    const lastStart = lineNos(/RA: +INIT: +Starting PRACH/).pop()!;
    const sent = enbTtis.map((tti) =>
      lineNos(new RegExp(`RA: +PDCCH: +seq=\\d+, .*ra-tti=${tti}$`)),
    );
    expect(sent.every((n) => n.length === 1 && n[0] > lastStart)).toBe(true);

    // One attempt on the UE side: the first of the two; the second is its retry.
    const ueAttempts = ra.filter((r) => r.step === 'preamble' && r.line > lastStart);
    expect(ueAttempts.map((r) => r.line)).toEqual([sent[0][0]]);
    // Two clocks, one session: within a fraction of a second of each other.
    const [e, u] = [enbAttempts[0], ueAttempts[0]];
    expect(Math.abs(e.tSec + e.tNsec / 1e9 - (u.tSec + u.tNsec / 1e9))).toBeLessThan(0.5);

    expect(ra.filter((r) => r.line > lastStart && r.outcome !== null)).toEqual([]);
    expect(ra.filter((r) => r.line > lastStart && r.cause === 'no rar').length).toBe(3);
    const enbOutcomes = ofKind(enb.out.records, 'ra').filter((r) => r.outcome !== null);
    expect(enbOutcomes.map((r) => r.cause)).toEqual(['msg3 crc', 'msg3 crc']);
  });
});

describe('srslte-enb-debug.log (eNB at debug level, space-padded TTI)', () => {
  const { lines, out } = parsed('srslte-enb-debug.log');

  it('classifies every line, the JSON and hex dumps as Other', () => {
    expect(out.counts.unrecognised).toBe(0);
    expect(out.counts.lines).toBe(54635);
  });

  it('has one DL grant per scheduler DL line, with the same TBS total', () => {
    const dl = grep(lines, /SCHED: DL (?:tx|retx) rnti=0x\w+, .*tbs=(\d+)/);
    const grants = ofKind(out.records, 'grant').filter((g) => g.dir === 'dl');
    expect(grants.length).toBe(dl.length);
    expect(sum(grants.map((g) => g.tbs ?? 0))).toBe(sum(dl.map((m) => Number(m[1]))));
  });

  it('has one UL grant per scheduler UL or Msg3 line, with the same TBS total', () => {
    const ul = grep(lines, /SCHED: (?:UL tx|UL retx|Msg3 tx) rnti=0x\w+, .*tbs=(\d+)/);
    const grants = ofKind(out.records, 'grant').filter((g) => g.dir === 'ul');
    expect(grants.length).toBe(ul.length);
    expect(sum(grants.map((g) => g.tbs ?? 0))).toBe(sum(ul.map((m) => Number(m[1]))));
  });

  /**
   * This srsLTE logs the UL DCI without RNTI or HARQ process, in the TTI of the scheduler
   * line: `[ 7605] SCHED: UL tx rnti=0x46, ...` then `PDCCH: f=0, ..., mcs=0, rv=0, ...,
   * tti_tx_dl=7605`. Msg3 is granted by the RAR, not by a DCI, and keeps no MCS.
   */
  it('gives each UL grant the MCS of the DCI sent in its TTI, and makes no grant of a DCI', () => {
    const sched = grep(lines, /\[ *(\d+)\] SCHED: UL (?:tx|retx) rnti=0x46, /).map((m) => m[1]);
    const dci = grep(lines, /PDCCH: f=0, .*mcs=(\d+), rv=\d+, .*tti_tx_dl=(\d+)/);
    expect(dci.map((m) => m[2])).toEqual(sched); // one DCI per grant, in its TTI
    // Grant records are pushed once complete, not in line order.
    const ul = ofKind(out.records, 'grant')
      .filter((g) => g.dir === 'ul')
      .sort((a, b) => a.line - b.line);
    expect(ul.filter((g) => !g.msg3).map((g) => g.mcs)).toEqual(dci.map((m) => Number(m[1])));
    expect(ul.filter((g) => g.msg3).every((g) => g.mcs === null)).toBe(true);
    expect(ul.length).toBe(grep(lines, /SCHED: (?:UL tx|UL retx|Msg3 tx) rnti=/).length);
  });

  it('decodes UL from PUSCH CRCs and DL from PUCCH ACK bits', () => {
    const decodes = ofKind(out.records, 'decode');
    const ul = decodes.filter((d) => d.dir === 'ul');
    const dl = decodes.filter((d) => d.dir === 'dl');
    expect(ul.filter((d) => d.ok).length).toBe(grep(lines, /PUSCH: rnti=.*crc=OK/).length);
    expect(ul.filter((d) => !d.ok).length).toBe(grep(lines, /PUSCH: rnti=.*crc=KO/).length);
    expect(dl.filter((d) => d.ok).length).toBe(grep(lines, /PUCCH: rnti=.*ack=1/).length);
    expect(dl.filter((d) => !d.ok).length).toBe(grep(lines, /PUCCH: rnti=.*ack=0/).length);
  });

  it('ties the NACKed first DL transmission and its retransmission to their grants', () => {
    expect(lines[23368]).toContain('PUCCH: rnti=0x46, f=1a, n_pucch=12, ack=0');
    expect(lines[23311]).toContain('SCHED: DL tx rnti=0x46, pid=0, mask=0x3e, dci=(3,0), n_rtx=0');
    const atLine = (n: number) => out.records.filter((r) => r.line === n);
    expect(atLine(23312)).toEqual([
      {
        kind: 'grant',
        ...base(23312, '03:43:29.398476', 0x46),
        dir: 'dl',
        harqId: 0,
        rv: 0, // from the PDSCH line, as are the MCS (PDCCH) and the PRB count
        retx: 0,
        mcs: 0,
        prbStart: null,
        prbCount: 10,
        tbs: 32,
        k: null,
        msg3: false,
      },
    ]);
    const dlDecode = (line: number, time: string, ok: boolean, retx: number, rv: number) => ({
      kind: 'decode',
      ...base(line, time, 0x46),
      dir: 'dl',
      ok,
      harqId: 0,
      retx,
      rv,
      tbs: 32,
      mcs: 0,
      sinrDb: null,
    });
    expect(atLine(23369)).toEqual([dlDecode(23369, '03:43:29.406549', false, 0, 0)]);
    expect(atLine(23419)).toEqual([dlDecode(23419, '03:43:29.414521', true, 1, 2)]);
  });

  it('counts the discard logged before the PHY logs the last failed PUSCH', () => {
    expect(lines[25522]).toContain('SCHED: discarting TB 0 pid=5, tti=7653');
    expect(lines[25523]).toContain('PUSCH: rnti=0x46, rb=(2,11), nof_re=1440, tbs=53');
    expect(ofKind(out.records, 'harq')).toEqual([
      {
        kind: 'harq',
        ...base(25523, '03:43:29.790410', 0x46),
        dir: 'ul',
        event: 'discard',
        harqId: 5,
        retx: 3,
        tbs: 53,
      },
    ]);
  });

  it('reads BSR, PHR and CQI as the log prints them', () => {
    const bsrLines = grep(lines, /CE: +Received (Short|Long) BSR rnti=0x\w+, .*value=([\d,]+)/);
    const bsr = ofKind(out.records, 'bsr');
    expect(bsr.map((b) => [b.type, b.bytes])).toEqual(
      bsrLines.map((m) => [m[1].toLowerCase(), sum(m[2].split(',').map(Number))]),
    );
    const phr = grep(lines, /CE: +Received PHR from rnti=0x\w+, value=(-?\d+)/);
    expect(ofKind(out.records, 'phr').map((p) => p.phDb)).toEqual(phr.map((m) => Number(m[1])));
    const cqi = grep(lines, /PUCCH: rnti=.*cqi=(\d+)/);
    expect(ofKind(out.records, 'csi').map((c) => c.cqi)).toEqual(cqi.map((m) => Number(m[1])));
  });

  it('decides every random-access attempt: one Msg3 decoded, ten never received', () => {
    const rachRntis = grep(lines, /RACH: +tti=.*temp_crnti=0x(\w+)/).map((m) => hex(m[1]));
    const puschRntis = new Set(grep(lines, /PUSCH: rnti=0x(\w+)/).map((m) => hex(m[1])));
    const ra = ofKind(out.records, 'ra').filter((r) => r.outcome !== null);
    expect(ra.filter((r) => r.outcome === 'ok').map((r) => r.rnti)).toEqual(
      rachRntis.filter((r) => puschRntis.has(r)),
    );
    expect(ra.filter((r) => r.outcome === 'fail').map((r) => [r.rnti, r.cause])).toEqual(
      rachRntis.filter((r) => !puschRntis.has(r)).map((r) => [r, 'no msg3']),
    );
  });

  it('does not take the RRC reconfiguration of a UE for a new UE', () => {
    const added = grep(lines, /SCHED: Added user rnti=0x(\w+)/).map((m) => m[1]);
    expect(added.length).toBe(12);
    expect(ofKind(out.records, 'ue').filter((e) => e.event === 'created').length).toBe(
      new Set(added).size,
    );
  });
});

describe('srslte-enb-bsr-phr-harq.log (srsLTE 2017, one retransmission allowed)', () => {
  const { lines, out } = parsed('srslte-enb-bsr-phr-harq.log');

  it('classifies every line', () => {
    expect(out.counts.unrecognised).toBe(0);
  });

  /**
   * This srsLTE decodes 163 of its 193 PUSCHs with another size than the scheduler line of
   * that TTI and HARQ process says (`grant=(2,18) ... tbs=573`, then `prb=(0,20), tbs=717
   * ... crc=OK`, PHICH `I_lowest=0`): a CRC passes only on the size the UE sent, so that
   * is the grant the UE got, and the grant records take it. Each PUSCH answers one grant
   * (192 UL tx and the Msg3's RAR tx), so the UL grant total is the PUSCH total:
   *   grep -o 'PUSCH: rnti=.*tbs=[0-9]*' srslte-enb-bsr-phr-harq.log | sed 's/.*tbs=//' |
   *     awk '{s+=$1; n++} END {print n, s}'                              -> 193 126439
   * where the scheduler lines add up to 86551.
   */
  it('has grants and decodes for every scheduler and PHY line, the grants of the size sent', () => {
    const ul = grep(lines, /SCHED: (?:UL tx|UL retx|RAR tx) rnti=.*tbs=(\d+)/);
    const dl = grep(lines, /SCHED: DL (?:tx|retx) rnti=.*tbs=(\d+)/);
    const pusch = grep(lines, /PUSCH: rnti=.*tbs=(\d+)/);
    expect([ul.length, sum(ul.map((m) => Number(m[1])))]).toEqual([193, 86551]);
    expect([pusch.length, sum(pusch.map((m) => Number(m[1])))]).toEqual([193, 126439]);
    const grants = ofKind(out.records, 'grant');
    const ulGrants = grants.filter((g) => g.dir === 'ul');
    const dlGrants = grants.filter((g) => g.dir === 'dl');
    expect(ulGrants.length).toBe(ul.length);
    expect(sum(ulGrants.map((g) => g.tbs!))).toBe(126439);
    expect(dlGrants.length).toBe(dl.length);
    expect(sum(dlGrants.map((g) => g.tbs!))).toBe(sum(dl.map((m) => Number(m[1]))));

    const decodes = ofKind(out.records, 'decode');
    expect(decodes.filter((d) => d.dir === 'ul').length).toBe(grep(lines, /PUSCH: .*crc=/).length);
    expect(decodes.filter((d) => d.dir === 'dl').length).toBe(grep(lines, /ack=\d/).length);
    // Every decode found the grant it answers.
    expect(decodes.every((d) => d.harqId !== null && d.retx === 0)).toBe(true);
  });

  /**
   * This srsLTE printed "discarting TB" after the last allowed transmission of every TB,
   * acknowledged or not. Nothing failed in this log, so not one of them is a loss.
   */
  it('does not count the discard lines of acknowledged TBs as losses', () => {
    expect(grep(lines, /discarting TB/).length).toBe(243);
    expect(grep(lines, /crc=KO|ack=0/).length).toBe(0);
    expect(ofKind(out.records, 'harq')).toEqual([]);
    expect(out.records.some((r) => lines[r.line - 1].includes('discarting'))).toBe(false);
  });

  it('reads short and long BSRs in bytes and PHRs in dB', () => {
    const short = grep(lines, /Received Short BSR rnti=0x\w+, lcg=(\d+), value=(\d+)/);
    const long = grep(lines, /Received Long BSR rnti=0x\w+, value=([\d,]+)/);
    const bsr = ofKind(out.records, 'bsr');
    expect(bsr.filter((b) => b.type === 'short').map((b) => [b.lcg, b.bytes])).toEqual(
      short.map((m) => [Number(m[1]), Number(m[2])]),
    );
    expect(bsr.filter((b) => b.type === 'long').map((b) => b.bytes)).toEqual(
      long.map((m) => sum(m[1].split(',').map(Number))),
    );
    const phr = grep(lines, /Received PHR from rnti=0x\w+, value=(-?\d+)/);
    expect(ofKind(out.records, 'phr').map((p) => p.phDb)).toEqual(phr.map((m) => Number(m[1])));
    expect(ofKind(out.records, 'csi').length).toBe(grep(lines, /PUCCH: .*cqi=\d+/).length);
  });

  it('completes a DL grant with the MCS and PRBs of its PDSCH line', () => {
    expect(lines[58]).toContain(
      'SCHED: DL tx rnti=0x46, pid=0, mask=0x1c000, dci=3,0, n_rtx=0, tbs=28',
    );
    expect(lines[64]).toContain('l_crb= 9, mask=0x1c000, harq=0, tti_tx_dl=8212');
    expect(out.records.filter((r) => r.line === 59)).toEqual([
      {
        kind: 'grant',
        ...base(59, '12:23:24.513484', 0x46),
        dir: 'dl',
        harqId: 0,
        rv: 0,
        retx: 0,
        mcs: 0,
        prbStart: null,
        prbCount: 9,
        tbs: 28,
        k: null,
        msg3: false,
      },
    ]);
  });

  it('decides the one random access as successful on its Msg3 CRC', () => {
    const ra = ofKind(out.records, 'ra');
    expect(ra.map((r) => `${r.step} ${r.outcome}`)).toEqual([
      'preamble null',
      'rar null',
      'msg3 ok',
      'contention-resolution null',
    ]);
  });
});

describe('srsran4g-enb-21.10.log (srsRAN 4G 21.10, cut at 4 KB)', () => {
  const { lines, out } = parsed('srsran4g-enb-21.10.log');

  it('reports the cut-off last line, and only it, as unrecognised', () => {
    expect(lines[lines.length - 1]).toBe('2023-04-21T16:03:10.4189');
    expect(out.unrecognised).toEqual([{ line: lines.length, text: '2023-04-21T16:03:10.4189' }]);
  });

  it('uses the ISO timestamps as Unix time', () => {
    const first = out.records[0];
    expect(lines[first.line - 1]).toMatch(/^2023-04-21T15:49:25\.032905 \[MAC {4}\]/);
    expect([first.tSec, first.tNsec]).toEqual([Date.UTC(2023, 3, 21, 15, 49, 25) / 1000, 32905000]);
  });

  it('decides five attempts by their Msg3 CRC', () => {
    const ra = ofKind(out.records, 'ra');
    const rach = grep(
      lines,
      /RACH: +tti=\d+, cc=0, preamble=(\d+), offset=\d+, temp_crnti=0x(\w+)/,
    );
    expect(
      ra.filter((r) => r.step === 'preamble').map((r) => [r.preamble, r.rnti, r.cell]),
    ).toEqual(rach.map((m) => [Number(m[1]), hex(m[2]), '0']));
    expect(ra.filter((r) => r.step === 'rar').length).toBe(grep(lines, /SCHED: RAR, /).length);
    expect(ra.filter((r) => r.outcome === 'ok').length).toBe(grep(lines, /PUSCH: .*crc=OK/).length);
    expect(ra.filter((r) => r.outcome === 'fail').length).toBe(0);
  });

  it('reads the Msg3 grant, its PUSCH and the DL grant with the 21.x field shapes', () => {
    const n = lines.findIndex((l) => l.includes('SCHED: Msg3 tx rnti=0x46')) + 1;
    expect(lines[n - 1]).toContain('pid=0, dci=(0,0), prb=[2, 5), n_rtx=0, cfi=1, tbs=7');
    const msg3 = out.records.find((r) => r.line === n);
    expect(msg3).toMatchObject({ kind: 'grant', dir: 'ul', prbStart: 2, prbCount: 3, msg3: true });

    const p = lines.findIndex((l) => l.includes('PUSCH: cc=0, rnti=0x46')) + 1;
    expect(out.records.filter((r) => r.line === p)).toEqual([
      {
        kind: 'decode',
        tSec: Date.UTC(2023, 3, 21, 15, 49, 25) / 1000,
        tNsec: 137640000,
        line: p,
        cell: '0',
        ue: null,
        rnti: 0x46,
        dir: 'ul',
        ok: true,
        harqId: 0,
        retx: 0,
        rv: 0,
        tbs: 7,
        mcs: null,
        sinrDb: 104.8,
      },
      {
        kind: 'ra',
        tSec: Date.UTC(2023, 3, 21, 15, 49, 25) / 1000,
        tNsec: 137640000,
        line: p,
        cell: '0',
        ue: null,
        rnti: 0x46,
        step: 'msg3',
        outcome: 'ok',
        cause: null,
        preamble: null,
        ta: null,
      },
    ]);

    const dl = grep(lines, /SCHED: DL tx rnti=0x\w+, cc=0, .*tbs=(\d+), .*tti_tx_dl=\d+/);
    const grants = ofKind(out.records, 'grant').filter((g) => g.dir === 'dl');
    expect(grants.map((g) => [g.tbs, g.mcs, g.cell])).toEqual(
      dl.map((m) => [Number(m[1]), 1, '0']), // MCS from the PDCCH line: mcs={1}
    );
    // The last DL grant's ACK was cut off with the file.
    expect(ofKind(out.records, 'decode').filter((d) => d.dir === 'dl').length).toBe(
      grep(lines, /PUCCH: .*ack=1/).length,
    );
  });

  it('keeps the adaptive link lines as statistics, the DL CQI under the well-known key', () => {
    const stats = ofKind(out.records, 'stats');
    expect(stats.length).toBe(grep(lines, /SCHED: (DL|UL) adaptive link/).length);
    expect(stats[0]).toMatchObject({
      source: 'srsran-ul-adaptive-link',
      rnti: 0x46,
      scope: 'ue',
      periodSec: null,
      values: { ul_snr_estimate_db: 5, ul_last_mcs: 0, ul_snr_offset_db: 0.001 },
    });
    // SCHED: DL adaptive link: rnti=0x46, cqi=5, last_mcs=1, cqi_offset=0.001000
    expect(stats[1]).toMatchObject({
      source: 'srsran-dl-adaptive-link',
      rnti: 0x46,
      values: { cqi: 5, dl_last_mcs: 1, dl_cqi_offset: 0.001 },
    });
    // No PHY line of this log carries a CQI report: the KPI comes from these statistics.
    expect(ofKind(out.records, 'csi')).toEqual([]);
  });
});

describe('bad input and lines the samples lack', () => {
  const run = (format: FormatDefinition, lines: string[]) => parseLines(format, lines);
  const iso = (ms: string, tag: string, tti: string, text: string) =>
    `2023-04-21T15:49:25.${ms} [${tag.padEnd(7)}] [I] [${tti.padStart(5)}] ${text}`;

  it('reads CRLF lines with colour codes like the plain ones', () => {
    const text = readFileSync(path.join(fixtures, 'rach-crlf-colour.log'), 'utf8');
    expect(text).toContain('\r\n');
    expect(text).toContain('\x1b[1;33m');
    const plain = sampleLines('srslte-enb-rach.log').slice(40, 60);
    const a = run(srslteLogFormat, splitLines(text));
    const b = run(srslteLogFormat, plain);
    expect(a.counts).toEqual(b.counts);
    expect(a.records).toEqual(b.records);
    expect(a.records.length).toBeGreaterThan(5);
  });

  it('reads a field that a colour code was put into', () => {
    const out = run(srslteLogFormat, [
      '07:41:30.867657 [PHY0] [I] [05219] PUSCH: rnti=0x46, prb=(2,5), tbs=7, mcs=0, rv=0, ' +
        'snr=3.5 dB, n_iter=4, crc=\x1b[32mOK\x1b[0m, dec_time=  64 us',
    ]);
    expect(ofKind(out.records, 'decode')).toEqual([
      {
        kind: 'decode',
        ...base(1, '07:41:30.867657', 0x46),
        dir: 'ul',
        ok: true,
        harqId: null,
        retx: null,
        rv: 0,
        tbs: 7,
        mcs: 0,
        sinrDb: 3.5,
      },
    ]);
  });

  it('calls garbage Unrecognised, dumps after a header Other', () => {
    const out = run(srslteLogFormat, [
      'garbage before anything',
      '07:41:30.857309 [MAC ] [I] [05216] RACH:  tti=5201, preamble=9, offset=13, temp_crnti=0x46',
      '             0000: 49 01 a0 cc 0c 00 46 ',
      '  {',
      '    "message": "x"',
      '  }',
      'this line is not srsLTE',
      '07:41:30 [MAC ] [I] no fraction',
      '07:41:30.857309 [MAC ] no level',
    ]);
    expect(out.unrecognised.map((u) => u.line)).toEqual([1, 7, 8, 9]);
    expect(out.counts).toEqual({ lines: 9, record: 1, other: 4, unrecognised: 4 });
  });

  it('turns -nan and -inf into nulls', () => {
    const out = run(srsran4gLogFormat, [
      iso(
        '100000',
        'MAC',
        '352',
        'SCHED: UL adaptive link: rnti=0x46, snr_estim=-inf, last_mcs=0, snr_offset=-nan',
      ),
      iso(
        '100100',
        'PHY0',
        '352',
        'PUSCH: cc=0, rnti=0x46, rb=(2,4), nof_re=432, tbs=7, mod=2, rv=0, crc=KO, ' +
          'avg_iter=4.0, snr=-nan dB, epre=-inf dBfs, ta=-nan us, t=30 us',
      ),
    ]);
    expect(ofKind(out.records, 'stats')[0].values).toEqual({
      ul_snr_estimate_db: null,
      ul_last_mcs: 0,
      ul_snr_offset_db: null,
    });
    expect(ofKind(out.records, 'decode')[0]).toMatchObject({ ok: false, sinrDb: null, rv: 0 });
  });

  /** srsRAN 4G 21.x shapes, written from the format strings in its source. */
  it('reads 21.x MAC PDUs: BSR levels become bytes (TS 36.321 table), PHR in dB', () => {
    const out = run(srsran4gLogFormat, [
      iso('200000', 'MAC', '500', '0x46 UL PHR: ph=17 SBSR: lcg=1 b=12 LCID=3 len=100 PAD: len=2'),
      iso('200100', 'MAC', '510', '0x46 UL LBSR: b=0 12 0 63 LCID=3 len=50'),
      iso('200200', 'MAC', '520', '0x47 UL CRNTI: rnti=0x46 LCID=0 len=6'),
      iso('200300', 'MAC', '530', '0x46 UL LCID=3 len=100'),
    ]);
    expect(out.records.map((r) => ({ ...r, tSec: 0, tNsec: 0 }))).toEqual([
      {
        kind: 'phr',
        tSec: 0,
        tNsec: 0,
        line: 1,
        cell: null,
        ue: null,
        rnti: 0x46,
        phDb: 17,
        pcmaxDbm: null,
      },
      {
        kind: 'bsr',
        tSec: 0,
        tNsec: 0,
        line: 1,
        cell: null,
        ue: null,
        rnti: 0x46,
        type: 'short',
        lcg: 1,
        bytes: 57,
      },
      {
        kind: 'bsr',
        tSec: 0,
        tNsec: 0,
        line: 2,
        cell: null,
        ue: null,
        rnti: 0x46,
        type: 'long',
        lcg: null,
        bytes: 150057,
      },
      {
        kind: 'ue',
        tSec: 0,
        tNsec: 0,
        line: 3,
        cell: null,
        ue: null,
        rnti: 0x46,
        event: 'rnti-change',
        detail: 'C-RNTI control element',
        oldRnti: 0x47,
      },
    ]);
    expect(out.counts.other).toBe(1);
  });

  it('counts a 21.x DL discard after NACKs, and UL retransmissions with their own grants', () => {
    const dlTx = (ms: string, tti: string, kind: string, rtx: number, txTti: number) =>
      iso(
        ms,
        'MAC',
        tti,
        `SCHED: DL ${kind} rnti=0x46, cc=0, pid=2, mask=0x10000, dci=(3, 0), ` +
          `n_rtx=${rtx}, cfi=1, tbs=57, buffer=57/0, tti_tx_dl=${txTti}`,
      );
    const nack = (ms: string, tti: string) =>
      iso(
        ms,
        'PHY1',
        tti,
        'PUCCH: cc=0; rnti=0x46, f=1a, n_pucch=12, dmrs_corr=1.000, snr=9.0 dB, ' +
          'corr=1.000, ack=0, ta=0.0 us',
      );
    const out = run(srsran4gLogFormat, [
      dlTx('300000', '100', 'tx', 0, 104),
      iso(
        '300010',
        'PHY0',
        '100',
        'PDCCH: cc=0, rnti=0x46, f=1, cce= 0, L=2, rbg=0x10000, pid=2, mcs={9}, ndi={1}, ' +
          'tpc_pucch=1, tti_tx_dl=104',
      ),
      nack('300100', '108'),
      dlTx('300200', '112', 'retx', 1, 116),
      nack('300300', '120'),
      iso(
        '300400',
        'MAC',
        '128',
        'SCHED: discarding DL TB=0 pid=2, tti=116, maximum number of retx exceeded (2)',
      ),
    ]);
    const grants = ofKind(out.records, 'grant');
    expect(grants.map((g) => [g.retx, g.mcs, g.harqId])).toEqual([
      [0, 9, 2],
      [1, null, 2],
    ]);
    expect(ofKind(out.records, 'decode').map((d) => [d.ok, d.retx, d.tbs])).toEqual([
      [false, 0, 57],
      [false, 1, 57],
    ]);
    expect(ofKind(out.records, 'harq')).toEqual([
      {
        kind: 'harq',
        tSec: Date.UTC(2023, 3, 21, 15, 49, 25) / 1000,
        tNsec: 300400000,
        line: 6,
        cell: '0',
        ue: null,
        rnti: 0x46,
        dir: 'dl',
        event: 'discard',
        harqId: 2,
        retx: 1,
        tbs: 57,
      },
    ]);
  });

  it('counts a srsUE procedure that retried twice before it completed as one attempt', () => {
    const ue = (ms: string, text: string) => `07:41:30.${ms} [MAC ] [I] [05201] ${text}`;
    const out = run(srslteLogFormat, [
      ue('000001', 'RA:    INIT:   Starting PRACH by MAC order'),
      ue('000002', 'RA:    PDCCH:  seq=17, ra-rnti=0x2, ra-tti=5201, f_id=0'),
      ue('000003', 'RA response not received within the response window'),
      ue('000004', 'RA:    PDCCH:  seq=40, ra-rnti=0x2, ra-tti=5231, f_id=0'),
      ue('000005', 'RA:    Rx:     RAPID=40, TA=3, T-CRNTI=0x46'),
      ue('000006', 'RA:    ConRes: Starting ContentionResolutionTimer=64 ms'),
      ue('000007', 'RA:    ConRes: Contention Resolution Timer expired. Stopping PDCCH Search'),
      ue('000008', 'RA:    PDCCH:  seq=5, ra-rnti=0x2, ra-tti=5261, f_id=0'),
      ue('000009', 'RA:    Rx:     RAPID=5, TA=2, T-CRNTI=0x47'),
      ue('000010', 'RA:    ConRes: Random Access Complete.     c-rnti=0x47, ta=2'),
      ue('000011', 'RA:    PDCCH:  seq=9, ra-rnti=0x2, ra-tti=5291, f_id=0'),
    ]);
    const ra = ofKind(out.records, 'ra');
    expect(ra.map((r) => [r.line, r.step, r.outcome, r.cause])).toEqual([
      [2, 'preamble', null, null],
      [3, 'rar', null, 'no rar'],
      [5, 'rar', null, null],
      [6, 'msg3', null, null],
      [7, 'contention-resolution', null, 'contention resolution timer'],
      [9, 'rar', null, null],
      [10, 'complete', 'ok', null],
      // A preamble after the completed procedure opens the next attempt.
      [11, 'preamble', null, null],
    ]);
    expect(ra.every((r) => r.ue === 'srsue')).toBe(true);
    expect(out.counts).toMatchObject({ record: 8, other: 3 });
  });

  it('reads a successful srsUE random access, its BSR and CQI, and a radio-link failure', () => {
    const ue = (ms: string, text: string) => `07:41:30.${ms} [MAC ] [I] [05201] ${text}`;
    const out = run(srslteLogFormat, [
      ue('000001', 'RA:    PDCCH:  seq=17, ra-rnti=0x2, ra-tti=5201, f_id=0'),
      ue('000002', 'RA:    Rx:     RAPID=17, TA=3, T-CRNTI=0x46'),
      ue('000003', 'RA:    ConRes: Starting ContentionResolutionTimer=64 ms'),
      ue('000004', 'BSR:   Type Regular, Format Short, Value=0,120,0,0'),
      ue('000005', 'RA:    ConRes: Random Access Complete.     c-rnti=0x46, ta=3'),
      '07:41:31.000000 [RRC ] [W] Detected Radio-Link Failure',
      '07:41:31.500000 [RRC ] [I] UL RLF timer for rnti=0x46 expired after 4000 ms',
      '07:41:31.600000 [RRC ] [I] Setting RLF timer for rnti=0x46 to 4000ms',
    ]);
    const ra = ofKind(out.records, 'ra');
    expect(ra.map((r) => [r.step, r.outcome, r.rnti, r.preamble, r.ta])).toEqual([
      ['preamble', null, null, 17, null],
      ['rar', null, 0x46, 17, 3],
      ['msg3', null, null, null, null],
      ['complete', 'ok', 0x46, null, 3],
    ]);
    expect(ofKind(out.records, 'bsr')).toEqual([
      {
        kind: 'bsr',
        ...base(4, '07:41:30.000004', null),
        ue: 'srsue',
        type: 'short',
        lcg: 1,
        bytes: 120,
      },
    ]);
    // The UE's own failure, and the eNB's line that names the UE it lost.
    expect(ofKind(out.records, 'ue').map((e) => [e.event, e.ue, e.rnti])).toEqual([
      ['rlf', 'srsue', null],
      ['rlf', null, 0x46],
    ]);
  });
});
