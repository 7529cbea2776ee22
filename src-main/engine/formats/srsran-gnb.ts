/**
 * The srsRAN Project gNB file log (5G NR), also written by its OCUDU fork:
 *
 *   2023-11-06T20:04:31.426993 [SCHED   ] [I] [   519.7] Slot decisions cell=0 t=15us ...
 *   2023-11-06T20:04:31.464150 [UL-PHY2 ] [I] [   522.9] PUSCH: rnti=0x4601 h_id=0 ... crc=OK
 *   2026-06-29T14:10:11.345650 [METRICS ] Scheduler UE ue=81 pci=1 rnti=0x4666 metrics: ...
 *
 * What becomes records (details in srsran-gnb/*.ts):
 * - scheduler slot decisions: DL and UL grants (with retransmissions inferred per HARQ
 *   process), RAR, Msg3; at debug level a header line and untimestamped "- " lines, whose
 *   records take the header's time and line number; HARQ processes given up (discards);
 *   scheduler events (PRACH, UE creation and removal, and at debug HARQ-ACK, CRC, CSI);
 * - PHY: PUSCH CRC (UL decodes), HARQ-ACK bits of PUCCH and PUSCH (DL decodes, matched to the
 *   DL grant by slot + k1), 4-bit CSI Part 1 (CQI), PRACH detections (preamble steps);
 * - MAC: BSR and PHR control elements, Msg3 (CCCH, C-RNTI CE), contention resolution (Msg4),
 *   radio link failures, cell start and stop;
 * - DU manager: UE creation and removal;
 * - METRICS: cell and UE statistics.
 * Everything else that has the line shape (RLC, PDCP, RRC, NGAP, config and JSON dumps) is
 * Other. Not read: SIB and paging grants, SR, SRS, RLC buffer states.
 *
 * Cells: lines name a cell by its index ("cell=0") or by its PCI ("pci=1"), one gNB both
 * ways. After a "Cell creation idx=0 pci=1" a cell is keyed by its index on every line;
 * metrics lines before any creation take the cell their UEs were granted in.
 *
 * Options: `pdschGrants` (boolean) makes PHY PDSCH lines DL grants, for logs where the
 * scheduler logs below info; `periodSec` (number) is the period of metrics lines that
 * do not print theirs (default 1: the gNB's default report period); `cellPcis`
 * ("pci=index,...") is read from the cell creation lines in the file's first 256 KB.
 */
import type { FormatDefinition } from './types.js';
import { SrsranGnbParser } from './srsran-gnb/parser.js';
import { createdCell } from './srsran-gnb/sched.js';
import { readHeader, LineHeader, startsWithTimestamp } from './srsran-gnb/header.js';

/** Loggers of the srsRAN Project gNB (not of srsRAN 4G, whose tags are padded to 7). */
const GNB_TAGS = new Set(['GNB', 'DU-MNG', 'SCHED', 'METRICS', 'CU-CP', 'DU-F1', 'DU', 'FAPI']);

/**
 * Confidence from the timestamped lines among `lines`: srsRAN Project pads its logger tags to
 * 8 characters ("[SCHED   ]"), srsRAN 4G to 7; gNB-only tags make it surer.
 */
function sniff(lines: readonly string[]): number {
  const h = new LineHeader();
  let stamped = 0;
  let padded = 0;
  let gnbTags = 0;
  for (const line of lines) {
    if (!readHeader(line, h)) continue;
    stamped++;
    const bracketWidth = line.indexOf(']', h.tagStart) - h.tagStart;
    if (bracketWidth === 8) padded++;
    if (GNB_TAGS.has(line.slice(h.tagStart, h.tagEnd)) || h.tagStartsWith(line, 'UL-PHY')) {
      gnbTags++;
    }
  }
  if (stamped === 0 || padded === 0) return 0;
  const share = padded / stamped;
  if (share < 0.5) return 0.1;
  if (padded >= 3 && gnbTags > 0) return share >= 0.8 ? 0.95 : 0.8;
  return 0.5;
}

function positiveNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

export const srsranGnbFormat: FormatDefinition = {
  id: 'srsran-gnb',
  name: 'srsRAN Project gNB log',
  // 3: a UE index the DU reuses is a UE per connection (see engine/connections.ts).
  // 4: metrics lines tell no retransmissions (a UE known from them alone has no count).
  // 6: a cell whose UEs are known from metrics lines alone counts their periods.
  version: '6',
  description:
    'The srsRAN Project (and OCUDU) gNB file log: scheduler decisions, PHY and MAC ' +
    'events and the periodic metrics lines.',
  clock: 'epoch',
  sniff,
  isRecordStart: startsWithTimestamp,
  optionsFromHead,
  create(ctx) {
    return new SrsranGnbParser({
      pdschGrants: ctx.options['pdschGrants'] === true,
      metricsPeriodSec: positiveNumber(ctx.options['periodSec']),
      cellPcis: readCellPcis(ctx.options['cellPcis']),
    });
  },
};

/**
 * The gNB logs each cell's creation once, at its start ("Cell creation idx=0 pci=1"); a
 * range far from the start must still key a cell named by its PCI by its index, as the
 * first range does. Handed on as the `cellPcis` option: "pci=index" pairs, comma-separated.
 */
function optionsFromHead(lines: readonly string[]): Record<string, string> {
  const pairs: string[] = [];
  for (const line of lines) {
    const at = line.indexOf('Cell creation');
    if (at < 0) continue;
    const { idx, pci } = createdCell(line.slice(at));
    if (idx !== null && pci !== null) pairs.push(`${pci}=${idx}`);
  }
  return pairs.length > 0 ? { cellPcis: pairs.join(',') } : {};
}

function readCellPcis(v: unknown): [string, string][] {
  if (typeof v !== 'string') return [];
  return v
    .split(',')
    .map((pair) => pair.split('='))
    .filter((p): p is [string, string] => p.length === 2 && p[0] !== '' && p[1] !== '');
}
