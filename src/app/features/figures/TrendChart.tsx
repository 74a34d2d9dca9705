/**
 * A line chart of percentages in plain SVG (no chart library: the office's chunk stays small). A point with
 * no figure (a week with no sessions counted, such as a holiday) breaks the line instead of pretending to be
 * 0%. The chart is an image with a title and a description; the same numbers are in a table under it for
 * screen readers and for anyone who wants the exact figures. A point with an empty label has no label under the
 * axis (a long range labels only some weeks); with many points they are drawn smaller so they do not overlap.
 */
import { percent } from './attendanceFigures';

export interface TrendPoint {
  /** Short label under the axis ("9 Nov"). */
  label: string;
  /** What the point is, in full ("Week of Monday 9 November 2026"). */
  longLabel: string;
  value: number | null;
  /** Why there is no figure, for the table ("No school days"); "No sessions counted" when not given. */
  note?: string;
}

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { top: 16, right: 24, bottom: 36, left: 48 };

export function TrendChart({ id, title, description, points, target }: { id: string; title: string; description: string; points: TrendPoint[]; target: number | null }) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  // The axis starts at a round number under the lowest figure (or the target), so small changes can be seen.
  const lowest = Math.min(100, ...values, ...(target === null ? [] : [target]));
  const bottom = Math.max(0, Math.floor((lowest - 1) / 5) * 5);
  const step = 100 - bottom > 40 ? 20 : 100 - bottom > 20 ? 10 : 5;
  const ticks: number[] = [];
  for (let t = bottom; t <= 100; t += step) ticks.push(t);

  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number) => MARGIN.left + (points.length <= 1 ? plotWidth / 2 : (i * plotWidth) / (points.length - 1));
  const y = (v: number) => MARGIN.top + ((100 - v) / (100 - bottom || 1)) * plotHeight;
  const radius = points.length > 26 ? 2.5 : 4;

  // One path segment per run of points with a figure.
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${current.length ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));

  return (
    <figure className="trend-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="trend-svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((t) => (
          <g key={t} className="trend-tick">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(t)} y2={y(t)} />
            <text x={MARGIN.left - 6} y={y(t)} dy="0.35em" textAnchor="end">
              {t}%
            </text>
          </g>
        ))}
        {target !== null && (
          <g className="trend-target">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(target)} y2={y(target)} />
            <text x={WIDTH - MARGIN.right} y={y(target)} dy="-0.4em" textAnchor="end">
              Target {percent(target)}
            </text>
          </g>
        )}
        {segments.map((d) => (
          <path key={d} d={d} className="trend-line" />
        ))}
        {points.map((p, i) => (
          <g key={p.longLabel}>
            {p.value !== null && (
              <circle cx={x(i)} cy={y(p.value)} r={radius} className="trend-point">
                <title>{`${p.longLabel}: ${percent(p.value)}`}</title>
              </circle>
            )}
            {p.label && (
              <text x={x(i)} y={HEIGHT - MARGIN.bottom + 18} textAnchor="middle" className="trend-label">
                {p.label}
              </text>
            )}
          </g>
        ))}
      </svg>
      <details className="trend-numbers">
        <summary>The figures as a table</summary>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Week</th>
              <th scope="col">Attendance</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.longLabel}>
                <th scope="row">{p.longLabel}</th>
                <td>{p.value === null ? (p.note ?? 'No sessions counted') : percent(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
