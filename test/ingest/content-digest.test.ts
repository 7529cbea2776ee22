/**
 * The SHA-256 kept for each file is the one `sha256sum` prints, for files smaller and
 * larger than the hash's read block, and for an empty one; for a .gz file, the one
 * `gzip -dc | sha256sum` prints, also when the gzip data are cut short.
 */
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contentDigest,
  gzipSizeHint,
  sha256,
  startsWith,
} from '../../src-main/ingest/content-digest.js';
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

describe('contentDigest of a .gz file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'maclog-gz-'));
  const plain = join(dir, 'enb.log');
  const gz = join(dir, 'enb.log.gz');
  writeFileSync(plain, readFileSync(samplePath('srslte-enb-debug.log')));
  execFileSync('gzip', ['-k', plain]);

  it('is the digest of the decompressed bytes, as of the plain file', async () => {
    const digest = await contentDigest(gz, true);

    expect(digest.sha256).toBe(coreutilsSha256(plain));
    expect(digest.bytes).toBe(statSync(plain).size);
    expect(await contentDigest(plain, false)).toEqual(digest);
  });

  it('gives the content size from the gzip trailer without decompressing', async () => {
    expect(await gzipSizeHint(gz, statSync(gz).size)).toBe(statSync(plain).size);
  });

  it('hashes gzip data cut short as far as they decompress', async () => {
    const cut = join(dir, 'cut.log.gz');
    writeFileSync(cut, readFileSync(gz));
    truncateSync(cut, Math.floor(statSync(gz).size / 2));
    // What gzip itself gets out of the cut file (it complains, and exits non-zero).
    const partial = join(dir, 'cut.log');
    execSync(`gzip -dc ${cut} > ${partial} 2>/dev/null || true`);

    const digest = await contentDigest(cut, true);

    expect(digest.bytes).toBeGreaterThan(0);
    expect(digest.bytes).toBeLessThan(statSync(plain).size);
    expect(digest.sha256).toBe(coreutilsSha256(partial));
  });

  it('tells that the whole .gz begins with what a copy cut short decompressed to', async () => {
    const cut = join(dir, 'half.log.gz');
    writeFileSync(cut, readFileSync(gz));
    truncateSync(cut, Math.floor(statSync(gz).size / 2));
    const earlier = await contentDigest(cut, true);

    expect(await startsWith(gz, true, earlier)).toBe(true);
    expect(await startsWith(plain, false, earlier)).toBe(true);
    // Another log does not begin with it, nor does the part begin with the whole.
    expect(await startsWith(samplePath('srsran-gnb-nr.log'), false, earlier)).toBe(false);
    expect(await startsWith(cut, true, await contentDigest(gz, true))).toBe(false);
  });
});
