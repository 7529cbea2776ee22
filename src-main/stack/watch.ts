/**
 * The engine's event stream, narrowed to the stack's own containers dying or being
 * removed: how the manager learns of a crash or a removal behind its back without polling.
 */
import type Docker from 'dockerode';
import { STACK_SERVICES, type StackService } from '../../src-shared/stack.js';
import { LABELS } from './specs.js';

export interface ContainerGone {
  service: StackService;
  /** `die`: the process ended; `destroy`: the container was removed. */
  action: 'die' | 'destroy';
  exitCode: number | null;
}

interface EngineEvent {
  Type?: string;
  Action?: string;
  status?: string;
  Actor?: { Attributes?: Record<string, string> };
}

function parse(line: string): ContainerGone | null {
  const event = JSON.parse(line) as EngineEvent;
  const action = event.Action ?? event.status;
  const attributes = event.Actor?.Attributes ?? {};
  const service = attributes[LABELS.service] as StackService | undefined;
  if (event.Type !== 'container' || !service || !STACK_SERVICES.includes(service)) return null;
  if (action !== 'die' && action !== 'destroy') return null;
  const code = attributes['exitCode'];
  return { service, action, exitCode: code === undefined ? null : Number(code) };
}

/**
 * Calls `onGone` for each of the stack's containers that dies or is removed, and `onEnd`
 * when the stream ends (the engine went away). Returns the function that stops following.
 */
export async function followContainers(
  docker: Docker,
  namePrefix: string,
  onGone: (gone: ContainerGone) => void,
  onEnd: (error: Error | null) => void,
): Promise<() => void> {
  const stream = (await docker.getEvents({
    filters: { type: ['container'], label: [`${LABELS.stack}=${namePrefix}`] },
  })) as NodeJS.ReadableStream & { destroy(): void };
  let stopped = false;
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim())) {
      const gone = parse(line);
      if (gone) onGone(gone);
    }
  });
  stream.on('error', (error: Error) => {
    if (!stopped) onEnd(error);
  });
  stream.on('end', () => {
    if (!stopped) onEnd(null);
  });
  return () => {
    stopped = true;
    stream.destroy();
  };
}
