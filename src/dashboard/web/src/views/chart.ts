import { html, svg, nothing, type TemplateResult } from 'lit-html';
import { formatClock } from '../format';
import type { Series } from '../series';

const WIDTH = 320;
const HEIGHT = 130;
const PAD = { right: 8, top: 8, bottom: 20 };
/** Axis text is 9px: about this many user units per character. */
const CHAR_WIDTH = 5.4;
const COLORS = ['#4cc38a', '#5aa9ff', '#f5a524', '#e5484d', '#b78cf7'];

/** A small SVG line chart: enough axes to read the value and the time span, nothing more. */
/** `legend`: name the series even when there is one (a latency line should say which latency it is). */
export function lineChart(
  title: string,
  series: readonly Series[],
  unit: string,
  testId: string,
  legend = series.length > 1,
): TemplateResult {
  const points = series.flatMap((s) => s.points);
  const body =
    points.length === 0
      ? html`<div class="chart-empty">no data yet</div>`
      : html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" class="chart" role="img" aria-label=${title}>
          ${plot(series, unit)}
        </svg>`;
  return html`<figure class="chart-card" data-testid=${testId}>
    <figcaption>
      <span>${title}</span>
      <span class="legend">
        ${
          legend
            ? series.map(
                (s, i) => html`<span><i style="background:${COLORS[i % COLORS.length]}"></i>${s.name}</span>`,
              )
            : nothing
        }
      </span>
    </figcaption>
    ${body}
  </figure>`;
}

function plot(series: readonly Series[], unit: string) {
  const all = series.flatMap((s) => s.points);
  const times = all.map((p) => p[0]);
  const values = all.map((p) => p[1]);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  let v0 = Math.min(...values);
  let v1 = Math.max(...values);
  if (v0 === v1) {
    const pad = Math.abs(v0) * 0.01 || 1;
    v0 -= pad;
    v1 += pad;
  }
  const labels = [0, 0.5, 1].map((f) => `${axisLabel(v0 + f * (v1 - v0), v1 - v0)}${unit}`);
  // The value axis is as wide as its longest label: an equity of 100,000.00011 needs more room than 5 ms.
  const left = Math.max(36, Math.ceil(Math.max(...labels.map((l) => l.length)) * CHAR_WIDTH) + 8);
  const x = (t: number) =>
    left + (t1 === t0 ? (WIDTH - left - PAD.right) / 2 : ((t - t0) / (t1 - t0)) * (WIDTH - left - PAD.right));
  const y = (v: number) => PAD.top + (1 - (v - v0) / (v1 - v0)) * (HEIGHT - PAD.top - PAD.bottom);
  const bottom = HEIGHT - PAD.bottom;
  const grid = [0, 0.5, 1].map((f, i) => {
    const value = v0 + f * (v1 - v0);
    return svg`<line class="grid" x1=${left} x2=${WIDTH - PAD.right} y1=${y(value)} y2=${y(value)} />
      <text class="axis" x=${left - 4} y=${y(value) + 3} text-anchor="end">${labels[i]}</text>`;
  });
  const lines = series.map((s, i) => {
    const color = COLORS[i % COLORS.length] ?? '#4cc38a';
    const d = s.points
      .map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`)
      .join(' ');
    const last = s.points.at(-1);
    return svg`<path d=${d} fill="none" stroke=${color} stroke-width="1.6" />
      ${last === undefined ? nothing : svg`<circle cx=${x(last[0])} cy=${y(last[1])} r="2.5" fill=${color} />`}`;
  });
  return svg`${grid}
    <text class="axis" x=${left} y=${bottom + 14}>${formatClock(t0)}</text>
    <text class="axis" x=${WIDTH - PAD.right} y=${bottom + 14} text-anchor="end">${formatClock(t1)}</text>
    ${lines}`;
}

/** Axis labels only (a float is fine here, it never becomes an amount): as many decimals as the span needs. */
function axisLabel(value: number, span: number): string {
  const decimals = span <= 0 ? 2 : Math.min(6, Math.max(0, Math.ceil(-Math.log10(span / 4))));
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
