// A small time-series line chart as plain SVG: scales and paths from d3-scale/d3-shape (pure functions, no
// DOM access), colours and strokes from classes in globals.css. It uses no inline style attribute and no
// script of its own, so it renders under the app's CSP (style-src with a nonce, no 'unsafe-inline').
import { scaleLinear, scaleTime } from "d3-scale";
import { line } from "d3-shape";

export interface ChartSeries {
  name: string;
  /** One value per time; null leaves a gap. */
  values: readonly (number | null)[];
  /** `series-1` … `series-4` in globals.css. */
  tone: 1 | 2 | 3 | 4;
}

export interface LineChartProps {
  title: string;
  times: readonly Date[];
  series: readonly ChartSeries[];
  /** Appended to axis labels, e.g. "ms". @default "" */
  unit?: string;
  testId: string;
}

const WIDTH = 480;
const HEIGHT = 180;
const MARGIN = { top: 10, right: 12, bottom: 24, left: 40 };

const clock = (date: Date) => `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;

export function LineChart({ title, times, series, unit = "", testId }: LineChartProps) {
  const first = times[0] ?? new Date(0);
  const last = times.at(-1) ?? first;
  const max = Math.max(1, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const x = scaleTime().domain([first, last]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLinear().domain([0, max]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => x(times[i] ?? first))
    .y((v) => y(v ?? 0));
  // Counts have whole-number ticks only.
  const yTicks = y.ticks(4).filter((tick) => unit !== "" || Number.isInteger(tick));
  const xTicks = x.ticks(5);

  return (
    <figure className="card chart" data-testid={testId}>
      <figcaption className="chart-title">{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title} className="chart-svg">
        {yTicks.map((tick) => (
          <g key={`y${tick}`}>
            <line className="chart-grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text className="chart-label" x={MARGIN.left - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle">
              {tick}
              {unit}
            </text>
          </g>
        ))}
        {xTicks.map((tick) => (
          <text key={`x${tick.getTime()}`} className="chart-label" x={x(tick)} y={HEIGHT - 6} textAnchor="middle">
            {clock(tick)}
          </text>
        ))}
        {series.map((s) => (
          <path key={s.name} className={`chart-line series-${s.tone}`} d={path(s.values as (number | null)[]) ?? ""} fill="none" />
        ))}
      </svg>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.name}>
            <span className={`chart-swatch series-${s.tone}`} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}
