/**
 * A user format (a YAML definition in the formats folder) parsed by the worker threads:
 * they use the very definition the engine sniffed the file with and stores the version of,
 * even when the file on disk is edited between the engine's start and the ingest.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseEngine } from '../../src-main/engine/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'maclog-user-formats-'));
const formats = join(dir, 'formats');
mkdirSync(formats);
const definition = join(formats, 'tiny-sched.yaml');
copyFileSync(resolve(import.meta.dirname, '../fixtures/declarative/tiny-sched.yaml'), definition);

// 3000 DL grants of the tiny format, one per line, a millisecond apart.
const GRANTS = 3000;
const log = join(dir, 'tiny.log');
const lines = Array.from({ length: GRANTS }, (_, i) => {
  const ms = String(i % 1000).padStart(3, '0');
  const sec = String(Math.floor(i / 1000)).padStart(2, '0');
  return `10:00:${sec}.${ms}100 [SCHED] DL rnti=4601 h=${i % 8} mcs=20 tbs=1000 rv=0`;
});
writeFileSync(log, lines.join('\n') + '\n');

const engine = new ParseEngine({ workers: 2, userFormatsDir: formats });
afterAll(() => engine.close());

describe('user formats in worker threads', () => {
  it('parses with the definition the engine loaded, though the file changed since', async () => {
    const loaded = engine.catalog.formats.find((f) => f.id === 'tiny-sched')!;
    expect(loaded).toBeDefined();

    // Edited after the engine started: its DL grants would no longer match.
    const edited = readFileSync(definition, 'utf8').replace('(?<dir>DL|UL)', '(?<dir>XL|YL)');
    writeFileSync(definition, edited);

    const result = await engine.parse(log, { ranges: 3 });
    expect(result.format).toEqual({ id: 'tiny-sched', name: loaded.name, version: loaded.version });
    expect(result.lines).toMatchObject({ lines: GRANTS, record: GRANTS, unrecognised: 0 });
    expect(result.recordsByKind.grant).toBe(GRANTS);
  });
});
