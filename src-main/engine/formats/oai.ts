/**
 * OpenAirInterface (OAI) softmodem logs: the gNB (nr-softmodem, 5G NR), the eNB
 * (lte-softmodem, LTE), and the nrMAC_stats.log file the gNB keeps overwriting with its
 * per-UE MAC statistics. The console logs have no timestamps ("[NR_MAC]   text", colour
 * codes, printf output in between), so time comes from the frame numbers the lines carry
 * (see oai/clock.ts) and a file is parsed in one piece. The three formats share one parser
 * (oai/parser.ts); they differ in how they recognise a file.
 */
import { stripAnsi } from './text.js';
import type { FormatDefinition, ParseContext } from './types.js';
import { isComponent } from './oai/line.js';
import { OaiParser } from './oai/parser.js';
import { isBlockHeader } from './oai/stats-block.js';

/** Tags that only the gNB writes, and those that only the eNB writes. */
const GNB_TAGS = new Set(['NR_MAC', 'NR_PHY', 'NR_RRC', 'GNB_APP', 'NGAP', 'F1AP', 'E1AP']);
const ENB_TAGS = new Set(['ENB_APP', 'S1AP', 'MME_APP', 'MCE_APP', 'FLEXRAN_AGENT']);

interface TagCensus {
  /** Lines that start with a known OAI component tag. */
  tagged: number;
  gnb: boolean;
  enb: boolean;
}

/** The component tag a line starts with (after blanks), or null. */
function leadingTag(line: string): string | null {
  const open = line.indexOf('[');
  if (open < 0 || line.slice(0, open).trim().length > 0) return null;
  const close = line.indexOf(']', open);
  if (close < 0) return null;
  const tag = line.slice(open + 1, close);
  return isComponent(tag) ? tag : null;
}

function census(lines: readonly string[]): TagCensus {
  const result: TagCensus = { tagged: 0, gnb: false, enb: false };
  for (const raw of lines) {
    const tag = leadingTag(stripAnsi(raw));
    if (tag === null) continue;
    result.tagged++;
    if (GNB_TAGS.has(tag)) result.gnb = true;
    if (ENB_TAGS.has(tag)) result.enb = true;
  }
  return result;
}

/** Enough OAI tags to be an OAI console log at all. */
function isOaiConsole(c: TagCensus, lines: readonly string[]): boolean {
  return c.tagged >= 3 && c.tagged >= lines.length * 0.1;
}

/** [MAC] and [PHY] alone do not tell the gNB from the eNB: the NR and eNB-only tags do. */
function sniffGnb(lines: readonly string[]): number {
  const c = census(lines);
  if (!isOaiConsole(c, lines)) return 0;
  if (c.gnb) return c.enb ? 0.7 : 0.95;
  return c.enb ? 0.3 : 0.6;
}

function sniffEnb(lines: readonly string[]): number {
  const c = census(lines);
  if (!isOaiConsole(c, lines)) return 0;
  if (c.enb) return c.gnb ? 0.4 : 0.95;
  return c.gnb ? 0.2 : 0.55;
}

/** nrMAC_stats.log starts with the first UE's block header. */
function sniffMacStats(lines: readonly string[]): number {
  const first = lines.find((l) => l.trim().length > 0);
  return first !== undefined && isBlockHeader(stripAnsi(first).trim()) ? 0.95 : 0;
}

function create(_ctx: ParseContext) {
  return new OaiParser();
}

export const oaiGnbFormat: FormatDefinition = {
  id: 'oai-gnb',
  name: 'OpenAirInterface gNB log',
  // 5: failed UL retransmissions ("ULSCH in error in round 1..3") are a lower bound.
  // 6: a statistics block names its UE by CU-UE-ID.
  // 7: RRC setup complete after a Msg4 with no outcome of its own ends the access well.
  version: '7',
  description:
    'Console log of the OAI nr-softmodem (5G NR gNB): MAC statistics blocks, random access, ' +
    'UE events and, at debug level, per-slot DL/UL scheduling.',
  clock: 'elapsed',
  sniff: sniffGnb,
  create,
};

export const oaiEnbFormat: FormatDefinition = {
  id: 'oai-enb',
  name: 'OpenAirInterface eNB log',
  // 5: failed UL retransmissions ("ULSCH in error in round 1..3") are a lower bound.
  // 6: RRC setup complete after a Msg4 with no outcome of its own ends the access well.
  version: '6',
  description:
    'Console log of the OAI lte-softmodem (LTE eNB): UE status (PHR, CQI), UL decoding ' +
    'errors and HARQ give-ups, random access, UE events.',
  clock: 'elapsed',
  sniff: sniffEnb,
  create,
};

export const oaiNrMacStatsFormat: FormatDefinition = {
  id: 'oai-nrmac-stats',
  name: 'OpenAirInterface nrMAC_stats.log',
  // 3: a block names its UE by CU-UE-ID.
  version: '3',
  description:
    'The per-UE MAC statistics snapshot the OAI gNB rewrites about once a second ' +
    '(cumulative HARQ rounds, errors, BLER, MCS, bytes per logical channel, PH, CQI).',
  clock: 'elapsed',
  sniff: sniffMacStats,
  create,
};
