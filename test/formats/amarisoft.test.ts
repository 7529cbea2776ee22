/**
 * Tests of the Amarisoft eNB/gNB format.
 *
 * We have no log captured from a real Amarisoft system. The fixture enb-nsa.log was written
 * by us from Amarisoft's published description of the lteenb log (see the comment at the top
 * of the parser): an LTE cell and an NR cell, three UEs, random access, DL/UL traffic with
 * NACKs, CRC failures and retransmissions, PHR/BSR, a midnight wrap and an NR SFN wrap.
 * Expected values below come from simple regexes over that text, or were checked by hand.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import type { MacRecord } from '../../src-shared/records.js';
import { amarisoftFormat } from '../../src-main/engine/formats/amarisoft.js';
import { stripAnsi } from '../../src-main/engine/formats/text.js';
import { parseLines, splitLines } from '../../src-main/engine/run-lines.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixturePath = path.join(repoRoot, 'test', 'fixtures', 'amarisoft', 'enb-nsa.log');
const fixtureText = readFileSync(fixturePath, 'utf8');
const fixture = splitLines(fixtureText);
const parsed = parseLines(amarisoftFormat, fixture);

/** 1-based number of the only fixture line containing `text`. */
function lineOf(text: string): number {
  const hits = fixture.flatMap((l, i) => (l.includes(text) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${hits.length} fixture lines contain "${text}"`);
  return hits[0];
}

function recordsOf(line: number, records: MacRecord[] = parsed.records): MacRecord[] {
  return records.filter((r) => r.line === line);
}

function count(pattern: RegExp): number {
  return fixture.filter((l) => pattern.test(l)).length;
}

/** Sum of every `key=<number>` on the lines that match `pattern`. */
function sumOf(pattern: RegExp, key: string): number {
  const re = new RegExp(`\\b${key}=(\\d+)`, 'g');
  let sum = 0;
  for (const l of fixture.filter((x) => pattern.test(x))) {
    for (const m of l.matchAll(re)) sum += Number(m[1]);
  }
  return sum;
}

const PDSCH = /\[PHY\] DL .* PDSCH: harq=\d/; // harq=si lines are broadcast, not UE data
const PUSCH = /\[PHY\] UL .* PUSCH: /;

const byKind = <K extends MacRecord['kind']>(kind: K) =>
  parsed.records.filter((r): r is Extract<MacRecord, { kind: K }> => r.kind === kind);

describe('amarisoft: fixture written by us from the vendor description (not captured)', () => {
  it('classifies every line, none unrecognised', () => {
    expect(parsed.unrecognised).toEqual([]);
    expect(parsed.counts.lines).toBe(fixture.length);

    const recordLine = (l: string) =>
      PDSCH.test(l) ||
      PUSCH.test(l) ||
      / PRACH: /.test(l) ||
      / PUCCH: .*(ack|cqi)=/.test(l) ||
      /\[MAC\] .*(RAR:|tc_rnti=|SBSR:|LBSR:|PHR:| CR:)/.test(l) ||
      /\[RRC\] (UL .* CCCH.*request|UL .* setup complete|DL .* release)$/.test(l);
    expect(parsed.counts.record).toBe(fixture.filter(recordLine).length);
    expect(parsed.counts.other).toBe(fixture.length - parsed.counts.record);
  });

  it('counts PUSCH CRC failures per RNTI like grep does', () => {
    const expected = new Map<number, number>();
    for (const l of fixture) {
      const m = /\[PHY\] UL \S+ \S+ (\S+) .* PUSCH: .*crc=KO/.exec(l);
      if (m) expected.set(parseInt(m[1], 16), (expected.get(parseInt(m[1], 16)) ?? 0) + 1);
    }
    const actual = new Map<number, number>();
    for (const d of byKind('decode').filter((r) => r.dir === 'ul' && !r.ok)) {
      actual.set(d.rnti!, (actual.get(d.rnti!) ?? 0) + 1);
    }
    expect(actual).toEqual(expected);
    expect([...expected.keys()].sort((a, b) => a - b)).toEqual([0x3d, 0x3e, 0x4601]);
    expect(byKind('decode').filter((r) => r.dir === 'ul' && r.ok)).toHaveLength(
      count(/PUSCH: .*crc=OK/),
    );
  });

  it('makes one DL grant per PDSCH codeword, with the same bytes', () => {
    const dl = byKind('grant').filter((g) => g.dir === 'dl');
    expect(dl).toHaveLength(count(PDSCH) + count(/PDSCH: .*CW1:/));
    expect(dl.reduce((s, g) => s + g.tbs!, 0)).toBe(sumOf(PDSCH, 'tb_len'));
    expect(dl.filter((g) => g.retx === 0)).toHaveLength(
      count(/PDSCH: harq=\d.* retx=0/) + count(/CW1: .*retx=0/),
    );

    const ul = byKind('grant').filter((g) => g.dir === 'ul');
    expect(ul).toHaveLength(count(PUSCH));
    expect(ul.reduce((s, g) => s + g.tbs!, 0)).toBe(sumOf(PUSCH, 'tb_len'));
  });

  it('turns each HARQ-ACK bit into a DL decode tied to the PDSCH it answers', () => {
    const bits = fixture.flatMap((l) => /PUCCH: .*\back=([01]+)/.exec(l)?.[1]?.split('') ?? []);
    const dl = byKind('decode').filter((d) => d.dir === 'dl');
    expect(dl).toHaveLength(bits.length);
    expect(dl.filter((d) => !d.ok)).toHaveLength(bits.filter((b) => b === '0').length);

    // In this fixture every NACK is followed by one retransmission, so the failures of n-th
    // transmissions are the PDSCHs logged with retx=n+1; and every TB gets feedback.
    expect(dl.filter((d) => !d.ok && d.retx === 0)).toHaveLength(count(/PDSCH: .*retx=1/));
    expect(dl.filter((d) => !d.ok && d.retx === 1)).toHaveLength(count(/PDSCH: .*retx=2/));
    expect(dl.filter((d) => d.harqId === null)).toEqual([]);
    expect(dl.reduce((s, d) => s + d.tbs!, 0)).toBe(sumOf(PDSCH, 'tb_len'));
  });

  it('reads random access, BSR, PHR and CSI counts like grep does', () => {
    const ra = byKind('ra');
    expect(ra.filter((r) => r.step === 'preamble')).toHaveLength(count(/ PRACH: /));
    expect(ra.filter((r) => r.step === 'rar')).toHaveLength(count(/RAR: rapid=/));
    expect(ra.filter((r) => r.step === 'contention-resolution' && r.outcome === 'ok')).toHaveLength(
      count(/\[MAC\] DL .* CR:/),
    );
    expect(byKind('grant').filter((g) => g.msg3)).toHaveLength(4); // UE 0002 needed a retx
    expect(byKind('bsr')).toHaveLength(count(/SBSR:|LBSR:/));
    expect(byKind('phr')).toHaveLength(count(/PHR:ph=/));
    expect(byKind('csi')).toHaveLength(count(/ cqi=/));
    expect(byKind('ue').map((u) => `${u.ue} ${u.event}`)).toEqual([
      '0001 created',
      '0001 connected',
      '0002 created',
      '0003 created',
      '0002 connected',
      '0003 connected',
      '0002 release',
      '0003 release',
    ]);
  });

  it('keeps times of day: one step back at midnight, nothing else', () => {
    const times = parsed.records.map((r) => r.tSec + r.tNsec / 1e9);
    const backSteps = times.filter((t, i) => i > 0 && t < times[i - 1]);
    expect(backSteps).toHaveLength(1);
    expect(times[0]).toBeCloseTo(86398.004, 6);
    expect(times[times.length - 1]).toBeCloseTo(1.301, 6);
  });
});

describe('amarisoft: hand-checked records, our fixture written from the vendor text', () => {
  const ue2 = { cell: '01', ue: '0002', rnti: 0x3e };

  it('Msg3 with a CRC failure, then its retransmission', () => {
    const ko = lineOf('111.4 PUSCH: harq=0 prb=10:2 CW0: tb_len=7 mod=2 rv_idx=0 retx=0 crc=KO');
    const at = { tSec: 86398, tNsec: 114_000_000, line: ko, ...ue2 };
    expect(recordsOf(ko)).toEqual([
      {
        ...at,
        kind: 'grant',
        dir: 'ul',
        harqId: 0,
        rv: 0,
        retx: 0,
        mcs: null,
        prbStart: 10,
        prbCount: 2,
        tbs: 7,
        k: null,
        msg3: true,
      },
      {
        ...at,
        kind: 'decode',
        dir: 'ul',
        ok: false,
        harqId: 0,
        retx: 0,
        rv: 0,
        tbs: 7,
        mcs: null,
        sinrDb: -1.2,
      },
    ]);

    const ok = lineOf('112.2 PUSCH: harq=0');
    const at2 = { tSec: 86398, tNsec: 122_000_000, line: ok, ...ue2 };
    expect(recordsOf(ok)).toEqual([
      {
        ...at2,
        kind: 'grant',
        dir: 'ul',
        harqId: 0,
        rv: 2,
        retx: 1,
        mcs: null,
        prbStart: 10,
        prbCount: 2,
        tbs: 7,
        k: null,
        msg3: true,
      },
      {
        ...at2,
        kind: 'decode',
        dir: 'ul',
        ok: true,
        harqId: 0,
        retx: 1,
        rv: 2,
        tbs: 7,
        mcs: null,
        sinrDb: 3.8,
      },
      {
        ...at2,
        kind: 'ra',
        step: 'msg3',
        outcome: null,
        cause: null,
        preamble: null,
        ta: null,
      },
    ]);
  });

  it('a two-codeword PDSCH and the PUCCH ack=11 that answers it', () => {
    const pdsch = lineOf('158.2 PDSCH: harq=5 k1=4 prb=0:50 tx=cdd');
    const grant = {
      tSec: 86398,
      tNsec: 582_000_000,
      line: pdsch,
      ...ue2,
      kind: 'grant',
      dir: 'dl',
      harqId: 5,
      rv: 0,
      retx: 0,
      mcs: null,
      prbStart: 0,
      prbCount: 50,
      tbs: 3624,
      k: 4,
      msg3: false,
    };
    expect(recordsOf(pdsch)).toEqual([grant, grant]);

    const pucch = lineOf('158.6 PUCCH: format=1b n=13 ack=11');
    const decode = {
      tSec: 86398,
      tNsec: 586_000_000,
      line: pucch,
      ...ue2,
      kind: 'decode',
      dir: 'dl',
      ok: true,
      harqId: 5,
      retx: 0,
      rv: 0,
      tbs: 3624,
      mcs: null,
      sinrDb: null,
    };
    expect(recordsOf(pucch)).toEqual([decode, decode]);
  });

  it('NR HARQ feedback across the SFN wrap (1023.18 + k1=4 -> 0.2)', () => {
    const pucch = lineOf('4601     0.2 PUCCH:');
    expect(recordsOf(pucch)).toEqual([
      {
        tSec: 86398,
        tNsec: 271_000_000,
        line: pucch,
        cell: '02',
        ue: '0003',
        rnti: 0x4601,
        kind: 'decode',
        dir: 'dl',
        ok: true,
        harqId: 1,
        retx: 0,
        rv: 0,
        tbs: 12828,
        mcs: null,
        sinrDb: null,
      },
    ]);
  });

  it('PRACH, RAR, the RAR entry and contention resolution of UE 0001', () => {
    const none = { ue: null, rnti: null, cell: '01', outcome: null, cause: null };
    const prach = lineOf('PRACH: sequence_index=12');
    expect(recordsOf(prach)).toEqual([
      {
        tSec: 86398,
        tNsec: 4_000_000,
        line: prach,
        kind: 'ra',
        step: 'preamble',
        ...none,
        preamble: 12,
        ta: 5,
      },
    ]);
    const rar = lineOf('RAR: rapid=12');
    expect(recordsOf(rar)).toEqual([
      {
        tSec: 86398,
        tNsec: 8_000_000,
        line: rar,
        kind: 'ra',
        step: 'rar',
        ...none,
        preamble: 12,
        ta: null,
      },
    ]);
    // The UE's RAR entry yields no record itself: it marks the TC-RNTI's next PUSCH as Msg3.
    expect(recordsOf(lineOf('tc_rnti=0x003d'))).toEqual([]);
    expect(recordsOf(lineOf('tb_len=7 mod=2 rv_idx=0 retx=0 crc=OK snr=21.4'))[0]).toMatchObject({
      kind: 'grant',
      msg3: true,
    });

    const cr = lineOf('CR:3a1f09c2d47e');
    expect(recordsOf(cr)).toEqual([
      {
        tSec: 86398,
        tNsec: 20_000_000,
        line: cr,
        cell: '01',
        ue: '0001',
        rnti: 0x3d,
        kind: 'ra',
        step: 'contention-resolution',
        outcome: 'ok',
        cause: null,
        preamble: null,
        ta: null,
      },
    ]);
  });

  it('MAC control elements: short BSR + PHR, long BSR, NR single-entry PHR', () => {
    const sbsr = lineOf(
      '23:59:58.265 [MAC] UL 0001 01 LCID:3 len=596 SBSR:lcg=1 bs=1200 PHR:ph=21',
    );
    const at = { tSec: 86398, tNsec: 265_000_000, line: sbsr, cell: '01', ue: '0001', rnti: 0x3d };
    expect(recordsOf(sbsr)).toEqual([
      { ...at, kind: 'bsr', type: 'short', lcg: 1, bytes: 1200 },
      { ...at, kind: 'phr', phDb: 21, pcmaxDbm: null },
    ]);

    const lbsr = lineOf('LBSR:bitmap=0x03 bs(0)=0 bs(1)=2300');
    expect(recordsOf(lbsr)).toEqual([
      {
        tSec: 86398,
        tNsec: 445_000_000,
        line: lbsr,
        ...ue2,
        kind: 'bsr',
        type: 'long',
        lcg: null,
        bytes: 2300,
      },
    ]);

    const nr = lineOf('SBSR:lcg=2 bs=3000 SE_PHR:ph=30');
    const atNr = {
      tSec: 86398,
      tNsec: 184_000_000,
      line: nr,
      cell: '02',
      ue: '0003',
      rnti: 0x4601,
    };
    expect(recordsOf(nr)).toEqual([
      { ...atNr, kind: 'bsr', type: 'short', lcg: 2, bytes: 3000 },
      { ...atNr, kind: 'phr', phDb: 30, pcmaxDbm: 23 },
    ]);
  });

  it('CQI and rank from a PUCCH format 2 line', () => {
    const line = lineOf('132.8 PUCCH: format=2 n=6 cqi=11 ri=1');
    expect(recordsOf(line)).toEqual([
      {
        tSec: 86398,
        tNsec: 328_000_000,
        line,
        cell: '01',
        ue: '0001',
        rnti: 0x3d,
        kind: 'csi',
        cqi: 11,
        ri: 1,
        pmi: null,
      },
    ]);
  });

  it('RRC messages that create, connect and release a UE', () => {
    const created = lineOf('CCCH-NR: RRC setup request');
    expect(recordsOf(created)).toEqual([
      {
        tSec: 86398,
        tNsec: 137_000_000,
        line: created,
        cell: '02',
        ue: '0003',
        rnti: 0x4601,
        kind: 'ue',
        event: 'created',
        detail: 'CCCH-NR: RRC setup request',
        oldRnti: null,
      },
    ]);
    const release = lineOf('DCCH: RRC connection release');
    expect(recordsOf(release)).toEqual([
      {
        tSec: 0,
        tNsec: 370_000_000,
        line: release,
        ...ue2,
        kind: 'ue',
        event: 'release',
        detail: 'DCCH: RRC connection release',
        oldRnti: null,
      },
    ]);
    // The ASN.1 body under an RRC line, and an RRC line that is not a message, are Other.
    expect(recordsOf(created + 1)).toEqual([]);
  });

  it('a PDSCH just after midnight has a small time of day', () => {
    const line = lineOf('00:00:00.002 [PHY] DL 0001 01 003d   300.2 PDSCH:');
    expect(recordsOf(line)).toEqual([
      {
        tSec: 0,
        tNsec: 2_000_000,
        line,
        cell: '01',
        ue: '0001',
        rnti: 0x3d,
        kind: 'grant',
        dir: 'dl',
        harqId: 6,
        rv: 0,
        retx: 0,
        mcs: null,
        prbStart: 4,
        prbCount: 22,
        tbs: 1289,
        k: 4,
        msg3: false,
      },
    ]);
  });
});

describe('amarisoft: bad input', () => {
  const pusch =
    '10:37:38.884 [PHY] UL 0001 01 003d   267.5 PUSCH: harq=3 prb=2:4 symb=0:13 CW0: ' +
    'tb_len=11 mod=2 rv_idx=0 retx=0 crc=OK snr=26.2 epre=-35.6 ta=0.1';

  it('garbage lines are Unrecognised, continuation and header lines Other', () => {
    const lines = [
      'hello world',
      '10:37:38 [PHY] UL 0001 01 003d   267.5 PUSCH: harq=3', // no milliseconds
      '10:37:38.884 PHY UL 0001 01 003d   267.5 PUSCH: harq=3', // no [LAYER]
      '[PHY] UL 0001 01 003d   267.5 PUSCH: harq=3 CW0: tb_len=11', // no time
      '10:37:38.884 [PHY] UL 0001 01 003d PUSCH: harq=3 CW0: tb_len=11', // no frame.subframe
      '10:37:38.884 [PHY] XX 0001 01 003d   267.5 PUSCH: harq=3 CW0: tb_len=11', // no dir
      '10:37:38.884 [PHY] UL 0001 01 003d   267.5 PUSCH: harq=3 prb=2:4', // no TB size
      '24:37:38.884 [PHY] UL 0001 01 003d   267.5 PUSCH: harq=3 CW0: tb_len=11', // hour 24
      '2023-03-15T18:29:25.142200 [MAC     ] [I] [  276.14] UL PDU rnti=0x4601',
      '\t\tharq_process=0',
      '        0000:  45 00 00 54 3c 1a 40 00  40 01 7b 42 c0 a8 03 01  E..T<.@.@.{B....',
      '# Ended on 2024-03-15 00:10:00',
      '10:37:38.884 [NGAP] -  Connecting to 127.0.1.100:38412',
    ];
    const r = parseLines(amarisoftFormat, lines);
    expect(r.unrecognised.map((u) => u.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.counts.other).toBe(4);
    expect(r.records).toEqual([]);
  });

  it('HARQ-ACK with no PDSCH to answer, and a PDSCH whose feedback never came', () => {
    const pdsch = (time: string, harq: number, tbs: number) =>
      `${time} [PHY] DL 0001 01 003d   100.2 PDSCH: harq=${harq} k1=4 prb=0:10 CW0: ` +
      `tb_len=${tbs} mod=2 rv_idx=0 retx=0`;
    const pucch = (time: string) =>
      `${time} [PHY] UL 0001 01 003d   100.6 PUCCH: format=1a n=11 ack=0 snr=19.8 epre=-97.2`;
    // The first PDSCH gets no feedback; the SFN comes round 10.24 s later to the same slot.
    const lines = [pucch('10:00:00.000'), pdsch('10:00:00.002', 1, 100)];
    lines.push(pdsch('10:00:10.242', 2, 200), pucch('10:00:10.246'));
    const decodes = parseLines(amarisoftFormat, lines).records.filter((r) => r.kind === 'decode');
    const at = { cell: '01', ue: '0001', rnti: 0x3d, kind: 'decode', dir: 'dl', ok: false };
    const unknown = { harqId: null, retx: null, rv: null, tbs: null, mcs: null, sinrDb: null };
    const second = { harqId: 2, retx: 0, rv: 0, tbs: 200, mcs: null, sinrDb: null };
    expect(decodes).toEqual([
      { tSec: 36000, tNsec: 0, line: 1, ...at, ...unknown },
      { tSec: 36010, tNsec: 246_000_000, line: 4, ...at, ...second },
    ]);
  });

  it('a truncated last line is Unrecognised and leaves earlier records alone', () => {
    const last = lineOf('00:00:00.002 [PHY] DL 0001 01 003d   300.2 PDSCH:');
    const cut = fixture[last - 1].slice(0, fixture[last - 1].indexOf('tb_len'));
    const text = [...fixture.slice(0, last - 1), cut].join('\n'); // no final newline either
    const r = parseLines(amarisoftFormat, splitLines(text));
    expect(r.unrecognised).toEqual([{ line: last, text: cut }]);
    expect(r.records).toEqual(parsed.records.filter((x) => x.line < last));
  });

  it('CRLF line endings give the same records', () => {
    const r = parseLines(amarisoftFormat, splitLines(fixtureText.replace(/\n/g, '\r\n')));
    expect(r.records).toEqual(parsed.records);
    expect(r.counts).toEqual(parsed.counts);
  });

  it('colour codes around the layer tag are ignored', () => {
    const coloured = pusch.replace('[PHY]', '\x1b[1;34m[PHY]\x1b[0m');
    expect(parseLines(amarisoftFormat, [coloured]).records).toEqual(
      parseLines(amarisoftFormat, [pusch]).records,
    );
  });

  it('nan and inf values become null, the line still counts', () => {
    const r = parseLines(amarisoftFormat, [pusch.replace('snr=26.2', 'snr=nan')]);
    expect(r.records.find((x) => x.kind === 'decode')).toMatchObject({ ok: true, sinrDb: null });
    const phr = '10:37:38.884 [MAC] UL 0001 01 LCID:3 len=8 SBSR:lcg=0 bs=-inf PHR:ph=12';
    expect(parseLines(amarisoftFormat, [phr]).records.map((x) => x.kind)).toEqual(['phr']);
  });

  it('without the # header (a range from mid-file) the NR slots per frame are inferred', () => {
    const body = fixture.filter((l) => !l.startsWith('#'));
    const offset = fixture.length - body.length;
    const r = parseLines(amarisoftFormat, body);
    const dlDecodes = (rs: MacRecord[]) =>
      rs.filter((x) => x.kind === 'decode' && x.dir === 'dl').map((x) => ({ ...x, line: 0 }));
    expect(dlDecodes(r.records)).toEqual(dlDecodes(parsed.records));
    expect(r.records[0].line + offset).toBe(parsed.records[0].line);
  });
});

describe('amarisoft: sniff and record starts', () => {
  const sniffText = (lines: string[]) =>
    amarisoftFormat.sniff(lines.filter((l) => l.length > 0).slice(0, 200));
  const body = fixture.filter((l) => !l.startsWith('#'));

  it('is sure of our fixture and of the published header', () => {
    expect(sniffText(fixture)).toBe(1);
    expect(sniffText(['# time layer dir ue_id {cell_id rnti sfn channel:} message', ...body])).toBe(
      0.95,
    );
    expect(sniffText(['# lteue version 2025-09-19, gcc 13.2.0', ...body])).toBe(0.5);
    expect(sniffText(body)).toBe(0.75);
  });

  it('does not claim the real logs of other stacks in the shared samples', () => {
    const dir = path.resolve(repoRoot, '..', 'shared', 'samples');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.log'))) {
      const lines = splitLines(readFileSync(path.join(dir, name), 'utf8')).map(stripAnsi);
      expect([name, sniffText(lines)]).toEqual([name, 0]);
    }
  });

  it('a record starts at a timestamped line only', () => {
    const start = (line: string) => amarisoftFormat.isRecordStart?.(line);
    expect(start('23:59:58.004 [PHY] UL    - 01    -   100.4 PRACH: sequence_index=12')).toBe(true);
    expect(start('        {')).toBe(false);
    expect(start('\t\tmcs1=19')).toBe(false);
    expect(start('# Started on 2024-03-14 23:59:57')).toBe(false);
    expect(start('23:59:58.004 hello')).toBe(false);
  });
});
