/**
 * The SHA-256 kept for each file is the one `sha256sum` prints, for files smaller and
 * larger than the hash's read block, and for an empty one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src-main/ingest/service.js';
import { samplePath } from '../samples.js';

function coreutilsSha256(path: string): string {
  return execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0];
}

describe('sha256', () => {
  const dir = mkdtempSync(join(tmpdir(), 'maclog-sha-'));

  it('agrees with sha256sum on a sample', async () => {
    const path = samplePath('srsran-gnb-nr.log');
    expect(await sha256(path)).toBe(coreutilsSha256(path));
  });

  it('agrees with sha256sum on a file of several read blocks and a part', async () => {
    const path = join(dir, 'big.log');
    const text = readFileSync(samplePath('srslte-enb-debug.log'));
    const copies = Math.ceil((9.5 * 1024 * 1024) / text.length);
    writeFileSync(path, Buffer.concat(Array.from({ length: copies }, () => text)));
    expect(await sha256(path)).toBe(coreutilsSha256(path));
  });

  it('agrees with sha256sum on an empty file', async () => {
    const path = join(dir, 'empty.log');
    writeFileSync(path, '');
    expect(await sha256(path)).toBe(coreutilsSha256(path));
  });
});
