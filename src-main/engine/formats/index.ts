/**
 * The built-in formats. Sniffing tries them in this order and keeps the most confident,
 * so a more specific format goes before a more general one.
 */
import { CODED_FORMATS } from './coded.js';
import { BUILTIN_DECLARATIVE_FORMATS } from './declarative/builtin.js';
import type { FormatDefinition } from './types.js';

export const BUILTIN_FORMATS: readonly FormatDefinition[] = [
  ...CODED_FORMATS,
  // Formats written as YAML definitions (definitions/*.yaml): the vendor gNB log.
  ...BUILTIN_DECLARATIVE_FORMATS,
];
