/** A stored file: its overview, its cells, its UEs, the open UE's charts and a cell's. */
import { useEffect, useState } from 'react';
import type { FileSummary } from '../../../src-shared/api.js';
import { fileDashboardTarget, type DashboardLinkTarget } from '../../../src-shared/grafana.js';
import type { SubjectSummary } from '../../../src-shared/kpis.js';
import { useApi } from '../api-context.js';
import { DASH, rnti } from '../format.js';
import { useToast } from '../toasts.js';
import { CellTable } from './CellTable.js';
import { FileOverview } from './FileOverview.js';
import { SubjectCharts } from './SubjectCharts.js';
import { UeTable } from './UeTable.js';

function grafanaFile(file: FileSummary) {
  return {
    name: file.file.name,
    importId: file.ingestId,
    firstNs: file.firstNs,
    lastNs: file.lastNs,
  };
}

function ueTitle(u: SubjectSummary): string {
  const rntis = u.life.rntis.map(rnti).join(', ');
  return `UE ${u.ue ?? '?'}${rntis ? ` (RNTI ${rntis})` : ''}`;
}

interface Props {
  fileId: number;
  /** Opens a dashboard in the app; absent where the app shows no Grafana page. */
  onGrafana?: ((target: DashboardLinkTarget) => void) | undefined;
}

export function FilePage({ fileId, onGrafana }: Props) {
  const api = useApi();
  const toast = useToast();
  const [file, setFile] = useState<FileSummary | null>(null);
  // Why the file cannot be shown (deleted since an address named it, say).
  const [failure, setFailure] = useState<string | null>(null);
  const [ue, setUe] = useState<SubjectSummary | null>(null);
  // The cell whose charts are shown, by its place in the list: a log may name no cell (null).
  const [cellIndex, setCellIndex] = useState(0);

  useEffect(() => {
    // The page is keyed by file: a new file is a new page, nothing to reset here.
    let current = true;
    api.getFile({ fileId }).then(
      (f) => {
        if (!current) return;
        setFile(f);
      },
      (err: unknown) => {
        if (!current) return;
        setFailure(err instanceof Error ? err.message : String(err));
        toast.error(err, `cannot open file ${fileId}`);
      },
    );
    return () => {
      current = false;
    };
  }, [api, toast, fileId]);

  if (failure !== null)
    return (
      <p className="empty">
        Cannot open file {fileId}: {failure}
      </p>
    );
  if (!file) return <p>Loading file {fileId}…</p>;
  const cell = file.cells.at(cellIndex) ?? null;
  return (
    <article className="file-page">
      <h2>{file.file.name}</h2>
      <FileOverview file={file} />
      {file.cells.length > 0 && (
        <>
          <h3>Cells</h3>
          <CellTable cells={file.cells} ues={file.ues} />
        </>
      )}
      <h3>UEs</h3>
      <UeTable ues={file.ues} selected={ue} onOpen={setUe} />
      {ue && onGrafana && (
        <button
          type="button"
          className="grafana-link"
          onClick={() => onGrafana(fileDashboardTarget(grafanaFile(file), ue))}
        >
          Open {ueTitle(ue)} in Grafana
        </button>
      )}
      {ue && (
        <SubjectCharts
          key={`ue-${ue.cell}-${ue.ue}`}
          fileId={fileId}
          subject={ue}
          title={ueTitle(ue)}
        />
      )}
      {file.cells.length > 0 && (
        <div className="cell-pick">
          <label>
            Cell{' '}
            <select value={cellIndex} onChange={(e) => setCellIndex(Number(e.target.value))}>
              {file.cells.map((c, i) => (
                <option key={i} value={i}>
                  {c.cell ?? DASH}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {cell !== null && (
        <SubjectCharts
          key={`cell-${cellIndex}`}
          fileId={fileId}
          subject={cell}
          title={`Cell ${cell.cell ?? DASH}`}
        />
      )}
    </article>
  );
}
