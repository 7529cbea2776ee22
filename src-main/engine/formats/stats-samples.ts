/**
 * Which values of a log's own statistics are samples. srsRAN printers write an MCS for every
 * period, also one in which nothing was sent (the gNB's metrics lines print dl_mcs=0, the
 * console tables 0, since they print 0 for "no samples"). Such a zero is no MCS: counted, it
 * pulls the mean towards 0 and flags idle UEs as malperforming. The same rule holds for
 * console tables and metrics lines, in both directions.
 */
import { STATS_KEYS } from '../../../src-shared/records.js';

type Values = Record<string, number | null>;

const DIRECTIONS = [
  { mcs: STATS_KEYS.dlMcs, rate: STATS_KEYS.dlBitrate, ok: STATS_KEYS.dlOk, nok: STATS_KEYS.dlNok },
  { mcs: STATS_KEYS.ulMcs, rate: STATS_KEYS.ulBitrate, ok: STATS_KEYS.ulOk, nok: STATS_KEYS.ulNok },
];

/**
 * Sets the MCS of a direction to null (not measured) when the same period shows that
 * nothing was sent in it: a bit rate of 0 and no ok or nok transmissions, as far as the
 * values tell. Without a rate or ok/nok value nothing is known, and the MCS stays.
 */
export function dropIdleMcs(values: Values): Values {
  for (const d of DIRECTIONS) {
    if (values[d.mcs] === undefined || values[d.mcs] === null) continue;
    const evidence = [values[d.rate], values[d.ok], values[d.nok]].filter(isNumber);
    if (evidence.length > 0 && evidence.every((x) => x === 0)) values[d.mcs] = null;
  }
  return values;
}

function isNumber(x: number | null | undefined): x is number {
  return typeof x === 'number';
}
