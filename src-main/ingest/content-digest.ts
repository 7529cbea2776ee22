/**
 * What identifies a file's content in the store: the SHA-256 of its bytes, decompressed for
 * a .gz file, so that `gnb.log` and `gnb.log.gz` are recognised as the same log.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { constants, createGunzip } from 'node:zlib';
import { isGzipDamage } from '../engine/line-reader.js';

export interface ContentDigest {
  sha256: string;
  /** Bytes of content: the file's size, or what its gzip data decompress to. */
  bytes: number;
}

/**
 * The digest of a file's content; `gzip` says that the file is gzip data. `plainBytes`
 * stops a plain file's hash at that many bytes: its size when the ingest began, which is
 * what the parse reads, so that a log that grows meanwhile is stored as what was read of it.
 */
export async function contentDigest(
  path: string,
  gzip: boolean,
  plainBytes = Infinity,
): Promise<ContentDigest> {
  return gzip ? gunzippedDigest(path) : plainDigest(path, plainBytes);
}

/**
 * Whether the content of `path` begins with the content `earlier` digested: the file has
 * grown by appending since, as a log does while it is written or copied.
 */
export async function startsWith(
  path: string,
  gzip: boolean,
  earlier: ContentDigest,
): Promise<boolean> {
  const head = gzip
    ? await gunzippedDigest(path, earlier.bytes)
    : await plainDigest(path, earlier.bytes);
  return head.bytes === earlier.bytes && head.sha256 === earlier.sha256;
}

/** Read size for hashing: big enough that the reads cost little beside the hash. */
const HASH_BLOCK_BYTES = 4 * 1024 * 1024;

/** The SHA-256 of the file's bytes, as `sha256sum` prints it. */
export async function sha256(path: string): Promise<string> {
  return (await plainDigest(path)).sha256;
}

/**
 * It runs beside the workers on the same cores, so it reads into one reused block rather
 * than a stream's new buffer per chunk, which costs garbage collection.
 */
async function plainDigest(path: string, size = Infinity): Promise<ContentDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  const file = await open(path, 'r');
  try {
    const block = Buffer.allocUnsafe(HASH_BLOCK_BYTES);
    while (bytes < size) {
      const want = Math.min(HASH_BLOCK_BYTES, size - bytes);
      const { bytesRead } = await file.read(block, 0, want, null);
      if (bytesRead === 0) break;
      hash.update(block.subarray(0, bytesRead));
      bytes += bytesRead;
    }
  } finally {
    await file.close();
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * The digest of what the gzip data decompress to. Data cut short or corrupt are hashed as
 * far as they decompress, which is as far as the parser reads them: the parse, not the
 * hash, reports the damage.
 */
async function gunzippedDigest(path: string, limit = Infinity): Promise<ContentDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  const source = createReadStream(path, { highWaterMark: HASH_BLOCK_BYTES });
  const gunzip = createGunzip({ chunkSize: HASH_BLOCK_BYTES, finishFlush: constants.Z_SYNC_FLUSH });
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      const part = (chunk as Buffer).subarray(0, limit - bytes);
      hash.update(part);
      bytes += part.length;
      if (bytes >= limit) break;
    }
  } catch (err) {
    if (!isGzipDamage(err)) throw err;
  } finally {
    source.destroy();
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * The content size a gzip file gives in its last four bytes (ISIZE: the size modulo 2^32 of
 * its last member), read without decompressing anything; null when the file is too short.
 */
export async function gzipSizeHint(path: string, fileSize: number): Promise<number | null> {
  if (fileSize < 18) return null;
  const file = await open(path, 'r');
  try {
    const tail = Buffer.alloc(4);
    await file.read(tail, 0, 4, fileSize - 4);
    return tail.readUInt32LE(0);
  } finally {
    await file.close();
  }
}
