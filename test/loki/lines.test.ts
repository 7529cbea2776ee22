/**
 * Loki entries made from records, per-second KPIs and summaries; the 400 bodies of a
 * partial success read back into counts by reason. Expected lines are written by hand.
 */
import { describe, expect, it } from 'vitest';
import { emptyCounters, type SubjectSummary } from '../../src-shared/kpis.js';
import type { GrantRecord, StatsRecord } from '../../src-shared/records.js';
import { compareNs, pushBody } from '../../src-main/loki/client.js';
import { kpiEntry, recordEntry, summaryEntry, toNs } from '../../src-main/loki/lines.js';
import { readRejections } from '../../src-main/loki/rejections.js';

const BASE = { format: 'srsran-gnb', file: 'gnb.log', importId: 7 };
const LABELS = {
  app: 'maclog',
  format: 'srsran-gnb',
  file: 'gnb.log',
  import: '7',
  cell: '0',
};

describe('Loki entries', () => {
  it('writes a record as logfmt with its line, UE, RNTI in hex, and no nulls', () => {
    const grant: GrantRecord = {
      kind: 'grant',
      tSec: 1_709_294_400,
      tNsec: 123_000,
      line: 42,
      cell: '0',
      ue: '1',
      rnti: 0x4601,
      dir: 'dl',
      harqId: 3,
      rv: 0,
      retx: null,
      mcs: 27,
      prbStart: 0,
      prbCount: 24,
      tbs: 3329,
      k: 4,
      msg3: false,
    };
    expect(recordEntry(grant, BASE)).toEqual({
      stream:
        '{app="maclog", format="srsran-gnb", file="gnb.log", import="7", cell="0", kind="grant"}',
      labels: { ...LABELS, kind: 'grant' },
      tsNs: '1709294400000123000',
      line: 'line=42 ue=1 rnti=0x4601 dir=dl harq_id=3 rv=0 mcs=27 prb_start=0 prb_count=24 tbs=3329 k=4 msg3=false',
    });
  });

  it('quotes values with spaces and puts a stats record’s values in the line', () => {
    const stats: StatsRecord = {
      kind: 'stats',
      tSec: 10,
      tNsec: 0,
      line: 5,
      cell: null,
      ue: null,
      rnti: null,
      scope: 'cell',
      source: 'srsran metrics',
      periodSec: 1,
      values: { dl_brate_bps: 7_650_000, ul_bler: null },
    };
    const e = recordEntry(stats, BASE);
    expect(e.labels.cell).toBe('none');
    expect(e.line).toBe(
      'line=5 scope=cell source="srsran metrics" period_sec=1 dl_brate_bps=7650000',
    );
  });

  it('derives one second of KPIs: bits per second, initial BLER, means', () => {
    const c = {
      ...emptyCounters(),
      dlGrants: 10,
      dlRetxGrants: 2,
      dlBytes: 1000,
      dlMcsSum: 200,
      dlMcsN: 10,
      dlDecodes: 10,
      dlFails: 3,
      dlFirstDecodes: 8,
      dlFirstFails: 2,
      phrSum: 15,
      phrN: 2,
    };
    const e = kpiEntry({ cell: '0', ue: '1', rnti: 0x4601 }, { t: 100, counters: c }, BASE);
    // 1000 bytes in one second = 8000 bit/s; 2 of 8 first transmissions failed = 0.25.
    expect(e.line).toBe(
      'scope=ue ue=1 rnti=0x4601 dl_bps=8000 dl_mcs=20 dl_bler=0.25 dl_retx=2 ul_retx=0 ' +
        'crc_fail=3 phr_db=7.5 ra_attempts=0 ra_ok=0 ra_fail=0',
    );
    expect(e.tsNs).toBe('100000000000');
    expect(e.labels.kind).toBe('kpi');
  });

  it('gives retransmissions known only by their failure as a least number, not a count', () => {
    // An OAI eNB second: three UL failures, two of them in round 1 or later.
    const c = { ...emptyCounters(), ulFails: 3, ulFailedRetx: 2 };
    const e = kpiEntry({ cell: '0', ue: '0', rnti: 0x43eb }, { t: 100, counters: c }, BASE);
    expect(e.line).toBe(
      'scope=ue ue=0 rnti=0x43eb dl_retx=0 ul_retx_at_least=2 crc_fail=3 ra_attempts=0 ' +
        'ra_ok=0 ra_fail=0',
    );
  });

  it('writes a summary with the flag and the rule, at the subject’s last activity', () => {
    const summary = {
      cell: '0',
      ue: '2',
      counters: emptyCounters(),
      kpis: { dlBitrateBps: 441_000.4, dlInitialBler: 0.289, raAttempts: 1, raOk: 1, raFail: 0 },
      life: { firstNs: '1000000000', lastNs: '20328000001', rntis: [0x4602] },
      malperforming: true,
      rule: 'DL initial BLER 28.9% > 15.0%',
    } as unknown as SubjectSummary;
    const e = summaryEntry(summary, BASE);
    expect(e.tsNs).toBe('20328000001');
    expect(e.labels.kind).toBe('summary');
    expect(e.line).toBe(
      'scope=ue ue=2 rnti=0x4602 dl_bps=441000.4 dl_bler=0.289 ra_attempts=1 ra_ok=1 ra_fail=0 ' +
        'malperforming=true rule="DL initial BLER 28.9% > 15.0%"',
    );
  });

  it('keeps nanoseconds exact past 2^53', () => {
    expect(toNs(1_709_294_400, 999_999_999)).toBe('1709294400999999999');
    expect(compareNs('999', '1000')).toBeLessThan(0);
    expect(compareNs('1709294400000000002', '1709294400000000001')).toBeGreaterThan(0);
  });

  it('groups a batch into streams, each in time order', () => {
    const a = { stream: '{a="1"}', labels: { a: '1' } };
    const body = pushBody([
      { ...a, tsNs: '2000', line: 'second' },
      { stream: '{a="2"}', labels: { a: '2' }, tsNs: '5', line: 'other' },
      { ...a, tsNs: '999', line: 'first' },
    ]);
    expect(body).toEqual({
      streams: [
        {
          stream: { a: '1' },
          values: [
            ['999', 'first'],
            ['2000', 'second'],
          ],
        },
        { stream: { a: '2' }, values: [['5', 'other']] },
      ],
    });
  });
});

