/** The built-in charts of one UE or one cell, from the store's per-second series. */
import { useEffect, useState } from 'react';
import type { KpiSecond } from '../../../src-shared/kpis.js';
import { useApi } from '../api-context.js';
import { CHARTS } from '../charts.js';
import { useToast } from '../toasts.js';
import { SeriesChart } from './SeriesChart.js';

interface Props {
  fileId: number;
  cell: string | null;
  ue: string | null;
  title: string;
}

export function SubjectCharts({ fileId, cell, ue, title }: Props) {
  const api = useApi();
  const toast = useToast();
  const [seconds, setSeconds] = useState<KpiSecond[] | null>(null);

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
        {title} over time{seconds && ` (${seconds.length} s)`}
      </h3>
      {seconds === null ? (
        <p>Loading…</p>
      ) : (
        <div className="chart-grid">
          {CHARTS.map((spec) => (
            <SeriesChart key={spec.id} spec={spec} seconds={seconds} />
          ))}
        </div>
      )}
    </section>
  );
}
