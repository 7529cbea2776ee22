/**
 * Logs without dates get one: from --anchor, else from the log's own header, else from the
 * file's modification time; and midnight wraps move later lines to the next day.
 */
import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';
import { nsToIso } from '../../src-main/cli/render.js';
import { samplePath } from '../samples.js';

const engine = new ParseEngine({ workers: 2 });
afterAll(() => engine.close());

const amarisoft = resolve(import.meta.dirname, '../fixtures/amarisoft/enb-nsa.log');

describe('dates of logs without dates', () => {
  it("takes the date from the log's header (Amarisoft '# Started on'), across midnight", async () => {
    const result = await engine.parse(amarisoft);
    // The fixture starts at 23:59:57 on 2024-03-14 and its last line is after midnight.
    expect(nsToIso(result.firstNs!)).toMatch(/^2024-03-14 23:59:5/);
    expect(nsToIso(result.lastNs!)).toMatch(/^2024-03-15 00:0/);
    expect(result.timeAnchor).toBe(
      "times have no date in this log: day one is 2024-03-14, from the log's own header",
    );
  });

  it('prefers the date the user gives', async () => {
    const result = await engine.parse(amarisoft, { anchorSec: Date.UTC(2025, 0, 2) / 1000 });
    expect(nsToIso(result.firstNs!)).toMatch(/^2025-01-02 23:59:5/);
    expect(nsToIso(result.lastNs!)).toMatch(/^2025-01-03 00:0/);
  });

  it('falls back to the file time, counting back the midnights the log crossed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maclog-anchor-'));
    const copy = join(dir, 'enb.log');
    copyFileSync(samplePath('srslte-enb-rach.log'), copy);
    const mtime = new Date('2022-07-09T10:00:00Z');
    utimesSync(copy, mtime, mtime);

    const result = await engine.parse(copy);
    // The log runs from 07:40 to 07:41 on one day: no midnight to count back.
    expect(nsToIso(result.firstNs!)).toMatch(/^2022-07-09 07:4[01]:/);
    expect(result.timeAnchor).toBe(
      'times have no date in this log: day one is 2022-07-09, from the file time (its last write), 0 midnight(s) earlier',
    );
  });

  it('takes the day before the file time for a log that would otherwise end after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maclog-anchor-'));
    const copy = join(dir, 'enb.log');
    // The sample's lines moved from 07:40 to 23:40, as a log copied at 00:30 the next day.
    const text = readFileSync(samplePath('srslte-enb-rach.log'), 'utf8');
    writeFileSync(copy, text.replace(/^07:/gm, '23:'));
    const mtime = new Date('2022-07-10T00:30:00Z');
    utimesSync(copy, mtime, mtime);

    const result = await engine.parse(copy);

    expect(nsToIso(result.firstNs!)).toMatch(/^2022-07-09 23:4[01]:/);
    expect(result.timeAnchor).toBe(
      'times have no date in this log: day one is 2022-07-09, from the file time (its last ' +
        'write), 0 midnight(s) earlier, and a day before that: the log ends after the file ' +
        'was last written',
    );
  });

  it('keeps the day of the file time for a log up to 14 hours after it (local time)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maclog-anchor-'));
    const copy = join(dir, 'enb.log');
    copyFileSync(samplePath('srslte-enb-rach.log'), copy);
    // 07:41 is 6 hours after the write: a log kept in UTC+7 local time, say.
    const mtime = new Date('2022-07-09T01:41:00Z');
    utimesSync(copy, mtime, mtime);

    const result = await engine.parse(copy);

    expect(nsToIso(result.firstNs!)).toMatch(/^2022-07-09 07:4[01]:/);
  });
});

it('keeps the dates of a log whose lines carry their own, and stores no word of the anchor', async () => {
  const result = await engine.parse(samplePath('srsran-gnb-nr.log'), {
    anchorSec: Date.UTC(2024, 0, 1) / 1000,
  });

  expect(nsToIso(result.firstNs!)).toMatch(/^2023-11-06 20:04:29/);
  // What the anchor did not change is the command's to say (see the CLI test), not the
  // content's: a warning stored here would show at every later view of the file.
  expect(result.warnings).toEqual([]);
});
