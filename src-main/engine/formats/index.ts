/**
 * The built-in formats. Sniffing tries them in this order and keeps the most confident,
 * so a more specific format goes before a more general one.
 */
import { amarisoftFormat } from './amarisoft.js';
import { oaiEnbFormat, oaiGnbFormat, oaiNrMacStatsFormat } from './oai.js';
import { srsranGnbConsoleFormat } from './srsran-gnb-console.js';
import { srsranGnbFormat } from './srsran-gnb.js';
import { srs4gConsoleFormat } from './srs4g-console.js';
import { srslteLogFormat, srsran4gLogFormat } from './srs4g-log.js';
import { BUILTIN_DECLARATIVE_FORMATS } from './declarative/builtin.js';
import type { FormatDefinition } from './types.js';

export const BUILTIN_FORMATS: readonly FormatDefinition[] = [
  srsranGnbConsoleFormat,
  srsranGnbFormat,
  srs4gConsoleFormat,
  srslteLogFormat,
  srsran4gLogFormat,
  amarisoftFormat,
  oaiNrMacStatsFormat,
  oaiGnbFormat,
  oaiEnbFormat,
  // Formats written as YAML definitions (definitions/*.yaml): the vendor gNB log.
  ...BUILTIN_DECLARATIVE_FORMATS,
];
