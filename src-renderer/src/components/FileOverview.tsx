/** What the engine made of a file: format, lines, records by kind, unrecognised lines. */
import type { FileSummary } from '../../../src-shared/api.js';
import { bytes } from '../format.js';

export function FileOverview({ file }: { file: FileSummary }) {
  const kinds = Object.entries(file.recordsByKind).sort(([, a], [, b]) => (b ?? 0) - (a ?? 0));
  return (
    <section className="overview" aria-label="Overview">
      <dl className="facts">
        <dt>Format</dt>
        <dd data-testid="format">
          {file.format.name}{' '}
          <span className="muted">
            ({file.format.id} {file.format.version})
          </span>
        </dd>
        <dt>Size</dt>
        <dd>{bytes(file.file.size)}</dd>
        <dt>Lines</dt>
        <dd>
          {file.lines.lines} ({file.lines.record} records, {file.lines.other} other,{' '}
          {file.lines.unrecognised} unrecognised)
        </dd>
        <dt>UEs / cells</dt>
        <dd>
          {file.ues.length} / {file.cells.length}
        </dd>
        {file.timeAnchor && (
          <>
            <dt>Time</dt>
            <dd>{file.timeAnchor}</dd>
          </>
        )}
      </dl>
      <table className="kinds" aria-label="Records by kind">
        <thead>
          <tr>
            <th>Record kind</th>
            <th>Count</th>
          </tr>
        </thead>
        <tbody>
          {kinds.map(([kind, n]) => (
            <tr key={kind}>
              <td>{kind}</td>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {file.unrecognisedExamples.length > 0 && (
        <details className="unrecognised">
          <summary>
            {file.lines.unrecognised} unrecognised lines; the first{' '}
            {file.unrecognisedExamples.length}
          </summary>
          <pre>{file.unrecognisedExamples.map((e) => `${e.line}: ${e.text}`).join('\n')}</pre>
        </details>
      )}
      {file.warnings.map((w) => (
        <p key={w} className="warning">
          {w}
        </p>
      ))}
    </section>
  );
}
