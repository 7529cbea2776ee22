/** The ingest jobs, newest first, with their live progress (parse, then shipping). */
import { useMayChangeJob, useMayUpload } from '../accounts-context.js';
import { useApi } from '../api-context.js';
import type { LiveJob } from '../hooks.js';
import { useShipments, useShipTarget } from '../ship-hooks.js';
import { useToast } from '../toasts.js';
import { JobRow } from './JobRow.js';

interface Props {
  jobs: LiveJob[];
  onChanged: () => void;
  onOpen: (fileId: number) => void;
}

export function JobList({ jobs, onChanged, onOpen }: Props) {
  const api = useApi();
  const toast = useToast();
  const shipments = useShipments();
  const shipTarget = useShipTarget();
  const mayChange = useMayChangeJob();
  const mayShip = useMayUpload();
  const act = (what: string, run: () => Promise<unknown>) => {
    run().then(onChanged, (err: unknown) => toast.error(err, what));
  };

  if (jobs.length === 0) return <p className="empty">No jobs yet: add a log file.</p>;
  return (
    <ul className="jobs" aria-label="Jobs">
      {jobs.map((job) => (
        <JobRow
          key={job.id}
          job={job}
          onOpen={onOpen}
          mayChange={mayChange(job.ownerId)}
          onCancel={(j) => act('cannot cancel', () => api.cancelJob({ jobId: j.id }))}
          onRetry={(j) => act('cannot retry', () => api.retryJob({ jobId: j.id }))}
          onDelete={(j) => act('cannot delete', () => api.deleteJob({ jobId: j.id }))}
          shipment={job.fileId === null ? null : (shipments.get(job.fileId) ?? null)}
          shipTarget={shipTarget}
          onShip={
            mayShip
              ? (j, again) => act('cannot ship', () => api.shipFile({ fileId: j.fileId!, again }))
              : undefined
          }
        />
      ))}
    </ul>
  );
}
