/**
 * The reason a long task's signal is aborted with when the process stops, rather than the
 * user cancelling: the task is left to carry on at the next start (a job goes back to the
 * queue, a shipment keeps its cursor and stays running, without an owner).
 */
export class Stopping extends Error {
  constructor() {
    super('stopped with the process; it carries on at the next start');
    this.name = 'Stopping';
  }
}

export function isStopping(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && signal.reason instanceof Stopping;
}
