/**
 * The console of srsENB and srsUE (srsRAN 4G, formerly srsLTE): the metrics trace printed
 * after typing `t`, and the short messages both print while running.
 *
 * eNB table, one row per UE and RAT per period (NSA: an `lte` row and an `nr` row):
 *
 *               -----------------DL----------------|-------------------------UL------------
 *     rat  pci rnti  cqi  ri  mcs  brate   ok  nok  (%) | pusch  pucch  phr  mcs  brate ...
 *     lte    1   46   15   0    0      0    0    0   0% |   n/a    n/a    0    0      0 ...
 *
 * Earlier versions drop `pci` or `rat`, or the `|` separators ("rnti cqi ri mcs brate ok nok
 * (%) snr phr mcs brate ok nok (%) bsr"). The rnti is hex without 0x. A row's cell is its
 * pci; a table with `rat` and no `pci` puts its rows in a cell named by the RAT (`lte`,
 * `nr`), so that the two legs of an NSA connection are two cells, not one.
 *
 * UE table, one row per carrier per period, no rnti (the UE is the one printing it):
 *
 *     ---------Signal-----------|-----------------DL-----------------|-----------UL-----------
 *     rat  pci  rsrp   pl   cfo | mcs  snr  iter  brate  bler  ta_us | mcs   buff  brate  bler
 *      nr  500     1    0   23u |  27   70   1.0   8.5M    0%    0.0 |  28    36k   8.3M    0%
 *
 * with `cc` (carrier index) for `rat` when there is no NR carrier, a Neighbour group (`pci
 * rsrp`) when neighbour cells are known, and in early versions no `|` and `turbo` for `iter`.
 * The rows get the C-RNTI of the UE's last "Random Access Complete" on the same RAT (an LTE
 * procedure prints "seq=", an NR one "prach_occasion="), since the console prints no other.
 *
 * Zeros that are no samples: an MCS of a direction that sent nothing in the period (every
 * row, see `dropIdleMcs`), and on the eNB's `nr` rows a phr or mcs of 0 (placeholders, see
 * `dropNrPlaceholders`) become null.
 *
 * Time: metrics periods counted by `PeriodClock`, `periodSec` (default 1) apart. Both programs
 * print the header at the start of a report, so a header starts a period, as does a row whose
 * key (rat, pci, rnti) was already printed in the current one; the eNB's "RF status" line
 * comes first in its report, and srsUE's "--- disconnected ---" is a report without rows.
 * Messages take the period of the last row.
 *
 * Messages that become records: srsUE "Random Access Transmission" (ra preamble) and "Random
 * Access Complete" (ra complete, ok); srsENB "RACH:" (ra preamble with the temporary C-RNTI
 * and timing offset), "User 0x.. connected" and "Disconnecting rnti=0x..". Other messages
 * these programs are known to print are Other; anything else is Unrecognised.
 *
 * A srsUE console is the console of one UE, so every record of it is that UE's (`OWN_UE`, as
 * in srsUE's file log), rows and random access alike, also before an RNTI names it. Its
 * random-access messages name no cell, only their RAT: a procedure counts for the cell the
 * UE then serves on that RAT, which the next row of that RAT names (after a handover, the
 * new cell). Its records wait for that row; when a new LTE cell search ("Found Cell: ...
 * PCI=1") or the end of the log comes first, they take the last cell known on their RAT.
 */
import type { FormatDefinition, LineParser, RecordSink } from './types.js';
import { LineKind } from './types.js';
import { field, numField, parseRnti, stripAnsi } from './text.js';
import { OWN_UE } from './srs4g-log/build.js';
import { STATS_KEYS, type RaRecord } from '../../../src-shared/records.js';
import {
  PeriodClock,
  buildLayout,
  columnIndex,
  columnRoles,
  firstNonSpace,
  isGroupLine,
  isHeaderTokens,
  periodOption,
  periodTime,
  pushRowRecords,
  rowStats,
  rowValues,
  tokenize,
  type ColumnRole,
  type KnownColumn,
  type TableLayout,
} from './console-table.js';

