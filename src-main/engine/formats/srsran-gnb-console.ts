/**
 * The srsRAN Project gNB console metrics table (and its OCUDU fork), printed after typing `t`:
 *
 *               |--------------------DL---------------------|-------------UL--------------
 *      pci rnti | cqi  ri  mcs  brate   ok  nok  (%)  dl_bs | pusch  rsrp  mcs  brate ...
 *        1 4601 |  15   1   28   2.4M  178    0   0%      0 |  27.4 -40.4   28   214k ...
 *
 * One row per UE per metrics period, no timestamps. The columns differ between versions (v23
 * had neither `ri`, `dl_bs`, `rsrp`, `ta` nor `phr`; later ones add an UL `ri`), so they are
 * read from the latest header. Values carry SI suffixes; `n/a` means not measured and `ovl`
 * an RSRP at or above 0 dBFS (both null). The rnti is hex, without 0x ("4601") or with it.
 *
 * Time: row periods counted by `PeriodClock`, `periodSec` (default 1) seconds apart. A row
 * whose pci and rnti already appear in the current period starts the next. A header starts
 * one too, but only while a single cell has shown rows: the gNB prints its header before the
 * rows of the 11th cell report, and with several cells one report per cell is printed per
 * period, so the header may fall between two cells of the same period.
 *
 * Not done: a UE that changes pci and rnti in a handover cannot be followed without guessing,
 * so each (pci, rnti) is its own subject; and such a change, where no other row marks the
 * period, leaves the new rnti's first row in the old rnti's last period.
 *
 * Records per row: `stats` (scope ue, all columns, STATS_KEYS names where they fit, others
 * as `ul_ri`, `dl_nok_pct`), and `csi`, `phr` and `bsr` from the cqi/ri, phr and bsr columns
 * when they hold a value; cell is the pci, ue is null.
 *
 * Line kinds: rows and headers of the UE table are Record and Other. Banners, command replies
 * and typed commands that the srsRAN Project apps print or echo (see `isKnownMessage`) are
 * Other. Everything else is Unrecognised, including rows before the first header (their
 * columns are unknown), cut rows, and headers and rows of other tables.
 */
import type { FormatDefinition, LineParser, RecordSink } from './types.js';
import { LineKind } from './types.js';
import { parseRnti, stripAnsi } from './text.js';
import { STATS_KEYS } from '../../../src-shared/records.js';
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

/** Columns whose meaning is known, by the group they sit under. */
const KNOWN_COLUMNS: readonly KnownColumn[] = [
  { group: 'dl', name: 'cqi', key: STATS_KEYS.cqi, how: 'number' },
  { group: 'dl', name: 'ri', key: STATS_KEYS.ri, how: 'number' },
  { group: 'dl', name: 'mcs', key: STATS_KEYS.dlMcs, how: 'number' },
  { group: 'dl', name: 'brate', key: STATS_KEYS.dlBitrate, how: 'number' },
  { group: 'dl', name: 'ok', key: STATS_KEYS.dlOk, how: 'number' },
  { group: 'dl', name: 'nok', key: STATS_KEYS.dlNok, how: 'number' },
  { group: 'dl', name: '(%)', key: 'dl_nok_pct', how: 'percent' },
  { group: 'dl', name: 'dl_bs', key: STATS_KEYS.dlBuffer, how: 'number' },
  { group: 'ul', name: 'pusch', key: STATS_KEYS.puschSnr, how: 'number' },
  // PUSCH RSRP as the gNB measures it (relative to its ADC full scale, hence `ovl` at >= 0).
  { group: 'ul', name: 'rsrp', key: STATS_KEYS.rsrp, how: 'number' },
  { group: 'ul', name: 'ri', key: 'ul_ri', how: 'number' },
  { group: 'ul', name: 'mcs', key: STATS_KEYS.ulMcs, how: 'number' },
  { group: 'ul', name: 'brate', key: STATS_KEYS.ulBitrate, how: 'number' },
  { group: 'ul', name: 'ok', key: STATS_KEYS.ulOk, how: 'number' },
  { group: 'ul', name: 'nok', key: STATS_KEYS.ulNok, how: 'number' },
  { group: 'ul', name: '(%)', key: 'ul_nok_pct', how: 'percent' },
  { group: 'ul', name: 'bsr', key: STATS_KEYS.bsr, how: 'number' },
  { group: 'ul', name: 'ta', key: STATS_KEYS.ta, how: 'ta-us' },
  { group: 'ul', name: 'phr', key: STATS_KEYS.phr, how: 'number' },
];

const SOURCE = 'srsran-console';

/** A table header we can read rows under: where pci and rnti are, and what the rest mean. */
interface UeTable {
  layout: TableLayout;
  pci: number;
  rnti: number;
  roles: ColumnRole[];
}

/** The table a header opens, or null for a table without pci and rnti (not the UE table). */
function tableOf(layout: TableLayout): UeTable | null {
  const pci = columnIndex(layout, 'pci');
  const rnti = columnIndex(layout, 'rnti');
  if (pci < 0 || rnti < 0) return null;
  return { layout, pci, rnti, roles: columnRoles(layout, KNOWN_COLUMNS, ['pci', 'rnti']) };
}

/**
 * Text the gNB prints on its console besides the table (srsRAN Project apps: banners, the
 * per-cell line at start, command replies), and radio driver (UHD) messages.
 */
