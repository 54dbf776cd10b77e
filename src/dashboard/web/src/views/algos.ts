import { html, nothing, type TemplateResult } from 'lit-html';
import type { Controller } from '../controller';
import { formatTime } from '../format';
import { isRecord, listOf, text, type Json } from '../wire';

/**
 * Algorithm parents (TWAP, VWAP, iceberg, smart-routed): one row each with its progress, and the schedule's
 * target by now beside what actually filled, so an operator sees a parent falling behind. Every figure is the
 * API's exact decimal string; the bar's width is the only float, and it is display only.
 */
export function algosView(controller: Controller): TemplateResult {
  const parents = controller.data.algoParents;
  return html`<main class="page-single">
    <section class="panel" data-testid="algo-parents">
      <h2>Algorithm orders <span class="count">${parents.length}</span></h2>
      <table>
        <thead>
          <tr>
            <th>Parent</th>
            <th>Kind</th>
            <th>Side</th>
            <th>Instrument</th>
            <th>Status</th>
            <th>Progress</th>
            <th class="num">Filled</th>
            <th class="num">Scheduled by now</th>
            <th class="num">Left</th>
            <th class="num">Avg price</th>
            <th class="num">Slippage (bp)</th>
            <th class="num">Children</th>
            <th>Next slice</th>
          </tr>
        </thead>
        <tbody>
          ${parents.map((parent) => parentRow(parent, Date.now()))}
        </tbody>
      </table>
      ${parents.length === 0 ? html`<p class="empty">No algorithm orders.</p>` : nothing}
    </section>
  </main>`;
}

function parentRow(parent: Json, now: number): TemplateResult {
  const id = text(parent.parentId);
  const schedule = listOf(parent, 'schedule');
  const children = listOf(parent, 'children');
  const target = scheduledBy(schedule, now);
  const next = schedule.find((slice) => typeof slice.dueAt === 'number' && slice.dueAt > now);
  const spec = isRecord(parent.spec) ? parent.spec : parent;
  return html`<tr data-testid="algo-parent" data-parent-id=${id}>
    <td class="mono">${id}</td>
    <td>${text(parent.kind)}</td>
    <td>${text(spec.side)}</td>
    <td>${text(spec.instrumentId)}</td>
    <td><span class="pill small" data-testid="algo-status">${text(parent.status)}</span></td>
    <td>${progressBar(text(parent.filledQuantity, '0'), text(parent.quantity, '0'), target)}</td>
    <td class="num" data-testid="algo-filled">
      ${text(parent.filledQuantity, '0')} / ${text(parent.quantity)}
    </td>
    <td class="num" data-testid="algo-scheduled">${target ?? '–'}</td>
    <td class="num" data-testid="algo-left">${text(parent.leftQuantity, '–')}</td>
    <td class="num">${text(parent.averagePrice, '–')}</td>
    <td class="num">${text(parent.slippageBasisPoints, '–')}</td>
    <td class="num" data-testid="algo-children">${children.length}</td>
    <td class="muted">
      ${next !== undefined && typeof next.dueAt === 'number' ? formatTime(next.dueAt) : '–'}
    </td>
  </tr>`;
}

/** The schedule's cumulative target at the newest slice already due; undefined for a parent with no schedule. */
function scheduledBy(schedule: readonly Json[], now: number): string | undefined {
  let target: string | undefined;
  for (const slice of schedule) {
    if (typeof slice.dueAt !== 'number' || slice.dueAt > now) break;
    target = text(slice.cumulativeTarget);
  }
  return target ?? (schedule.length > 0 ? '0' : undefined);
}

/** Filled as a bar, with a tick where the schedule says the parent should be by now. */
function progressBar(filled: string, quantity: string, target: string | undefined): TemplateResult {
  const total = Number(quantity);
  const share = (value: string): number => (total > 0 ? Math.min(100, (Number(value) / total) * 100) : 0);
  return html`<div class="algo-progress" title="${filled} of ${quantity}">
    <div class="algo-progress-fill" style="width: ${share(filled).toFixed(1)}%"></div>
    ${
      target === undefined
        ? nothing
        : html`<div class="algo-progress-target" style="left: ${share(target).toFixed(1)}%"></div>`
    }
  </div>`;
}