/** srsENB columns, by group. */
const ENB_COLUMNS: readonly KnownColumn[] = [
  { group: 'dl', name: 'cqi', key: STATS_KEYS.cqi, how: 'number' },
  { group: 'dl', name: 'ri', key: STATS_KEYS.ri, how: 'number' },
  { group: 'dl', name: 'mcs', key: STATS_KEYS.dlMcs, how: 'number' },
  { group: 'dl', name: 'brate', key: STATS_KEYS.dlBitrate, how: 'number' },
  { group: 'dl', name: 'ok', key: STATS_KEYS.dlOk, how: 'number' },
  { group: 'dl', name: 'nok', key: STATS_KEYS.dlNok, how: 'number' },
  { group: 'dl', name: '(%)', key: 'dl_nok_pct', how: 'percent' },
  { group: 'ul', name: 'pusch', key: STATS_KEYS.puschSnr, how: 'number' },
  // srsLTE called the PUSCH SINR "snr".
  { group: 'ul', name: 'snr', key: STATS_KEYS.puschSnr, how: 'number' },
  { group: 'ul', name: 'pucch', key: 'pucch_snr_db', how: 'number' },
  { group: 'ul', name: 'phr', key: STATS_KEYS.phr, how: 'number' },
  { group: 'ul', name: 'mcs', key: STATS_KEYS.ulMcs, how: 'number' },
  { group: 'ul', name: 'brate', key: STATS_KEYS.ulBitrate, how: 'number' },
  { group: 'ul', name: 'ok', key: STATS_KEYS.ulOk, how: 'number' },
  { group: 'ul', name: 'nok', key: STATS_KEYS.ulNok, how: 'number' },
  { group: 'ul', name: '(%)', key: 'ul_nok_pct', how: 'percent' },
  { group: 'ul', name: 'bsr', key: STATS_KEYS.bsr, how: 'number' },
];

/** srsUE columns, by group. BLER is kept as a fraction, as OAI's statistics give it. */
const UE_COLUMNS: readonly KnownColumn[] = [
  { group: 'signal', name: 'rsrp', key: STATS_KEYS.rsrp, how: 'number' },
  { group: 'signal', name: 'pl', key: 'pathloss_db', how: 'number' },
  { group: 'signal', name: 'cfo', key: 'cfo_hz', how: 'number' },
  { group: 'neighbour', name: 'pci', key: 'neighbour_pci', how: 'number' },
  { group: 'neighbour', name: 'rsrp', key: 'neighbour_rsrp_dbm', how: 'number' },
  { group: 'dl', name: 'mcs', key: STATS_KEYS.dlMcs, how: 'number' },
  { group: 'dl', name: 'snr', key: 'dl_snr_db', how: 'number' },
  { group: 'dl', name: 'iter', key: 'dl_fec_iters', how: 'number' },
  { group: 'dl', name: 'turbo', key: 'dl_fec_iters', how: 'number' },
  { group: 'dl', name: 'brate', key: STATS_KEYS.dlBitrate, how: 'number' },
  { group: 'dl', name: 'bler', key: STATS_KEYS.dlBler, how: 'fraction' },
  { group: 'dl', name: 'ta_us', key: STATS_KEYS.ta, how: 'number' },
  { group: 'ul', name: 'mcs', key: STATS_KEYS.ulMcs, how: 'number' },
  // The UE's own UL buffer: what its buffer status reports tell the eNB.
  { group: 'ul', name: 'buff', key: STATS_KEYS.bsr, how: 'number' },
  { group: 'ul', name: 'brate', key: STATS_KEYS.ulBitrate, how: 'number' },
  { group: 'ul', name: 'bler', key: STATS_KEYS.ulBler, how: 'fraction' },
];

type Rat = 'lte' | 'nr';

/** Column positions of an srsENB table; `rat` and `pci` are -1 in versions without them. */
interface EnbTable {
  kind: 'enb';
  layout: TableLayout;
  rat: number;
  pci: number;
  rnti: number;
  roles: ColumnRole[];
}

interface UeTable {
  kind: 'ue';
  layout: TableLayout;
  /** The `rat` column, or -1 when the table has `cc` (carrier index, LTE only) instead. */
  rat: number;
  cc: number;
  /** The serving cell's pci (the first `pci`; a Neighbour group has a second). */
  pci: number;
  roles: ColumnRole[];
}

type Table = EnbTable | UeTable;

/**
 * What kind of table a header opens. srsENB headers start with `rat` or `rnti`, srsUE ones
 * with `rat` or `cc`; null for anything else (such as the srsRAN Project gNB's "pci rnti").
 */
function tableOf(layout: TableLayout): Table | null {
  const first = layout.columns.at(0)?.name ?? '';
  const rat = columnIndex(layout, 'rat');
  const pci = columnIndex(layout, 'pci');
  const rnti = columnIndex(layout, 'rnti');
  if (rnti >= 0 && (first === 'rat' || first === 'rnti')) {
    const roles = columnRoles(layout, ENB_COLUMNS, ['rat', 'pci', 'rnti']);
    return { kind: 'enb', layout, rat, pci, rnti, roles };
  }

  const cc = columnIndex(layout, 'cc');
  if (rnti < 0 && pci >= 0 && (first === 'rat' || first === 'cc')) {
    const roles = columnRoles(layout, UE_COLUMNS, ['rat', 'cc']);
    // The serving pci is identity, not a value; a neighbour pci stays a value.
    roles[pci] = null;
    return { kind: 'ue', layout, rat, cc, pci, roles };
  }
  return null;
}

