/**
 * `--anchor`: an ISO 8601 date or date-time, UTC unless it names a zone; a day that does not
 * exist is refused rather than rolled into the next month.
 */
import { describe, expect, it } from 'vitest';
import { parseAnchor } from '../../src-main/cli/ingest-command.js';

describe('parseAnchor', () => {
  it('reads a date as its midnight UTC, and a date-time as UTC unless it names a zone', () => {
    expect(parseAnchor('2024-05-14')).toBe(Date.UTC(2024, 4, 14) / 1000);
    expect(parseAnchor('2024-05-14T10:00:00')).toBe(Date.UTC(2024, 4, 14, 10) / 1000);
    expect(parseAnchor('2024-05-14T10:00:00+02:00')).toBe(Date.UTC(2024, 4, 14, 8) / 1000);
  });

  it('refuses a day that does not exist, and what is no date', () => {
    expect(() => parseAnchor('2024-02-30')).toThrow('--anchor: "2024-02-30" is not a date');
    expect(() => parseAnchor('2023-02-29')).toThrow('is not a date');
    expect(() => parseAnchor('yesterday')).toThrow('--anchor: "yesterday" is not a date');
  });

  it('says what is wrong in plain words, not in those of the date library', () => {
    expect(() => parseAnchor('2024-13-01')).toThrow(
      '--anchor: "2024-13-01" is not a date (a month, day, hour or minute out of range)',
    );
    expect(() => parseAnchor('14/05/2024')).toThrow('(not an ISO 8601 date)');
    expect(() => parseAnchor('2024-13-01')).not.toThrow('of type number');
  });
});
