/**
 * Reads the body of a Loki 400 answer to a push. A 400 can be a partial success: Loki kept
 * the valid entries and lists the ones it refused, per stream, as
 *
 *   entry with timestamp 2024-03-01 12:00:00 +0000 UTC ignored, reason: 'entry too far
 *   behind, entry timestamp is: ..., oldest acceptable timestamp is: ...',
 *   user 'fake', total ignored: 3 out of 10 for stream: {app="maclog", ...}
 *
 * (older versions put "for stream: ..." on each entry and end with "total ignored: N out of
 * M"), and refuses entries at the distributor with one line each ("... has timestamp too
 * old ...", "Max entry size ... exceeded ..."). Loki itemises at most a few entries per
 * stream, so the "total ignored" count is the one that counts; the entries it did not
 * itemise are put under the reason of the last one it did.
 */

export interface Rejections {
  /** Entries refused, by reason ("entry too far behind", "line too long", ...). */
  byReason: Record<string, number>;
  total: number;
}

const ITEM = /ignored, reason: '([^']*)'/;
const TOTAL = /total ignored: (\d+) out of (\d+)/;
/** The distributor's refusals, one message per entry, counted wherever they stand. */
const AT_DISTRIBUTOR: [RegExp, string][] = [
  [/has timestamp too old/g, 'timestamp too old'],
  [/has timestamp too new/g, 'timestamp too new'],
  [/Max entry size '?\d+'? bytes exceeded/g, 'line too long'],
];

/**
 * The entries a 400 body says were refused, out of the `sent` entries of the request.
 * A body that names no entry means the whole request was refused, for the reason it gives.
 */
export function readRejections(body: string, sent: number): Rejections {
  const byReason: Record<string, number> = {};
  const add = (reason: string, n: number) => {
    if (n > 0) byReason[reason] = (byReason[reason] ?? 0) + n;
  };

  let itemised = 0;
  let lastReason: string | null = null;
  for (const line of body.split('\n')) {
    const item = ITEM.exec(line);
    if (item) {
      lastReason = reasonOf(item[1]);
      add(lastReason, 1);
      itemised++;
    }
    const total = TOTAL.exec(line);
    if (total) {
      add(lastReason ?? 'unspecified', Number(total[1]) - itemised);
      itemised = 0;
      lastReason = null;
    } else if (!item) {
      for (const [pattern, reason] of AT_DISTRIBUTOR) add(reason, line.match(pattern)?.length ?? 0);
    }
  }
  // Itemised entries with no closing count (a body cut short) stand for themselves.

  const total = Object.values(byReason).reduce((a, b) => a + b, 0);
  if (total === 0) return { byReason: { [clip(body) || 'bad request']: sent }, total: sent };
  return { byReason, total: Math.min(total, sent) };
}

/** The kind of refusal without the timestamps that make each message unique. */
function reasonOf(message: string): string {
  const comma = message.indexOf(',');
  return (comma < 0 ? message : message.slice(0, comma)).trim();
}

function clip(text: string): string {
  const first = text.trim().split('\n')[0] ?? '';
  return first.length > 200 ? `${first.slice(0, 200)}…` : first;
}