/** Messages srsENB and srsUE print on the console that carry no MAC content. */
const MESSAGE_PREFIXES = [
  'Reading configuration file',
  'Built in ',
  'Opening ', // "Opening 1 channels in RF device=…"
  'Supported RF device list',
  'Active RF plugins',
  'Inactive RF plugins',
  'RF device ',
  'Current sample rate is',
  'set TX frequency to',
  'set RX frequency to',
  'Setting frequency:',
  'RF status:',
  'Enter t to ', // reply to `t`: "Enter t to stop trace."
  'Closing log',
  'Stopping ..',
  '[INFO] [', // radio driver (UHD)
  '[WARNING] [',
  '[ERROR] [',
  // srsENB
  '---  Software Radio Systems', // "---  Software Radio Systems LTE eNodeB  ---"
  '==== ', // "==== eNodeB started ==="
  'Type <t> to view trace',
  'tx caution errors',
  'rx caution errors',
  // srsUE
  'Waiting PHY to initialize',
  'Attaching UE',
  'Detaching UE',
  'Found Cell:',
  'Found PLMN:',
  'RRC Connected',
  'RRC NR reconfiguration',
  'Network attach successful',
  'PDU Session Establishment successful',
  '---  exiting  ---',
];

/** The ZMQ radio's per-channel arguments: "CHx base_srate=23.04e6", "CH0 rx_port=…". */
const CHANNEL_ARGS = /^CH(?:x|\d+) /;
/** srsUE after attach: the network's name with its date, time and zone from NAS. */
const NETWORK_TIME = / \d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{1,2}:\d{1,2} TZ:-?\d+$/;
/** srsUE's cell search progress, and the commands typed at either console. */
const PROGRESS_OR_COMMAND = /^(?:\.+|[tq])$/;

function isKnownMessage(text: string): boolean {
  return (
    MESSAGE_PREFIXES.some((p) => text.startsWith(p)) ||
    CHANNEL_ARGS.test(text) ||
    NETWORK_TIME.test(text) ||
    PROGRESS_OR_COMMAND.test(text)
  );
}

/** srsUE instead of its rows while not connected. */
const DISCONNECTED = '--- disconnected ---';
const USER_CONNECTED = /^User (0x[0-9a-fA-F]+) connected$/;
const USER_REMOVED = /^Disconnecting rnti=(0x[0-9a-fA-F]+)\.?$/;
/** srsUE's LTE cell search found the cell it camps on: "Found Cell:  Mode=FDD, PCI=1, ...". */
const FOUND_CELL = /^Found Cell: .*\bPCI=(\d+)/;

class Srs4gConsoleParser implements LineParser {
  /** The table of the latest header; null before one, or after the header of another table. */
  private table: Table | null = null;
  private groupLine: string | null = null;
  private readonly clock = new PeriodClock();
  /** RAT of the last "Random Access Transmission", and the C-RNTI each RAT was given. */
  private raRat: Rat | null = null;
  private readonly crnti = new Map<Rat, number>();
  /** srsUE: the serving cell last known on each RAT, from a row or the LTE cell search. */
  private readonly cellOf = new Map<Rat, string>();
  /** srsUE random-access records waiting for the cell of their RAT (see the top). */
  private readonly waitingRa: { rat: Rat; record: RaRecord }[] = [];

  constructor(private readonly periodSec: number) {}

  parse(raw: string, lineNo: number, out: RecordSink): LineKind {
    const line = stripAnsi(raw);
    const start = firstNonSpace(line);
    const groupAbove = this.groupLine;
    this.groupLine = null;
    if (start < 0) return LineKind.Other;

    if (isGroupLine(line)) {
      this.groupLine = line;
      return LineKind.Other;
    }

    const tokens = tokenize(line);
    if (isHeaderTokens(tokens)) {
      this.table = tableOf(buildLayout(line, groupAbove));
      if (this.table === null) return LineKind.Unrecognised;
      this.clock.reportStart();
      return LineKind.Other;
    }

    const row = this.parseRow(tokens, lineNo, out);
    if (row !== null) return row;
    return this.parseMessage(line.slice(start).trimEnd(), lineNo, out);
  }

  finish(out: RecordSink): void {
    for (const rat of ['lte', 'nr'] as const) this.placeRandomAccess(rat, out);
  }

