/**
 * The per-cell table, as the CLI's `show` prints it: each cell with the UEs it served, its
 * KPIs over all its traffic, and its flag with the rules that fired. A cell is judged by
 * the same rules as a UE, so random access that fails for preambles no UE claimed shows
 * here only.
 */
import type { SubjectSummary } from '../../../src-shared/kpis.js';
import { bitRate, count, DASH, percent } from '../format.js';
import {
  bler,
  failures,
  flag,
  legend,
  MARKS,
  randomAccess,
  rate,
  rules,
  type Dir,
} from '../subject-kpis.js';
import { Legend } from './UeTable.js';

interface Props {
  cells: SubjectSummary[];
  ues: SubjectSummary[];
}

/** A DL/UL pair in one cell, as the CLI pairs them; - when both are unknown. */
function pair(show: (dir: Dir) => string): string {
  const [dl, ul] = [show('dl'), show('ul')];
  return dl === DASH && ul === DASH ? DASH : `${dl} / ${ul}`;
}

function rateText(u: SubjectSummary, dir: Dir): string {
  const r = rate(u, dir);
  return `${bitRate(r.bps)}${r.sent ? MARKS.sent.mark : ''}`;
}

function blerText(u: SubjectSummary, dir: Dir): string {
  const b = bler(u, dir);
  return `${percent(b.ratio)}${b.overall ? MARKS.overall.mark : ''}`;
}

export function CellTable({ cells, ues }: Props) {
  return (
    <section className="cell-table" aria-label="Cells">
      <table>
        <thead>
          <tr>
            <th>Cell</th>
            <th>UEs</th>
            <th>bit/s DL / UL</th>
            <th>iBLER DL / UL</th>
            <th>KO DL / UL</th>
            <th>RA ok/ko</th>
            <th>Flag</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((c, i) => (
            <tr
              key={i}
              aria-label={`cell ${c.cell ?? DASH}`}
              className={c.malperforming ? 'malperforming' : undefined}
            >
              <td>{c.cell ?? DASH}</td>
              <td>{ues.filter((u) => u.cell === c.cell).length}</td>
              <td>{pair((d) => rateText(c, d))}</td>
              <td>{pair((d) => blerText(c, d))}</td>
              <td>{pair((d) => count(failures(c, d)))}</td>
              <td>{randomAccess(c) ?? DASH}</td>
              <td>
                <CellFlag subject={c} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Legend lines={legend(cells)} />
    </section>
  );
}

function CellFlag({ subject }: { subject: SubjectSummary }) {
  const f = flag(subject);
  if (f !== 'BAD') {
    const title = f === '-' ? MARKS.unjudged.text.replace(/^flag: /, '') : undefined;
    return (
      <span className={f === 'ok' ? 'ok' : 'unjudged'} title={title}>
        {f}
      </span>
    );
  }
  return (
    <span className="bad">
      BAD{' '}
      {rules(subject).map((r) => (
        <span key={r} className="rule">
          {r}
        </span>
      ))}
    </span>
  );
}
