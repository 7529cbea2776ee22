/**
 * `maclog delete ID...`: removes stored files, with every reading of them (their KPIs,
 * series, records kept for shipping) and their shipment history. The log files themselves
 * are not touched, and the jobs that stored them stay listed, without their file.
 */
import type { StoreContext } from './store-context.js';

export function deleteFiles(ctx: StoreContext, fileIds: number[], options: { json?: boolean }) {
  const stored = ctx.store.listFiles();
  const results = [...new Set(fileIds)].map((fileId) => deleteOne(ctx, fileId, stored));

  if (options.json) console.log(JSON.stringify(results, null, 2));
  else for (const r of results) (r.error ? console.error : console.log)(r.error ?? r.message);
  return results.every((r) => r.error === null) ? 0 : 1;
}

interface DeleteResult {
  fileId: number;
  deleted: boolean;
  message: string | null;
  error: string | null;
}

function deleteOne(
  ctx: StoreContext,
  fileId: number,
  stored: ReturnType<StoreContext['store']['listFiles']>,
): DeleteResult {
  const readings = stored.filter((f) => f.fileId === fileId);
  if (readings.length === 0) {
    return { fileId, deleted: false, message: null, error: `No file #${fileId} is stored.` };
  }

  // A shipment that a live process is sending would lose its rows under it.
  const ingestIds = new Set(readings.map((r) => r.ingestId));
  const interrupted = new Set(ctx.store.shipments.interrupted().map((s) => s.id));
  const shipping = ctx.store.shipments
    .list()
    .find((s) => ingestIds.has(s.ingestId) && s.state === 'running' && !interrupted.has(s.id));
  if (shipping) {
    const error =
      `File #${fileId} is being shipped to ${shipping.target} (shipment #${shipping.id}): ` +
      'stop that first, then delete it.';
    return { fileId, deleted: false, message: null, error };
  }

  ctx.store.deleteFile(fileId);
  const { name } = readings[0];
  const formats = readings.map((r) => r.format.id).join(', ');
  const message = `Deleted file #${fileId} (${name}, read as ${formats}); the log file itself is untouched.`;
  return { fileId, deleted: true, message, error: null };
}
