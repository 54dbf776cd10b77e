import { html, nothing, type TemplateResult } from 'lit-html';
import type { Controller } from '../controller';
import { formatTime } from '../format';
import { isAdmin } from '../session';
import { isRecord, listOf, text } from '../wire';
import { reconciliationView } from './reconciliation';

/** Reconciliation with the venues, the dead-letter queue and the audit log: what an operator checks. */
export function operationsView(controller: Controller): TemplateResult {
  return html`<main class="page-single">
    ${reconciliationPanel(controller)} ${deadLettersPanel(controller)} ${auditPanel(controller)}
  </main>`;
}

/** Each account's reconciliation state; the unresolved items, with accept, are the reconciliation panel's. */
function reconciliationPanel(controller: Controller): TemplateResult {
  const accounts = controller.data.reconciliation;
  return html`<section class="panel" data-testid="reconciliation-status">
      <h2>Reconciliation</h2>
      <table>
        <thead>
          <tr>
            <th>Account</th>
            <th>State</th>
            <th>Last run</th>
            <th class="num">Unresolved</th>
          </tr>
        </thead>
        <tbody>
          ${accounts.map(
            (a) =>
              html`<tr data-testid="reconciliation-${text(a.accountId)}">
                <td>${text(a.accountId)}</td>
                <td>
                  <span class="pill small recon-${text(a.state)}" data-testid="reconciliation-state"
                    >${text(a.state)}</span
                  >
                </td>
                <td class="muted">${typeof a.lastRunAt === 'number' ? formatTime(a.lastRunAt) : '–'}</td>
                <td class="num">${listOf(a, 'unresolved').length}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${accounts.length === 0 ? html`<p class="empty">No accounts.</p>` : nothing}
    </section>
    ${reconciliationView(controller)}`;
}

function deadLettersPanel(controller: Controller): TemplateResult {
  const admin = isAdmin(controller.session.scope);
  const letters = controller.data.deadLetters;
  return html`<section class="panel" data-testid="dead-letters">
    <h2>
      Dead letters <span class="count">${letters.filter((d) => d.resolution === undefined).length}</span>
    </h2>
    <table>
      <thead>
        <tr>
          <th>Id</th>
          <th>Command</th>
          <th>Account</th>
          <th>Order</th>
          <th>Error</th>
          <th class="num">Attempts</th>
          <th>State</th>
          ${admin ? html`<th></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${letters.map((d) => {
          const id = text(d.id);
          const resolution = isRecord(d.resolution) ? text(d.resolution.kind) : undefined;
          return html`<tr data-testid="dead-letter" data-id=${id}>
            <td class="mono">${id}</td>
            <td>${text(d.commandType)}</td>
            <td>${text(d.accountId)}</td>
            <td class="mono">${text(d.clientOrderId, '–')}</td>
            <td class="wrap">${text(d.error)}</td>
            <td class="num">${text(d.attempts)}</td>
            <td data-testid="dead-letter-state">${resolution ?? 'open'}</td>
            ${
              admin
                ? html`<td>
                    ${
                      resolution === undefined
                        ? html`<button
                              class="small ghost"
                              data-testid="dead-letter-retry"
                              @click=${() => void controller.operator.resolveDeadLetter(id, 'retry')}
                            >
                              Retry
                            </button>
                            <button
                              class="small danger"
                              data-testid="dead-letter-discard"
                              @click=${() => void controller.operator.resolveDeadLetter(id, 'discard')}
                            >
                              Discard
                            </button>`
                        : nothing
                    }
                  </td>`
                : nothing
            }
          </tr>`;
        })}
      </tbody>
    </table>
    ${letters.length === 0 ? html`<p class="empty" data-testid="no-dead-letters">No dead letters.</p>` : nothing}
  </section>`;
}

function auditPanel(controller: Controller): TemplateResult {
  const entries = controller.data.audit;
  if (entries === undefined)
    return html`<section class="panel" data-testid="audit">
      <h2>Audit log</h2>
      <p class="muted">The audit log is open to admin tokens.</p>
    </section>`;
  return html`<section class="panel" data-testid="audit">
    <h2>Audit log <span class="count">${entries.length}</span></h2>
    <table>
      <thead>
        <tr>
          <th class="num">#</th>
          <th>Time</th>
          <th>Actor</th>
          <th>Action</th>
          <th>Target</th>
          <th>Outcome</th>
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        ${entries.map(
          (e) =>
            html`<tr data-testid="audit-entry" data-action=${text(e.action)}>
              <td class="num muted">${text(e.sequence)}</td>
              <td class="muted">${typeof e.at === 'number' ? formatTime(e.at) : '–'}</td>
              <td class="mono">${text(e.actor)}</td>
              <td>${text(e.action)}</td>
              <td class="mono">${text(e.target, '–')}</td>
              <td>${text(e.outcome)}</td>
              <td class="wrap mono small-print">${text(e.details)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
