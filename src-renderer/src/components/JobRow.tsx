/**
 * One ingest job: name, state, progress bar, duration, and what can be done with it; once
 * its file is stored, shipping it to Loki with a second progress bar.
 */
import type { FileShipment, ShipTarget } from '../../../src-shared/api.js';
import type { LiveJob } from '../hooks.js';
import { duration } from '../format.js';
import { ShipBar } from './ShipBar.js';

interface Props {
  job: LiveJob;
  /** The latest shipment of the job's file, if it has one. */
  shipment?: FileShipment | null;
  shipTarget?: ShipTarget | null;
  /** Absent for a user who may not ship (a viewer): no ship button then. */
  onShip?: (job: LiveJob, again: boolean) => void;
  /** Whether the user may cancel, retry and delete this job (false: only open it). */
  mayChange: boolean;
  onCancel: (job: LiveJob) => void;
  onRetry: (job: LiveJob) => void;
  onDelete: (job: LiveJob) => void;
  onOpen: (fileId: number) => void;
}

function fileName(path: string): string {
  return path.split(/[/\\]/).pop() ?? path;
}

export function JobRow(props: Props) {
  const { job, mayChange, onCancel, onRetry, onDelete, onOpen, onShip } = props;
  const fraction = job.state === 'done' ? 1 : job.total > 0 ? job.done / job.total : 0;
  const percent = Math.round(fraction * 100);
  const active = job.state === 'queued' || job.state === 'running';
  const name = fileName(job.path);

  return (
    <li className={`job job-${job.state}`} aria-label={`job ${name}`}>
      <div className="job-head">
        <span className="job-name" title={job.path}>
          {name}
        </span>
        <span className="job-state">{job.reused ? 'done (already stored)' : job.state}</span>
      </div>
      <progress
        max={100}
        value={percent}
        aria-label={`progress of ${name}`}
        aria-valuenow={percent}
      />
      <div className="job-foot">
        <span>{percent}%</span>
        <span>{duration(job.startedAt, job.finishedAt)}</span>
        {job.state === 'done' && job.fileId !== null && (
          <button type="button" onClick={() => onOpen(job.fileId!)}>
            Open
          </button>
        )}
        {mayChange && active && (
          <button type="button" onClick={() => onCancel(job)}>
            Cancel
          </button>
        )}
        {mayChange && (job.state === 'failed' || job.state === 'cancelled') && (
          <button type="button" onClick={() => onRetry(job)}>
            Retry
          </button>
        )}
        {mayChange && !active && (
          <button type="button" onClick={() => onDelete(job)}>
            Delete
          </button>
        )}
      </div>
      {job.error && <div className="job-error">{job.error}</div>}
      {job.state === 'done' && job.fileId !== null && (
        <ShipBar
          name={name}
          shipment={props.shipment ?? null}
          target={props.shipTarget ?? null}
          {...(onShip ? { onShip: (again: boolean) => onShip(job, again) } : {})}
        />
      )}
    </li>
  );
}
