/**
 * Images: used as they are when present, else pulled with progress. The percent is over
 * the bytes of all layers whose size the engine has announced so far, so it can move
 * back when a new layer appears; the UI shows it as it comes.
 */
import type Docker from 'dockerode';

export interface PullEvent {
  id?: string;
  status?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
}

export async function hasImage(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** Pulls `image`, calling `onPercent` with 0..100 (null while sizes are unknown). */
export async function pullImage(
  docker: Docker,
  image: string,
  onPercent: (percent: number | null) => void,
): Promise<void> {
  const stream = await docker.pull(image);
  const progress = new PullProgress();
  let last: number | null | undefined;
  const onProgress = (event: PullEvent) => {
    const percent = progress.update(event);
    if (percent !== last) onPercent(percent);
    last = percent;
  };

  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, events: PullEvent[]) => {
        const failed = events?.find((e) => e.error);
        if (error || failed) reject(error ?? new Error(failed?.error));
        else resolve();
      },
      onProgress,
    );
  });
  onPercent(100);
}

/**
 * Percent of a pull from Docker's progress events ({id, status, progressDetail}). Podman's
 * Docker API (4.x) sends no byte counts: then it stays null until the pull ends.
 */
export class PullProgress {
  private readonly layers = new Map<string, { current: number; total: number }>();

  update(event: PullEvent): number | null {
    const detail = event.progressDetail;
    if (event.id && detail?.total) {
      this.layers.set(event.id, { current: detail.current ?? 0, total: detail.total });
    } else if (event.id && /complete|already exists/i.test(event.status ?? '')) {
      const layer = this.layers.get(event.id);
      if (layer) layer.current = layer.total;
    }
    let current = 0;
    let total = 0;
    for (const layer of this.layers.values()) {
      current += Math.min(layer.current, layer.total);
      total += layer.total;
    }
    return total > 0 ? Math.floor((current / total) * 100) : null;
  }
}
