/**
 * A dot chart of percentages in plain SVG: one row per thing compared (morning and afternoon, Monday to
 * Friday), a dot at its figure on a shared axis, the figure written at the row's end. Dots, not bars, because
 * the attendance axis starts near the lowest figure rather than at 0 (a bar's length would mislead). A row with
 * no figure says so in words instead of drawing 0. The chart is an image with a title and a description that
 * carry the numbers; the section around it has the same numbers as a table.
 */
import { percent } from './attendanceFigures';
import type { ChartRow, Scale } from './patternFigures';

const WIDTH = 420;
const ROW = 34;
const TOP = 8;
const AXIS = 28;
const LABEL = 120;
const FIGURE = 64;

export function RowChart({ id, title, description, rows, scale }: { id: string; title: string; description: string; rows: ChartRow[]; scale: Scale }) {
  const height = TOP + rows.length * ROW + AXIS;
  const plotLeft = LABEL;
  const plotRight = WIDTH - FIGURE;
  const x = (v: number) => plotLeft + ((v - scale.from) / (scale.to - scale.from || 1)) * (plotRight - plotLeft);
  const rowY = (i: number) => TOP + i * ROW + ROW / 2;
  const axisY = TOP + rows.length * ROW;

  return (
    <figure className="row-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="row-svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {scale.ticks.map((t) => (
          <g key={t} className="row-tick">
            <line x1={x(t)} x2={x(t)} y1={TOP} y2={axisY} />
            <text x={x(t)} y={axisY + 16} textAnchor="middle">
              {t}%
            </text>
          </g>
        ))}
        {rows.map((r, i) => (
          <g key={r.key} className="row">
            <text x={LABEL - 8} y={rowY(i)} dy="0.35em" textAnchor="end" className="row-label">
              {r.label}
            </text>
            <line x1={plotLeft} x2={plotRight} y1={rowY(i)} y2={rowY(i)} className="row-track" />
            {r.value === null ? (
              <text x={plotLeft + 4} y={rowY(i)} dy="-0.5em" className="row-none">
                {r.note}
              </text>
            ) : (
              <>
                <circle cx={x(r.value)} cy={rowY(i)} r={6} className="row-dot">
                  <title>{`${r.label}: ${percent(r.value)}`}</title>
                </circle>
                <text x={WIDTH - 4} y={rowY(i)} dy="0.35em" textAnchor="end" className="row-figure">
                  {percent(r.value)}
                </text>
              </>
            )}
          </g>
        ))}
      </svg>
    </figure>
  );
}
