import { html, nothing, type TemplateResult } from 'lit-html';
import type { Controller } from '../controller';
import { isAdmin } from '../session';

/** One unresolved reconciliation item as the API lists it (`GET /api/v1/reconciliation`). */
export interface ReconciliationItemRow {
  readonly accountId: string;
  readonly kind: string;
  readonly key: string;
  readonly description: string;
}

/** Items TMT cannot accept a venue view for: the venue has not told it (unreachable, lookup failed). */
const NOT_ACCEPTABLE = new Set(['lookup-failed', 'venue-unreachable']);

/**
 * What reconciliation could not repair by itself, shown only while something is unresolved. An admin token gets
 * a control per item to accept the venue's view (audited by the service); other tokens only see the list.
 */
export function reconciliationView(controller: Controller): TemplateResult | typeof nothing {
  const items = controller.reconciliation;
  if (items.length === 0) return nothing;
  const admin = isAdmin(controller.session.scope);
  return html`<section class="panel" data-testid="reconciliation">
    <h2>Reconciliation <span class="count">${items.length}</span></h2>
    <table>
      <thead>
        <tr>
          <th>Account</th>
          <th>Kind</th>
          <th>What differs</th>
          ${admin ? html`<th></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (item) =>
            html`<tr data-testid="reconciliation-row" data-key=${item.key}>
              <td>${item.accountId}</td>
              <td>${item.kind}</td>
              <td>${item.description}</td>
              ${
                admin
                  ? html`<td>
                      ${
                        NOT_ACCEPTABLE.has(item.kind)
                          ? html`<span class="muted">waiting for the venue</span>`
                          : html`<button
                              class="small"
                              data-testid="accept-venue-truth"
                              title="TMT adopts what the venue holds for this item (audited)"
                              @click=${() => {
                                if (
                                  window.confirm(
                                    `Accept the venue's view of ${item.key}? ${item.description}`,
                                  )
                                )
                                  void controller.acceptVenueTruth(item.accountId, item.key);
                              }}
                            >
                              Accept venue truth
                            </button>`
                      }
                    </td>`
                  : nothing
              }
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
