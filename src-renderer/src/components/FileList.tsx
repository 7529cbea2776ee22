/** The stored files; one of them is open. */
import type { FileListEntry } from '../../../src-shared/api.js';

interface Props {
  files: FileListEntry[];
  openId: number | null;
  onOpen: (fileId: number) => void;
}

export function FileList({ files, openId, onOpen }: Props) {
  if (files.length === 0) return <p className="empty">Nothing stored yet.</p>;
  return (
    <ul className="files" aria-label="Stored files">
      {files.map((f) => (
        <li key={f.ingestId}>
          <button
            type="button"
            className={f.fileId === openId ? 'file open' : 'file'}
            onClick={() => onOpen(f.fileId)}
          >
            <span className="file-name">{f.name}</span>
            <span className="file-meta">
              {f.format.name} · {f.ueCount} UE{f.ueCount === 1 ? '' : 's'}
              {f.malperformingUeCount > 0 && ` · ${f.malperformingUeCount} malperforming`}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
