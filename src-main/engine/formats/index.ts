/**
 * The built-in formats. Sniffing tries them in this order and keeps the most confident,
 * so a more specific format goes before a more general one.
 */
import type { FormatDefinition } from './types.js';

export const BUILTIN_FORMATS: readonly FormatDefinition[] = [
];
