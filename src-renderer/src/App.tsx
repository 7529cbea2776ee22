/**
 * The window: the pages, the drop zone, the jobs and the stored files on the left; on the
 * right the open file (Logs), the Stack page, Grafana (Dashboards) or the users.
 */
import { useCallback, useState } from 'react';
import type { DashboardLinkTarget } from '../../src-shared/grafana.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import { useMayUpload, useSignedInUser } from './accounts-context.js';
import { useApi } from './api-context.js';
import { DropZone } from './components/DropZone.js';
import { FileList } from './components/FileList.js';
import { FilePage } from './components/FilePage.js';
import { JobList } from './components/JobList.js';
import { DashboardsPage } from './components/DashboardsPage.js';
import { useGrafanaHost } from './grafana-host.js';
import { NavBar, type PageId } from './components/NavBar.js';
import { StackPage } from './components/StackPage.js';
import { UploadBar, type Upload } from './components/UploadBar.js';
import { UsersPage } from './components/UsersPage.js';
import { useFiles, useJobs } from './hooks.js';
import { usePlace } from './place.js';
import { useToast } from './toasts.js';

export function App() {
  const api = useApi();
  const toast = useToast();
  const mayUpload = useMayUpload();
  const user = useSignedInUser();
  const available = usePages();
  const [place, go] = usePlace();
  // A page this window does not offer (an address from an admin, opened by a viewer) is Logs.
  const page: PageId = available.includes(place.page) ? place.page : 'logs';
  const openId = place.fileId;
  const setPage = (next: PageId) => go({ page: next, fileId: openId });
  const [grafanaTarget, setGrafanaTarget] = useState<DashboardLinkTarget | null>(null);
  const openInGrafana = (target: DashboardLinkTarget) => {
    setGrafanaTarget(target);
    setPage('dashboards');
  };
  const open = (fileId: number) => go({ page: 'logs', fileId });
  const { files, reload: reloadFiles } = useFiles();
  const onJobFinished = useCallback(
    (job: JobInfo) => {
      if (job.state === 'failed' && job.error) toast.error(job.error, 'ingest failed');
      void reloadFiles();
    },
    [reloadFiles, toast],
  );
  const { jobs, reload: reloadJobs } = useJobs(onJobFinished);

  // Files on their way to the server (the browser mode): jobs appear only once they arrive.
  const [uploading, setUploading] = useState<Upload | null>(null);
  const upload = (picked: File[]) => {
    const files = picked.length;
    setUploading({ files, sent: 0, total: picked.reduce((sum, f) => sum + f.size, 0) });
    api
      .ingestFiles(picked, undefined, (sent, total) => setUploading({ files, sent, total }))
      .then(
        (result) => {
          for (const r of result.refused) toast.error(r.message, 'refused');
          void reloadJobs();
        },
        (err: unknown) => toast.error(err, 'refused'),
      )
      .finally(() => setUploading(null));
  };
  const changed = () => {
    void reloadJobs();
    void reloadFiles();
  };

  return (
    <div className="app">
      <aside className="side">
        <h1>MAC Log Studio</h1>
        <NavBar page={page} available={available} onSelect={setPage} />
        {mayUpload ? (
          <>
            <DropZone onFiles={upload} />
            {uploading && <UploadBar upload={uploading} />}
          </>
        ) : (
          <p className="hint">Viewers see every file; adding one needs the editor role.</p>
        )}
        <h2>Jobs</h2>
        <JobList jobs={jobs} onChanged={changed} onOpen={open} />
        <h2>Files</h2>
        <FileList files={files} openId={openId} onOpen={open} />
      </aside>
      <main className="main">
        {page === 'stack' ? (
          <StackPage />
        ) : page === 'dashboards' ? (
          <DashboardsPage key={JSON.stringify(grafanaTarget)} target={grafanaTarget} />
        ) : page === 'users' && user ? (
          <UsersPage me={user} />
        ) : openId === null ? (
          <p className="empty">Open a stored file, or add a log to see its UEs and cells.</p>
        ) : (
          <FilePage
            key={openId}
            fileId={openId}
            onGrafana={available.includes('dashboards') ? openInGrafana : undefined}
          />
        )}
      </main>
    </div>
  );
}

/** Dashboards wherever Grafana can be shown (both modes); Users for a shared server's admin. */
function usePages(): PageId[] {
  const grafana = useGrafanaHost();
  const user = useSignedInUser();
  const pages: PageId[] = ['logs', 'stack'];
  if (grafana) pages.push('dashboards');
  if (user?.role === 'admin') pages.push('users');
  return pages;
}
