/**
 * Uploaded log files, streamed from a multipart request straight into the data folder
 * (never held in memory), each in a folder of its own so that the file keeps its name.
 *
 * A `lastModified` field before a file gives it the browser's modification time: logs
 * without dates are anchored on a file's mtime, and an upload's own would be now.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { UploadFileFields, validate } from '../../src-shared/api.js';

/** The field that gives the next file's modification time (Unix ms). */
export const LAST_MODIFIED_FIELD = 'lastModified';

export interface SavedUpload {
  /** The name the browser sent, cleaned. */
  name: string;
  path: string;
}

export interface UploadRefusal {
  name: string;
  message: string;
  status: number;
}

export interface ReceivedUploads {
  saved: SavedUpload[];
  refused: UploadRefusal[];
  fields: Record<string, string>;
}

/** A name safe to use as a file name: no folders, no control characters, not too long. */
export function cleanName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^\.+/, '')
    .slice(0, 200);
  return clean || 'upload.log';
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * Reads every part of a multipart request: files are written under `uploadsDir`, other
 * fields are returned. A file over the size limit is removed and refused by name.
 */
export async function receiveUploads(
  request: FastifyRequest,
  uploadsDir: string,
  maxBytes: number,
): Promise<ReceivedUploads> {
  const received: ReceivedUploads = { saved: [], refused: [], fields: {} };
  let lastModified: number | null = null;

  for await (const part of request.parts()) {
    if (part.type === 'field' && part.fieldname === LAST_MODIFIED_FIELD) {
      try {
        lastModified = validate(UploadFileFields, { lastModified: part.value }).lastModified;
      } catch (err) {
        await Promise.all(received.saved.map((u) => removeSaved(u)));
        throw err;
      }
      continue;
    }
    if (part.type === 'field') {
      received.fields[part.fieldname] = String(part.value);
      continue;
    }

    const name = cleanName(part.filename);
    const folder = join(uploadsDir, randomUUID());
    const path = join(folder, name);
    await mkdir(folder, { recursive: true });
    let tooLarge = false;
    try {
      await pipeline(part.file, createWriteStream(path));
      tooLarge = part.file.truncated;
    } catch (err) {
      if ((err as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') {
        await rm(folder, { recursive: true, force: true });
        throw err;
      }
      tooLarge = true;
    }

    if (tooLarge) {
      await rm(folder, { recursive: true, force: true });
      const message = `${name}: larger than the upload limit of ${formatBytes(maxBytes)}`;
      received.refused.push({ name, message, status: 413 });
    } else {
      if (lastModified !== null) await utimes(path, new Date(), new Date(lastModified));
      received.saved.push({ name, path });
    }
    lastModified = null;
  }
  return received;
}

export function removeSaved(upload: SavedUpload): Promise<void> {
  return rm(dirname(upload.path), { recursive: true, force: true });
}
