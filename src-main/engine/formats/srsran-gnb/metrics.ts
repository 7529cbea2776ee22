/**
 * The gNB's own periodic metrics ([METRICS ] lines, which have no level field):
 *
 *   Scheduler UE ue=81 pci=1 rnti=0x4666 metrics: cqi=15 dl_ri=1.0 dl_mcs=13 dl_brate=8.78kbps
 *     dl_nof_ok=8 dl_nof_nok=0 dl_error_rate=0% ... ta=-8ns srs_ta=n/a last_phr=38 ...
 *   Scheduler cell pci=1 metrics: total_dl_brate= 0.0bps ... latency_hist=[1098, 0, ...] ...
 *   MAC cell pci=1 metrics: slots=[853.19, 864.0) nof_slots=201 slot_duration=500usec
 *     wall_clock_latency=[avg=7usec max=88usec max_slot=853.19] ...
 *
 * Each line becomes one stats record. Values are converted from their unit: rates to bit/s
 * (key suffix _bps), times to microseconds (_us), percentages stay percent (_pct), dB and dBm
 * are kept (_db, _dbm). Keys that mean what a `STATS_KEYS` key means take that name. "n/a",
 * "nan" and "inf" are null; a value may follow "= " with a space. Lists and ranges
 * ("[1098, 0, 0]") are skipped, groups of named values ("[avg=7usec max=88usec]") are
 * flattened (wall_clock_latency_avg_us), slot points (max_slot=853.19) are skipped. The MCS
 * of a direction that sent nothing in the period (dl_mcs=0 with dl_nof_ok=0) is null.
 *
 * Every metrics line covers one report period; none is cumulative. The field set varies
 * between lines: a MAC cell line prints its period (nof_slots x slot_duration), a scheduler
 * UE or cell line does not. Those take the `periodSec` option, else the gNB's default report
 * period (`metrics: periodicity: du_report_period`, 1000 ms). Not the MAC line's period: its
 * first report covers only the slots since the cell started (nof_slots=201 in the sample).
 */
import { STATS_KEYS } from '../../../../src-shared/records.js';
import { field, parseRnti } from '../text.js';
import { LineKind } from '../types.js';
import { dropIdleMcs } from '../stats-samples.js';
import { pushStats } from './emit.js';
import type { GnbState } from './state.js';
import { ueIdField } from './values.js';

const SOURCE = 'srsran-metrics';

/** srsRAN Project's default `du_report_period`, for lines that do not print their period. */
const DEFAULT_REPORT_PERIOD_SEC = 1;

/** srsRAN metric names that are a well-known stats key (in the unit that key names). */
const KNOWN_KEYS: Readonly<Record<string, string>> = {
  cqi: STATS_KEYS.cqi,
  dl_ri: STATS_KEYS.ri,
  dl_mcs: STATS_KEYS.dlMcs,
  ul_mcs: STATS_KEYS.ulMcs,
  dl_brate: STATS_KEYS.dlBitrate,
  ul_brate: STATS_KEYS.ulBitrate,
  total_dl_brate: STATS_KEYS.dlBitrate,
  total_ul_brate: STATS_KEYS.ulBitrate,
  dl_nof_ok: STATS_KEYS.dlOk,
  dl_nof_nok: STATS_KEYS.dlNok,
  ul_nof_ok: STATS_KEYS.ulOk,
  ul_nof_nok: STATS_KEYS.ulNok,
  // Named as the gNB console table's "(%)" columns are.
  dl_error_rate: 'dl_nok_pct',
  ul_error_rate: 'ul_nok_pct',
  dl_bs: STATS_KEYS.dlBuffer,
  bsr: STATS_KEYS.bsr,
  pusch_snr_db: STATS_KEYS.puschSnr,
  last_phr: STATS_KEYS.phr,
  ta: STATS_KEYS.ta,
  srs_ta: 'srs_ta_us',
};

/**
 * Unit text to [power of ten, key suffix]. Scaling by a decimal exponent ("8.78e3") keeps
 * 8.78kbps exactly 8780, which multiplying by 1000 would not.
 */
const UNITS: Readonly<Record<string, readonly [number, string]>> = {
  bps: [0, 'bps'],
  kbps: [3, 'bps'],
  Mbps: [6, 'bps'],
  Gbps: [9, 'bps'],
  s: [6, 'us'],
  ms: [3, 'us'],
  msec: [3, 'us'],
  us: [0, 'us'],
  usec: [0, 'us'],
  ns: [-3, 'us'],
  '%': [0, 'pct'],
  dB: [0, 'db'],
  dBm: [0, 'dbm'],
  dBFS: [0, 'dbfs'],
  Hz: [0, 'hz'],
  kHz: [3, 'hz'],
  MHz: [6, 'hz'],
};

const NOT_A_NUMBER = /^(n\/a|[-+]?(nan|inf))/i;

/** A decimal number without exponent (so that a unit may be scaled by one). */
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)/;

interface Collected {
  values: Record<string, number | null>;
  nofSlots: number | null;
  slotDurationUs: number | null;
}

