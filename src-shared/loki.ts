/**
 * What MAC Log Studio writes to Loki: the stream labels and the fields of each line. The
 * shipper writes lines this way and the Grafana dashboards query them this way, so both
 * import these names from here and nowhere else.
 *
 * Labels stay few and bounded (Loki indexes every distinct label set as a stream): the
 * source format, the file and its import, the cell, and the record kind. UE ids, RNTIs and
 * values are fields of the line, written as logfmt (`key=value`, values with spaces quoted),
 * which LogQL reads with `| logfmt`.
 *
 * Every line is stamped with the log's own time, so Grafana shows the log's timeline.
 */
import type { RecordKind } from './records.js';

/** Stream label names. */
export const LOKI_LABELS = {
  /** Always `maclog`: selects everything this app wrote. */
  app: 'app',
  /** Format id (`srsran-gnb`, `oai-gnb`, ...). */
  format: 'format',
  /** File name without folders. */
  file: 'file',
  /** The import (ingest) id in the app's store, as a decimal string: one per parse of a file. */
  import: 'import',
  /** Cell or sector as the log names it, or `none`. */
  cell: 'cell',
  /** A record kind, or `kpi` for per-second summaries. */
  kind: 'kind',
} as const;

export const APP_LABEL_VALUE = 'maclog';
/** The `cell` label of lines that name no cell. */
export const NO_CELL = 'none';

/** Per-second KPI summaries of one UE or one cell (see `KPI_FIELDS`). */
export const KPI_KIND = 'kpi';

/**
 * One line per UE and per cell per import, stamped with the subject's last activity: its
 * whole-file KPIs and whether it was flagged malperforming (see `SUMMARY_FIELDS`).
 */
export const SUMMARY_KIND = 'summary';

export type LokiKind = RecordKind | typeof KPI_KIND | typeof SUMMARY_KIND;

/**
 * Fields every record line has: the source line number, the UE id and the RNTI (as
 * `0x4601`). A field whose value is unknown is left out of the line.
 */
export const COMMON_FIELDS = {
  line: 'line',
  ue: 'ue',
  rnti: 'rnti',
} as const;

/**
 * Fields of a `kpi` line: one per subject (UE or cell) per second of the log in which it
 * had any activity. Rates in bits per second, BLER as a ratio from 0 to 1, powers in dB.
 */
export const KPI_FIELDS = {
  /** `ue` or `cell`. */
  scope: 'scope',
  ue: 'ue',
  rnti: 'rnti',
  dlBitrate: 'dl_bps',
  ulBitrate: 'ul_bps',
  dlMcs: 'dl_mcs',
  ulMcs: 'ul_mcs',
  /** Failed first transmissions over first transmissions. */
  dlBler: 'dl_bler',
  ulBler: 'ul_bler',
  /** Retransmissions; left out where the log does not tell them all. */
  dlRetx: 'dl_retx',
  ulRetx: 'ul_retx',
  /** Where the log shows failed retransmissions only (OAI eNB): the least there were. */
  dlRetxAtLeast: 'dl_retx_at_least',
  ulRetxAtLeast: 'ul_retx_at_least',
  /** CRC failures (failed decodes), DL and UL together. */
  crcFailures: 'crc_fail',
  phr: 'phr_db',
  bsr: 'bsr_bytes',
  cqi: 'cqi',
  raAttempts: 'ra_attempts',
  raOk: 'ra_ok',
  raFail: 'ra_fail',
} as const;

/** Fields of a `summary` line: those of `KPI_FIELDS` over the whole file, and these. */
export const SUMMARY_FIELDS = {
  ...KPI_FIELDS,
  /** `true` or `false`. */
  malperforming: 'malperforming',
  /** The rule that fired, in words, when malperforming (quoted). */
  rule: 'rule',
} as const;

/**
 * Record fields as they are named in a line: the record's own field names in snake_case
 * (`harqId` -> `harq_id`, `sinrDb` -> `sinr_db`). A stats record's values keep their
 * names (`dl_brate_bps`, ...).
 */
export function lineFieldName(recordField: string): string {
  return recordField.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The stream selector of everything one import wrote, for LogQL. */
export function importSelector(importId: string | number, kind?: LokiKind): string {
  const kindMatcher = kind === undefined ? '' : `, ${LOKI_LABELS.kind}="${kind}"`;
  return `{${LOKI_LABELS.app}="${APP_LABEL_VALUE}", ${LOKI_LABELS.import}="${importId}"${kindMatcher}}`;
}
