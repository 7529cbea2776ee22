/**
 * Files on their way to the server, in the browser mode: a large log takes a while to
 * upload, and its job appears only once it has arrived.
 */
import { bytes } from '../format.js';

export interface Upload {
  files: number;
  sent: number;
  total: number;
}

export function UploadBar({ upload }: { upload: Upload }) {
  const { files, sent, total } = upload;
  const what = files === 1 ? '1 file' : `${files} files`;
  return (
    <div className="upload" role="status">
      <span>
        Uploading {what}: {bytes(sent)} of {bytes(total)}
      </span>
      <progress value={sent} max={Math.max(total, 1)} aria-label={`upload of ${what}`} />
    </div>
  );
}
