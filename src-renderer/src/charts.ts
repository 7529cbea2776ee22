/**
 * What the built-in charts plot, per second, from the stored counters: the same KPIs as
 * the tables, chosen for the subject as its table row chooses them (src-main/cli/render.ts).
 */
import type { KpiCounters, SubjectSummary } from '../../src-shared/kpis.js';
import { bler, MARKS, type Dir } from './subject-kpis.js';

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

/** Failed decodes of a second; none (not 0) where it tells no decoding in that direction. */
const failed = (fails: number, decodes: number) => (decodes + fails > 0 ? fails : null);

/** The charts of one UE or cell, in the order shown. */
export function chartsFor(subject: SubjectSummary): ChartSpec[] {
  return [
    {
      id: 'bitrate',
      title: 'Bit rate',
      unit: 'Mbit/s',
      lines: [
        { label: 'DL', value: (c) => (c.dlGrants > 0 ? (c.dlBytes * 8) / 1e6 : null) },
        { label: 'UL', value: (c) => (c.ulGrants > 0 ? (c.ulBytes * 8) / 1e6 : null) },
      ],
      note: null,
    },
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