const MESSAGE_PREFIXES = [
  '--== ', // "--== srsRAN gNB (commit 1234abc) ==--"
  '==== ', // "==== gNB started ===", "==== gNodeB started ==="
  'Type <', // "Type <h> to view help", "Type <t> to view trace"
  'Cell pci=',
  'Available commands:',
  'Available radio types:',
  'N2: Connection to AMF',
  'Remote control server listening',
  'Tx gain set to ',
  'Rx gain set to ',
  'Invalid ', // replies to malformed commands
  'Setting TX gain was not successful',
  'Setting RX gain was not successful',
  'Interactive radio control is not supported',
  'Nonexistent ',
  'The provided seconds is not a number',
  'The number of seconds to sleep cannot be negative',
  'Stopping ..',
  '[INFO] [',
  '[WARNING] [',
  '[ERROR] [',
];

/** Commands the operator typed (echoed by the terminal): t, q, h, tx_gain, rx_gain, log, sleep. */
const TYPED_COMMAND = /^(?:[tqh]|t \w+|(?:tx_gain|rx_gain|log) \S+ \S+|sleep \S+)$/;

/** UHD prints U, O, L, S for underflows, overflows, late packets and sequence errors. */
const RADIO_FLOW_MARKS = /^[UOLSD]+$/;

function isKnownMessage(text: string): boolean {
  return (
    MESSAGE_PREFIXES.some((p) => text.startsWith(p)) ||
    TYPED_COMMAND.test(text) ||
    RADIO_FLOW_MARKS.test(text)
  );
}

class GnbConsoleParser implements LineParser {
  /** The table of the latest header; null before one, or after the header of another table. */
  private table: UeTable | null = null;
  /** The previous line when it was a group line: the header that follows takes its groups. */
  private groupLine: string | null = null;
  /** Inside the reply to `h`, whose lines start with a tab. */
  private inHelp = false;
  private readonly clock = new PeriodClock();
  /** Every pci that has had a row so far. */
  private readonly pcis = new Set<string>();

  constructor(private readonly periodSec: number) {}

  parse(raw: string, lineNo: number, out: RecordSink): LineKind {
    const line = stripAnsi(raw);
    const start = firstNonSpace(line);
    const groupAbove = this.groupLine;
    this.groupLine = null;
    if (start < 0) {
      this.inHelp = false;
      return LineKind.Other;
    }

    const c = line.charCodeAt(start);
    if (c >= 48 && c <= 57) return this.parseRow(line, lineNo, out);
    if (isGroupLine(line)) {
      this.groupLine = line;
      this.headerPrinted();
      return LineKind.Other;
    }

    const tokens = tokenize(line);
    if (isHeaderTokens(tokens)) {
      this.table = tableOf(buildLayout(line, groupAbove));
      if (this.table === null) return LineKind.Unrecognised;
      this.headerPrinted();
      return LineKind.Other;
    }
    return this.parseMessage(line, start);
  }

  finish(): void {}

  private parseMessage(line: string, start: number): LineKind {
    if (this.inHelp && line.charCodeAt(0) === 9) return LineKind.Other;
    const text = line.slice(start).trimEnd();
    this.inHelp = text.startsWith('Available commands:');
    return isKnownMessage(text) ? LineKind.Other : LineKind.Unrecognised;
  }

  /** The gNB printed its header: a new period, unless several cells report separately. */
  private headerPrinted(): void {
    if (this.pcis.size <= 1) this.clock.reportStart();
  }

  private parseRow(line: string, lineNo: number, out: RecordSink): LineKind {
    const table = this.table;
    if (table === null) return LineKind.Unrecognised;
    const values = rowValues(tokenize(line), table.layout);
    if (values === null) return LineKind.Unrecognised;

    const pci = values[table.pci] ?? '';
    const rnti = parseRnti(values[table.rnti] ?? null);
    if (!/^\d+$/.test(pci) || rnti === null) return LineKind.Unrecognised;

    const period = this.clock.row(`${pci}/${rnti}`);
    this.pcis.add(pci);
    const time = periodTime(period, this.periodSec);
    const row = { ...time, line: lineNo, cell: pci, rnti };
    pushRowRecords(out, row, SOURCE, this.periodSec, rowStats(values, table.roles));
    return LineKind.Record;
  }
}

/** A line of column names of the gNB UE table: it starts with "pci rnti". */
function isGnbHeader(line: string): boolean {
  const tokens = tokenize(line);
  return isHeaderTokens(tokens) && tokens[0] === 'pci' && tokens[1] === 'rnti';
}

/** A row of the table: pci, rnti, then values (a weak hint when no header is in sight). */
const ROW_SHAPE = /^\s*\d+\s+(?:0x)?[0-9a-f]+\s+(?:\|\s+)?(?:\d+|n\/a)\s/;

export const srsranGnbConsoleFormat: FormatDefinition = {
  id: 'srsran-gnb-console',
  name: 'srsRAN Project gNB console metrics',
  // 5: a cell's bit rate from its UEs' rows counts their periods, as the UEs' do.
  version: '5',
  description:
    'The per-UE metrics table the srsRAN Project (and OCUDU) gNB prints on its console, ' +
    'one row per UE per metrics period.',
  clock: 'elapsed',

  sniff(lines) {
    if (lines.some(isGnbHeader)) return 0.95;
    const rows = lines.filter((l) => ROW_SHAPE.test(l)).length;
    return rows >= 3 && rows >= lines.length / 2 ? 0.1 : 0;
  },

  create(ctx) {
    return new GnbConsoleParser(periodOption(ctx.options));
  },
};
