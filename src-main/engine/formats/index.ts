/**
 * The built-in formats. Sniffing tries them in this order and keeps the most confident,
 * so a more specific format goes before a more general one.
 */
import { amarisoftFormat } from './amarisoft.js';
import { oaiEnbFormat, oaiGnbFormat, oaiNrMacStatsFormat } from './oai.js';
import { srsranGnbConsoleFormat } from './srsran-gnb-console.js';
import { srs4gConsoleFormat } from './srs4g-console.js';
import type { FormatDefinition } from './types.js';

export const BUILTIN_FORMATS: readonly FormatDefinition[] = [
  srsranGnbConsoleFormat,
  srs4gConsoleFormat,
  amarisoftFormat,
  oaiNrMacStatsFormat,
  oaiGnbFormat,
  oaiEnbFormat,
];
