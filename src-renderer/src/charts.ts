/** What the built-in charts plot, per second, from the stored counters. */
import type { KpiCounters } from '../../src-shared/kpis.js';

export interface ChartLine {
  label: string;
  value(c: KpiCounters): number | null;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  lines: ChartLine[];
}

const per = (sum: number, n: number) => (n > 0 ? sum / n : null);

export const CHARTS: ChartSpec[] = [
  {
    id: 'bitrate',
    title: 'Bit rate',
    unit: 'Mbit/s',
    lines: [
      { label: 'DL', value: (c) => (c.dlGrants > 0 ? (c.dlBytes * 8) / 1e6 : null) },
      { label: 'UL', value: (c) => (c.ulGrants > 0 ? (c.ulBytes * 8) / 1e6 : null) },
    ],
  },
  {
    id: 'mcs',
    title: 'MCS',
    unit: 'index',
    lines: [
      { label: 'DL', value: (c) => per(c.dlMcsSum, c.dlMcsN) },
      { label: 'UL', value: (c) => per(c.ulMcsSum, c.ulMcsN) },
    ],
  },
  {
    id: 'bler',
    title: 'BLER',
    unit: '%',
    lines: [
      { label: 'DL', value: (c) => (c.dlDecodes > 0 ? (100 * c.dlFails) / c.dlDecodes : null) },
      { label: 'UL', value: (c) => (c.ulDecodes > 0 ? (100 * c.ulFails) / c.ulDecodes : null) },
    ],
  },
  {
    id: 'crc',
    title: 'CRC failures',
    unit: 'per s',
    lines: [
      { label: 'DL NACK', value: (c) => c.dlFails },
      { label: 'UL CRC KO', value: (c) => c.ulFails },
    ],
  },
  {
    id: 'phr',
    title: 'Power headroom',
    unit: 'dB',
    lines: [{ label: 'PHR', value: (c) => per(c.phrSum, c.phrN) }],
  },
  {
    id: 'bsr',
    title: 'Buffer status',
    unit: 'bytes',
    lines: [{ label: 'BSR', value: (c) => per(c.bsrSum, c.bsrN) }],
  },
  {
    id: 'cqi',
    title: 'CQI',
    unit: 'index',
    lines: [{ label: 'CQI', value: (c) => per(c.cqiSum, c.cqiN) }],
  },
];
