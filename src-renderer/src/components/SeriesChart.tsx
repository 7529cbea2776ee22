/** One chart of a subject's per-second KPIs (uPlot on a canvas, sized to its box). */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { KpiSecond } from '../../../src-shared/kpis.js';
import { isolated, type ChartSpec } from '../charts.js';

const COLOURS = ['#2563eb', '#dc2626', '#059669'];
const HEIGHT = 160;

interface Props {
  spec: ChartSpec;
  seconds: KpiSecond[];
}

export function SeriesChart({ spec, seconds }: Props) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const values = spec.lines.map((line) => seconds.map((s) => line.value(s.counters)));
    const data: uPlot.AlignedData = [seconds.map((s) => s.t), ...values];
    const plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: HEIGHT,
        legend: { show: true },
        scales: { x: { time: true } },
        axes: [{}, { label: spec.unit, size: 50 }],
        series: [
          {},
          ...spec.lines.map((line, i) => ({
            label: line.label,
            stroke: COLOURS[i % COLOURS.length],
            width: 1.5,
            spanGaps: false,
            // A value with no value beside it makes no line: draw it as a dot, also where
            // the chart is too dense for uPlot to draw every point.
            points: {
              filter: (_u: uPlot, _series: number, all: boolean) =>
                all ? null : isolated(values[i]),
            },
          })),
        ],
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [spec, seconds]);

  const empty = seconds.every((s) => spec.lines.every((l) => l.value(s.counters) === null));
  return (
    <figure className="chart" data-chart={spec.id}>
      <figcaption>
        {spec.title} <span className="unit">({spec.unit})</span>
        {empty && <span className="no-data"> — not in this log</span>}
      </figcaption>
      <div ref={box} className="chart-box" />
      {spec.note && <p className="chart-note">{spec.note}</p>}
    </figure>
  );
}