describe('a 400 answer read as a partial success', () => {
  it("counts Loki 3's per-stream report, unlisted entries under the last listed reason", () => {
    const body = [
      "entry with timestamp 2024-03-01 12:00:00 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: 2024-03-01T12:00:00Z, oldest acceptable timestamp is: 2024-03-01T13:00:00Z',",
      "entry with timestamp 2024-03-01 12:00:01 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: 2024-03-01T12:00:01Z, oldest acceptable timestamp is: 2024-03-01T13:00:00Z',",
      'user \'fake\', total ignored: 12 out of 40 for stream: {app="maclog", kind="grant"}',
    ].join('\n');
    expect(readRejections(body, 40)).toEqual({
      byReason: { 'entry too far behind': 12 },
      total: 12,
    });
  });

  it('reads the older form, where each entry names its stream', () => {
    const body = [
      'entry with timestamp 1970-01-01 00:00:01 +0000 UTC ignored, reason: \'entry out of order\' for stream: {foo="bar"},',
      'total ignored: 1 out of 3',
    ].join('\n');
    expect(readRejections(body, 3)).toEqual({ byReason: { 'entry out of order': 1 }, total: 1 });
  });

  it("counts the distributor's refusals, one message each", () => {
    const body = [
      'entry for stream \'{a="1"}\' has timestamp too old: 2023-01-01T00:00:00Z, oldest acceptable timestamp is: 2024-01-01T00:00:00Z',
      "entry for stream '{a=\"1\"}' has timestamp too old: 2023-01-01T00:00:01Z, oldest acceptable timestamp is: 2024-01-01T00:00:00Z; Max entry size '262144' bytes exceeded for stream '{a=\"1\"}' while adding an entry with length '300000' bytes",
    ].join('\n');
    expect(readRejections(body, 10)).toEqual({
      byReason: { 'timestamp too old': 2, 'line too long': 1 },
      total: 3,
    });
  });

  it('takes a body it cannot read as the whole request refused, for the reason it gives', () => {
    expect(readRejections('error at least one label pair is required per stream', 25)).toEqual({
      byReason: { 'error at least one label pair is required per stream': 25 },
      total: 25,
    });
  });
});
