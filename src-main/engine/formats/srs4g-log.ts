/**
 * srsLTE and srsRAN 4G file logs (`--log.filename`), eNB and UE: one parser, two formats,
 * because the header changed in srsRAN 4G 21.04 while the messages after it did not:
 *
 *   srsLTE:     `07:41:30.857309 [MAC ] [I] [05216] RACH:  tti=5201, preamble=9, ...`
 *   srsRAN 4G:  `2023-04-21T15:49:25.032941 [MAC    ] [I] [  341] RACH:  tti=341, ...`
 *
 * The parser lives in `srs4g-log/`; see `harq.ts` there for how grant, decode and
 * discard lines of one transport block are tied together, and `ue-ra.ts` for how a srsUE
 * log's random-access procedures are counted (one attempt each, retries within).
 *
 * A transport block's grant, PHY, ACK and discard lines (and a random access from RACH
 * to Msg3) are logged over several lines. A file cut into ranges still links them: the
 * engine lets each range's parser read the log just before the range first (warm-up),
 * and a block left open at a range's end is pushed by `finish`.
 */
import { emptyHeader, readHeader, tagWidth, type TimeStyle } from './srs4g-log/header.js';

export type { TimeStyle };
import { Srs4gParser } from './srs4g-log/parser.js';
import type { FormatDefinition } from './types.js';

export const srslteLogFormat: FormatDefinition = {
  id: 'srslte-log',
  name: 'srsLTE eNB/UE log',
  version: '3',
  description:
    'The file log of srsLTE (srsENB, srsUE) up to 20.x: time of day without a date, ' +
    '4-character tags, scheduler, MAC and PHY lines.',
  clock: 'time-of-day',
  sniff: (lines) => sniffHeaders(lines, 'clock', 4),
  isRecordStart: (line) => startsWithTime(line, 'clock'),
  create: () => new Srs4gParser('clock'),
};

export const srsran4gLogFormat: FormatDefinition = {
  id: 'srsran4g-log',
  name: 'srsRAN 4G eNB/UE log',
  version: '3',
  description:
    'The file log of srsRAN 4G (srsENB, srsUE) from 21.04: ISO timestamps, 7-character ' +
    'tags, scheduler, MAC and PHY lines.',
  clock: 'epoch',
  sniff: (lines) => sniffHeaders(lines, 'iso', 7),
  isRecordStart: (line) => startsWithTime(line, 'iso'),
  create: () => new Srs4gParser('iso'),
};

/**
 * Share of the header-shaped lines (dumps and banners aside) that have this format's
 * timestamp and tag width. The tag width keeps srsRAN 4G (7) apart from the srsRAN
 * Project gNB (8), which also writes ISO timestamps; the two timestamp styles never
 * match each other's lines. A handful of matching lines is not yet evidence.
 */
function sniffHeaders(lines: readonly string[], style: TimeStyle, width: number): number {
  const h = emptyHeader();
  let considered = 0;
  let matched = 0;
  for (const line of lines) {
    const c = line.charCodeAt(0);
    if (c === 32 || c === 9 || c === 91 || c === 123 || c === 125 || c === 93) continue;
    considered++;
    if (readHeader(line, style, h) && tagWidth(h) === width) matched++;
  }
  if (matched === 0) return 0;
  return 0.95 * (matched / considered) * Math.min(1, matched / 5);
}

/** A cheap look at the first characters: `HH:MM:SS.` or `YYYY-MM-DDTHH:MM:SS.`. */
export function startsWithTime(line: string, style: TimeStyle): boolean {
  if (style === 'clock') {
    return (
      isDigit(line, 0) &&
      line.charCodeAt(2) === 58 &&
      line.charCodeAt(5) === 58 &&
      line.charCodeAt(8) === 46
    );
  }
  return (
    isDigit(line, 0) &&
    line.charCodeAt(4) === 45 &&
    line.charCodeAt(10) === 84 &&
    line.charCodeAt(13) === 58 &&
    line.charCodeAt(19) === 46
  );
}

function isDigit(line: string, i: number): boolean {
  const c = line.charCodeAt(i);
  return c >= 48 && c <= 57;
}