export function parseMetricsLine(
  st: GnbState,
  line: string,
  at: number,
  defaultPeriodSec: number | null,
): LineKind {
  const colon = line.indexOf('metrics:', at);
  if (colon < 0) return LineKind.Other;
  const head = line.slice(at, colon);

  const collected: Collected = { values: {}, nofSlots: null, slotDurationUs: null };
  readValues(line, colon + 8, line.length, '', collected);
  if (Object.keys(collected.values).length === 0) return LineKind.Other;

  const { nofSlots, slotDurationUs } = collected;
  const periodSec =
    nofSlots !== null && slotDurationUs !== null
      ? (nofSlots * slotDurationUs) / 1e6
      : (defaultPeriodSec ?? DEFAULT_REPORT_PERIOD_SEC);
  const ue = ueIdField(head);
  const isUe = ue !== null || head.startsWith('Scheduler UE');
  const cell = metricsCell(st, field(head, 'pci=') ?? field(head, 'cell='), ue);

  const rnti = parseRnti(field(head, 'rnti='));
  const values = dropIdleMcs(collected.values); // "dl_mcs=0 ... dl_nof_ok=0": no MCS sample
  pushStats(st, cell, ue, rnti, isUe ? 'ue' : 'cell', SOURCE, periodSec, values);
  return LineKind.Record;
}

/** The cell of a metrics line under the name the scheduler lines gave it (see GnbState). */
function metricsCell(st: GnbState, pci: string | null, ue: string | null): string | null {
  if (pci === null) return null;
  const granted = ue !== null ? st.cellOfUe.get(ue) : undefined;
  if (granted !== undefined) {
    st.cellOfPci.set(pci, granted);
    return granted;
  }
  return st.cellOfPci.get(pci) ?? onlyGrantedCell(st) ?? pci;
}

/**
 * The cell every UE so far was granted on, when there is just one: a cell metrics line
 * comes before the UE lines that would tell which cell its pci is, and most gNBs have one.
 */
function onlyGrantedCell(st: GnbState): string | null {
  let only: string | null = null;
  for (const cell of st.cellOfUe.values()) {
    if (only !== null && cell !== only) return null;
    only = cell;
  }
  return only;
}

/** Reads `name=value` pairs of `line[from, to)` into `out`, names prefixed with `prefix`. */
function readValues(line: string, from: number, to: number, prefix: string, out: Collected): void {
  let i = from;
  while (i < to) {
    while (i < to && line.charCodeAt(i) === 32) i++;
    const eq = line.indexOf('=', i);
    const space = line.indexOf(' ', i);
    if (eq < 0 || eq >= to) return;
    if (space >= 0 && space < eq) {
      i = space + 1; // a word that is not a pair
      continue;
    }
    const name = prefix + line.slice(i, eq);
    let v = eq + 1;
    while (v < to && line.charCodeAt(v) === 32) v++; // "ta= 0s"

    if (line.charCodeAt(v) === 91 /* [ */) {
      const close = closingBracket(line, v + 1, to);
      const inner = line.slice(v + 1, close);
      if (inner.includes('=')) readValues(line, v + 1, close, `${name}_`, out);
      i = close + 1;
    } else {
      let end = line.indexOf(' ', v);
      if (end < 0 || end > to) end = to;
      addValue(name, line.slice(v, end), out);
      i = end;
    }
  }
}

/** Index of the "]" or ")" that closes a group opened before `from` (or `to`). */
function closingBracket(line: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c === 40 /* ( */ || c === 91 /* [ */) depth++;
    else if (c === 41 /* ) */ || c === 93 /* ] */) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return to;
}

function addValue(name: string, text: string, out: Collected): void {
  if (isSlotPoint(name) || !/^[a-z0-9_]+$/i.test(name)) return;
  const num = NUMBER.exec(text);
  if (num === null) {
    // "n/a" (not measured), "nan", "-inf": known to be missing.
    if (NOT_A_NUMBER.test(text)) out.values[keyFor(name, impliedSuffix(name))] = null;
    return;
  }
  const unitText = text.slice(num[0].length);
  const unit = UNITS[unitText];
  if (unitText.length > 0 && unit === undefined) return; // a unit we cannot convert
  const value = Number(`${num[0]}e${unit?.[0] ?? 0}`);

  if (name === 'nof_slots') out.nofSlots = value;
  if (name === 'slot_duration' && unit?.[1] === 'us') out.slotDurationUs = value;
  out.values[keyFor(name, unit?.[1] ?? '')] = value;
}

/** "max_slot=853.19" names a slot, not a quantity ("pdschs_per_slot=0" is one). */
function isSlotPoint(name: string): boolean {
  return name.endsWith('_slot') && !name.endsWith('_per_slot');
}

function keyFor(name: string, suffix: string): string {
  const known = KNOWN_KEYS[name];
  if (known !== undefined) return known;
  if (suffix === '' || name.endsWith(`_${suffix}`)) return name;
  return `${name}_${suffix}`;
}

/** The unit suffix an "n/a" value would have had, so that its key matches measured ones. */
function impliedSuffix(name: string): string {
  if (/delay|distance|latency/.test(name)) return 'us';
  if (name.includes('brate')) return 'bps';
  return '';
}
