/**
 * The built-in formats written as code, in sniffing order. They load in a few milliseconds;
 * the YAML-defined formats (see index.ts) need the YAML parser and the schema library, so
 * a worker thread that parses a coded format imports only this module.
 */
import { amarisoftFormat } from './amarisoft.js';
import { oaiEnbFormat, oaiGnbFormat, oaiNrMacStatsFormat } from './oai.js';
import { srsranGnbConsoleFormat } from './srsran-gnb-console.js';
import { srsranGnbFormat } from './srsran-gnb.js';
import { srs4gConsoleFormat } from './srs4g-console.js';
import { srslteLogFormat, srsran4gLogFormat } from './srs4g-log.js';
import type { FormatDefinition } from './types.js';

export const CODED_FORMATS: readonly FormatDefinition[] = [
  srsranGnbConsoleFormat,
  srsranGnbFormat,
  srs4gConsoleFormat,
  srslteLogFormat,
  srsran4gLogFormat,
  amarisoftFormat,
  oaiNrMacStatsFormat,
  oaiGnbFormat,
  oaiEnbFormat,
];