  /**
   * A table row's kind, or null when the line is not a row of the current table (then it may
   * still be a message).
   */
  private parseRow(tokens: string[], lineNo: number, out: RecordSink): LineKind | null {
    const table = this.table;
    if (table === null) return null;
    const values = rowValues(tokens, table.layout);
    if (values === null) return null;
    switch (table.kind) {
      case 'enb':
        return this.enbRow(table, values, lineNo, out);
      case 'ue':
        return this.ueRow(table, values, lineNo, out);
    }
  }

  private enbRow(table: EnbTable, values: string[], lineNo: number, out: RecordSink) {
    const rat = table.rat >= 0 ? (values[table.rat] ?? '') : '';
    const pci = table.pci >= 0 ? (values[table.pci] ?? '') : null;
    const rnti = parseRnti(values[table.rnti] ?? null);
    if (rnti === null || (table.rat >= 0 && !isRat(rat))) return null;
    if (pci !== null && !/^\d+$/.test(pci)) return null;

    const period = this.clock.row(`${rat}/${pci}/${rnti}`);
    // An NSA table without a pci column still tells the LTE cell from the NR one.
    const cell = pci ?? (rat === '' ? null : rat);
    const row = { ...periodTime(period, this.periodSec), line: lineNo, cell, rnti };
    const stats = rowStats(values, table.roles);
    if (rat === 'nr') dropNrPlaceholders(stats);
    pushRowRecords(out, row, 'srsenb-console', this.periodSec, stats);
    return LineKind.Record;
  }

  private ueRow(table: UeTable, values: string[], lineNo: number, out: RecordSink) {
    // Without a rat column the table has only LTE carriers, numbered by `cc`.
    const rat = table.rat >= 0 ? (values[table.rat] ?? '') : 'lte';
    const carrier = table.rat >= 0 ? rat : `cc${values[table.cc] ?? ''}`;
    const pci = values[table.pci] ?? '';
    if (!isRat(rat) || (table.rat < 0 && !/^\d+$/.test(values[table.cc] ?? ''))) return null;
    if (pci !== 'n/a' && !/^\d+$/.test(pci)) return null;

    const period = this.clock.row(`${carrier}/${pci}`);
    const cell = pci === 'n/a' ? null : pci;
    if (cell !== null) {
      this.cellOf.set(rat, cell);
      this.placeRandomAccess(rat, out);
    }
    const rnti = this.crnti.get(rat) ?? null;
    const row = { ...periodTime(period, this.periodSec), line: lineNo, cell, rnti, ue: OWN_UE };
    pushRowRecords(out, row, 'srsue-console', this.periodSec, rowStats(values, table.roles));
    return LineKind.Record;
  }

  /** A srsUE random-access record: it waits for its cell, unless no line told its RAT. */
  private ueRandomAccess(record: RaRecord, out: RecordSink): void {
    if (this.raRat === null) out.push(record);
    else this.waitingRa.push({ rat: this.raRat, record });
  }

  /** Writes the waiting random-access records of `rat` in the cell last known on it. */
  private placeRandomAccess(rat: Rat, out: RecordSink): void {
    if (this.waitingRa.length === 0) return;
    const cell = this.cellOf.get(rat) ?? null;
    const waiting = this.waitingRa.splice(0);
    for (const w of waiting) {
      if (w.rat !== rat) this.waitingRa.push(w);
      else out.push({ ...w.record, cell });
    }
  }

  private parseMessage(text: string, lineNo: number, out: RecordSink): LineKind {
    const base = { ...periodTime(this.clock.current, this.periodSec), line: lineNo, ue: null };
    const ueBase = { ...base, ue: OWN_UE };

    if (text.startsWith('Random Access Transmission:')) {
      // LTE prints the preamble as seq=, NR as preamble_index= (after prach_occasion=).
      this.raRat = text.includes('preamble_index=') ? 'nr' : 'lte';
      const preamble = numField(text, 'seq=') ?? numField(text, 'preamble_index=');
      this.ueRandomAccess(raRecord(ueBase, null, null, 'preamble', null, preamble, null), out);
      return LineKind.Record;
    }
    if (text.startsWith('Random Access Complete.')) {
      const rnti = parseRnti(field(text, 'c-rnti='));
      if (rnti !== null && this.raRat !== null) this.crnti.set(this.raRat, rnti);
      const ta = numField(text, 'ta=');
      this.ueRandomAccess(raRecord(ueBase, null, rnti, 'complete', 'ok', null, ta), out);
      return LineKind.Record;
    }
    const found = FOUND_CELL.exec(text);
    if (found !== null) {
      // A new search: what waits on LTE was an access to the cell known before it.
      this.placeRandomAccess('lte', out);
      this.cellOf.set('lte', found[1]);
      return LineKind.Other;
    }
    if (text.startsWith('RACH:')) {
      // "RACH:  tti=9661, cc=0, pci=1, preamble=47, offset=25, temp_crnti=0x46"
      const rnti = parseRnti(field(text, 'temp_crnti='));
      const preamble = numField(text, 'preamble=');
      const offset = numField(text, 'offset=');
      out.push(raRecord(base, field(text, 'pci='), rnti, 'preamble', null, preamble, offset));
      return LineKind.Record;
    }
    return this.parseUeEvent(text, base, out);
  }

