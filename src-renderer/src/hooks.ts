/** Data the pages share: the job list kept live from progress events, the stored files. */
import { useCallback, useEffect, useState } from 'react';
import type { FileListEntry, JobEvent } from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import { useApi } from './api-context.js';
import { useToast } from './toasts.js';

export interface LiveJob extends JobInfo {
  /** Progress from the latest event (the store's value is written only now and then). */
  done: number;
  total: number;
}

function live(job: JobInfo, done = job.bytesDone, total = job.bytesTotal): LiveJob {
  return { ...job, done, total };
}

export function useJobs(onJobFinished: (job: JobInfo) => void) {
  const api = useApi();
  const toast = useToast();
  const [jobs, setJobs] = useState<LiveJob[]>([]);

  const reload = useCallback(async () => {
    try {
      setJobs((await api.listJobs()).map((j) => live(j)));
    } catch (err) {
      toast.error(err, 'cannot list the jobs');
    }
  }, [api, toast]);

  useEffect(() => {
    api.listJobs().then(
      (all) => setJobs(all.map((j) => live(j))),
      (err: unknown) => toast.error(err, 'cannot list the jobs'),
    );
    const stop = api.onJobEvent((event: JobEvent) => {
      setJobs((all) => {
        const next = live(event.job, event.bytesDone, event.bytesTotal);
        const index = all.findIndex((j) => j.id === event.job.id);
        if (index < 0) return [next, ...all];
        const copy = all.slice();
        copy[index] = next;
        return copy;
      });
      if (['done', 'failed', 'cancelled'].includes(event.job.state)) onJobFinished(event.job);
    });
    return stop;
  }, [api, toast, onJobFinished]);

  return { jobs, reload };
}

export function useFiles() {
  const api = useApi();
  const toast = useToast();
  const [files, setFiles] = useState<FileListEntry[]>([]);
  const reload = useCallback(async () => {
    try {
      setFiles(await api.listFiles());
    } catch (err) {
      toast.error(err, 'cannot list the files');
    }
  }, [api, toast]);
  useEffect(() => {
    api.listFiles().then(setFiles, (err: unknown) => toast.error(err, 'cannot list the files'));
  }, [api, toast]);
  return { files, reload };
}
