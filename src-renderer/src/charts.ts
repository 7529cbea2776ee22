/**
 * What the built-in charts plot, per second, from the stored counters: the same KPIs as
 * the tables, chosen for the subject as its table row chooses them (src-main/cli/render.ts).
 */
import type { KpiCounters, SubjectSummary } from '../../src-shared/kpis.js';
import { bler, MARKS, rate, type Dir } from './subject-kpis.js';

export interface ChartLine {
  label: string;
  value(c: KpiCounters): number | null;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  lines: ChartLine[];
  /** What a mark in the lines' labels means; null when they have none. */
  note: string | null;
}

const per = (sum: number, n: number) => (n > 0 ? sum / n : null);
const pct = (fails: number, n: number) => (n > 0 ? (100 * fails) / n : null);
const DIR_NAME = { dl: 'DL', ul: 'UL' } as const;

/**
 * BLER as the table shows it: the initial BLER (first transmissions) where the log tells
 * them apart, else that of all transmissions, marked * as in the table.
 */
function blerChart(subject: SubjectSummary): ChartSpec {
  const dirs: Dir[] = ['dl', 'ul'];
  const overall = dirs.filter((d) => bler(subject, d).overall);
  const lines = dirs.map((dir): ChartLine => {
    if (overall.includes(dir)) {
      return {
        label: `${DIR_NAME[dir]}${MARKS.overall.mark}`,
        value: (c) => (dir === 'dl' ? pct(c.dlFails, c.dlDecodes) : pct(c.ulFails, c.ulDecodes)),
      };
    }
    return {
      label: DIR_NAME[dir],
      value: (c) =>
        dir === 'dl'
          ? pct(c.dlFirstFails, c.dlFirstDecodes)
          : pct(c.ulFirstFails, c.ulFirstDecodes),
    };
  });
  return {
    id: 'bler',
    title: overall.length > 0 ? 'BLER' : 'Initial BLER',
    unit: '%',
    lines,
    note: overall.length > 0 ? `${MARKS.overall.mark} ${MARKS.overall.text}` : null,
  };
}

/**
 * Bit rate as the table shows it: delivered (TBs decoded or acknowledged) where the log
 * tells decoding, else sent, retransmissions included, marked ^ as in the table. A second
 * with neither grants nor decodes in a direction is left out, not plotted as 0.
 */
function bitRateChart(subject: SubjectSummary): ChartSpec {
  const dirs: Dir[] = ['dl', 'ul'];
  const sent = dirs.filter((d) => rate(subject, d).sent);
  const mbps = (bytes: number, seen: boolean) => (seen ? (bytes * 8) / 1e6 : null);
  const lines = dirs.map((dir): ChartLine => {
    const dl = dir === 'dl';
    if (sent.includes(dir)) {
      return {
        label: `${DIR_NAME[dir]}${MARKS.sent.mark}`,
        value: (c) => (dl ? mbps(c.dlBytes, c.dlGrants > 0) : mbps(c.ulBytes, c.ulGrants > 0)),
      };
    }
    return {
      label: DIR_NAME[dir],
      value: (c) =>
        dl
          ? mbps(c.dlOkBytes, c.dlGrants + c.dlDecodes > 0)
          : mbps(c.ulOkBytes, c.ulGrants + c.ulDecodes > 0),
    };
  });
  return {
    id: 'bitrate',
    title: sent.length > 0 ? 'Bit rate' : 'Bit rate delivered',
    unit: 'Mbit/s',
    lines,
    note: sent.length > 0 ? `${MARKS.sent.mark} ${MARKS.sent.text}` : null,
  };
}

/** Failed decodes of a second; none (not 0) where it tells no decoding in that direction. */
const failed = (fails: number, decodes: number) => (decodes + fails > 0 ? fails : null);

/** The charts of one UE or cell, in the order shown. */
export function chartsFor(subject: SubjectSummary): ChartSpec[] {
  return [
    bitRateChart(subject),
    {
      id: 'mcs',
      title: 'MCS',
      unit: 'index',
      lines: [
        { label: 'DL', value: (c) => per(c.dlMcsSum, c.dlMcsN) },
        { label: 'UL', value: (c) => per(c.ulMcsSum, c.ulMcsN) },
      ],
      note: null,
    },
    blerChart(subject),
    {
      id: 'crc',
      title: 'Failed decodes',
      unit: 'per s',
      lines: [
        { label: 'DL NACK', value: (c) => failed(c.dlFails, c.dlDecodes) },
        { label: 'UL CRC KO', value: (c) => failed(c.ulFails, c.ulDecodes) },
      ],
      note: null,
    },
    {
      id: 'phr',
      title: 'Power headroom',
      unit: 'dB',
      lines: [{ label: 'PHR', value: (c) => per(c.phrSum, c.phrN) }],
      note: null,
    },
    {
      id: 'bsr',
      title: 'Buffer status',
      unit: 'bytes',
      lines: [{ label: 'BSR', value: (c) => per(c.bsrSum, c.bsrN) }],
      note: null,
    },
    {
      id: 'cqi',
      title: 'CQI',
      unit: 'index',
      lines: [{ label: 'CQI', value: (c) => per(c.cqiSum, c.cqiN) }],
      note: null,
    },
  ];
}

/** Indices of the values whose neighbours are both missing (no line reaches them). */
export function isolated(values: (number | null)[]): number[] {
  const alone: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null) {
      alone.push(i);
    }
  });
  return alone;
}
