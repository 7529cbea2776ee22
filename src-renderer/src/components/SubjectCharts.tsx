/** The built-in charts of one UE or one cell, from the store's per-second series. */
import { useEffect, useMemo, useState } from 'react';
import type { KpiSecond, SubjectSummary } from '../../../src-shared/kpis.js';
import { useApi } from '../api-context.js';
import { chartsFor } from '../charts.js';
import { useToast } from '../toasts.js';
import { SeriesChart } from './SeriesChart.js';

interface Props {
  fileId: number;
  /** The UE or cell: its summary says which KPIs its log tells (initial BLER or not). */
  subject: SubjectSummary;
  title: string;
}

export function SubjectCharts({ fileId, subject, title }: Props) {
  const api = useApi();
  const toast = useToast();
  const [seconds, setSeconds] = useState<KpiSecond[] | null>(null);
  const { cell, ue } = subject;
  // A chart is drawn again when its spec changes: one set per subject.
  const charts = useMemo(() => chartsFor(subject), [subject]);

  useEffect(() => {
    let current = true;
    api.getSeries({ fileId, cell, ue }).then(
      (s) => current && setSeconds(s),
      (err: unknown) => toast.error(err, `cannot load the series of ${title}`),
    );
    return () => {
      current = false;
    };
  }, [api, toast, fileId, cell, ue, title]);

  return (
    <section className="charts" aria-label={`Charts of ${title}`}>
      <h3>
        {title} over time{seconds && seconds.length > 0 && ` (${spanSeconds(seconds)} s)`}
      </h3>
      {seconds === null ? (
        <p>Loading…</p>
      ) : (
        <div className="chart-grid">
          {charts.map((spec) => (
            <SeriesChart key={spec.id} spec={spec} seconds={seconds} />
          ))}
        </div>
      )}
    </section>
  );
}

/** Seconds from the first second with data to the last, both counted: the series skips idle ones. */
function spanSeconds(seconds: KpiSecond[]): number {
  return seconds[seconds.length - 1].t - seconds[0].t + 1;
}
