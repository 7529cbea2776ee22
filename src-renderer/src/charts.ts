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
 * A chart with a line per direction that plots the figure the table shows, or where the
 * log lacks it the table's fallback, marked and noted as the table marks it.
 */
interface MarkedChart {
  id: string;
  unit: string;
  /** The title when every line plots the figure itself, and when one plots the fallback. */
  title: string;
  fallbackTitle: string;
  mark: { mark: string; text: string };
  /** Whether the log lacks the figure in this direction, so that the fallback is plotted. */
  lacks(dir: Dir): boolean;
  figure(dir: Dir, c: KpiCounters): number | null;
  fallback(dir: Dir, c: KpiCounters): number | null;
}

function markedChart(chart: MarkedChart): ChartSpec {
  const dirs: Dir[] = ['dl', 'ul'];
  const lacking = dirs.filter((d) => chart.lacks(d));
  const lines = dirs.map((dir): ChartLine =>
    lacking.includes(dir)
      ? { label: `${DIR_NAME[dir]}${chart.mark.mark}`, value: (c) => chart.fallback(dir, c) }
      : { label: DIR_NAME[dir], value: (c) => chart.figure(dir, c) },
  );
  const marked = lacking.length > 0;
  return {
    id: chart.id,
    title: marked ? chart.fallbackTitle : chart.title,
    unit: chart.unit,
    lines,
    note: marked ? `${chart.mark.mark} ${chart.mark.text}` : null,
  };
}

/**
 * BLER as the table shows it: the initial BLER (first transmissions) where the log tells
 * them apart, else that of all transmissions, marked * as in the table.
 */
function blerChart(subject: SubjectSummary): ChartSpec {
  return markedChart({
    id: 'bler',
    unit: '%',
    title: 'Initial BLER',
    fallbackTitle: 'BLER',
    mark: MARKS.overall,
    lacks: (dir) => bler(subject, dir).overall,
    figure: (dir, c) => pct(c[`${dir}FirstFails`], c[`${dir}FirstDecodes`]),
    fallback: (dir, c) => pct(c[`${dir}Fails`], c[`${dir}Decodes`]),
  });
}

/**
 * Bit rate as the table shows it: delivered (TBs decoded or acknowledged) where the log
 * tells decoding, else sent, retransmissions included, marked ^ as in the table. A second
 * with neither grants nor decodes in a direction is left out, not plotted as 0.
 */
function bitRateChart(subject: SubjectSummary): ChartSpec {
  const mbps = (bytes: number, seen: boolean) => (seen ? (bytes * 8) / 1e6 : null);
  return markedChart({
    id: 'bitrate',
    unit: 'Mbit/s',
    title: 'Bit rate delivered',
    fallbackTitle: 'Bit rate',
    mark: MARKS.sent,
    lacks: (dir) => rate(subject, dir).sent,
    figure: (dir, c) => mbps(c[`${dir}OkBytes`], c[`${dir}Grants`] + c[`${dir}Decodes`] > 0),
    fallback: (dir, c) => mbps(c[`${dir}Bytes`], c[`${dir}Grants`] > 0),
  });
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