  private parseUeEvent(text: string, base: MessageBase, out: RecordSink): LineKind {
    // srsENB RRC: "User 0x47 connected" (reconfiguration complete), "Disconnecting rnti=0x46."
    const match = USER_CONNECTED.exec(text) ?? USER_REMOVED.exec(text);
    if (match !== null) {
      const event = text.startsWith('User') ? 'connected' : 'removed';
      const rnti = parseRnti(match[1] ?? null);
      out.push({ ...base, kind: 'ue', cell: null, rnti, event, detail: text, oldRnti: null });
      return LineKind.Record;
    }

    if (text === DISCONNECTED) {
      this.clock.emptyReport();
      return LineKind.Other;
    }
    // The eNB prints its RF status at the start of a report (srsUE also at its end).
    if (text.startsWith('RF status:') && this.table?.kind === 'enb') this.clock.reportStart();
    return isKnownMessage(text) ? LineKind.Other : LineKind.Unrecognised;
  }
}

interface MessageBase {
  tSec: number;
  tNsec: number;
  line: number;
  ue: string | null;
}

function raRecord(
  base: MessageBase,
  cell: string | null,
  rnti: number | null,
  step: 'preamble' | 'complete',
  outcome: 'ok' | null,
  preamble: number | null,
  ta: number | null,
) {
  return { ...base, kind: 'ra' as const, cell, rnti, step, outcome, cause: null, preamble, ta };
}

/**
 * The eNB prints an `nr` row from its NR MAC's UE metrics, which are zeroed every period and
 * filled only with what that MAC measures: it never fills the PHR, and depending on the
 * version not the UL MCS either; and the printer writes 0 for a missing MCS. So on an `nr`
 * row a 0 in phr or mcs is "not measured" ("nr 4601 ... 0 0 6.1M 95": UL at 6.1 Mbit/s with
 * "MCS 0"), never a sample.
 */
function dropNrPlaceholders(stats: Record<string, number | null>): void {
  for (const key of [STATS_KEYS.phr, STATS_KEYS.dlMcs, STATS_KEYS.ulMcs]) {
    if (stats[key] === 0) stats[key] = null;
  }
}

function isRat(text: string): text is Rat {
  return text === 'lte' || text === 'nr';
}

/** Lines only these consoles print: a sign of the format where no table header is in sight. */
const CONSOLE_MARKERS = [
  'Random Access Transmission:',
  'Random Access Complete.',
  'RACH:  ',
  '==== eNodeB started',
  '---  Software Radio Systems LTE eNodeB',
  'Attaching UE...',
  'Found PLMN:',
  'Network attach successful',
];

function isTableHeader(line: string): boolean {
  const tokens = tokenize(line);
  return isHeaderTokens(tokens) && ['rat', 'rnti', 'cc'].includes(tokens[0] ?? '');
}

const ROW_SHAPE = /^\s*(?:lte|nr|[0-9a-f]+)\s+(?:\d+|n\/a)\s+\S+\s+\S+\s+\S+/;

export const srs4gConsoleFormat: FormatDefinition = {
  id: 'srs4g-console',
  name: 'srsENB / srsUE console (srsRAN 4G)',
  // 6: a cell's bit rate from its UEs' rows counts their periods, as the UEs' do.
  version: '6',
  description:
    'The metrics trace and messages that srsENB and srsUE (srsRAN 4G, srsLTE) print on ' +
    'their console, including LTE+NR (NSA) rows.',
  clock: 'elapsed',

  sniff(lines) {
    if (lines.some(isTableHeader)) return 0.95;
    if (lines.some((l) => CONSOLE_MARKERS.some((m) => l.startsWith(m)))) return 0.6;
    const rows = lines.filter((l) => ROW_SHAPE.test(l)).length;
    return rows >= 3 && rows >= lines.length / 2 ? 0.1 : 0;
  },

  create(ctx) {
    return new Srs4gConsoleParser(periodOption(ctx.options));
  },
};
