import { html, nothing, type TemplateResult } from 'lit-html';
import type { Controller } from '../controller';
import { canTrade } from '../session';
import { alertsView, fillsView, openOrdersView, positionsView } from './blotter';
import { lineChart } from './chart';
import { headerView } from './header';
import { accountsView, pricesView } from './market';
import { navView, otherView } from './nav';
import { reconciliationView } from './reconciliation';
import { ticketView, type TicketModel } from './ticket';
import { tradesView } from './trades';

/** The whole trading page. Read-only tokens get the same page without a ticket, cancels or kill switch. */
export function pageView(
  controller: Controller,
  ticket: TicketModel,
  rerender: () => void,
  onLogout: () => void,
): TemplateResult {
  const state = controller.state;
  const trader = canTrade(controller.session.scope);
  const equity = state.equity.list();
  const pick = (instrumentId: string) => {
    ticket.pick(instrumentId);
    rerender();
  };
  return html`${headerView(controller, onLogout)}
  ${
    state.notice === undefined
      ? nothing
      : html`<div class="notice notice-${state.notice.kind}" role="status" data-testid="notice">
          <span>${state.notice.text}</span
          ><button class="ghost small" @click=${() => controller.dismissNotice()} aria-label="dismiss">
            ✕
          </button>
        </div>`
  }
  ${
    state.tradingState === 'HALTED'
      ? html`<div class="banner-halted" data-testid="halted-banner">
          Trading is HALTED: only cancels are accepted.
        </div>`
      : nothing
  }
  ${navView(controller)} ${controller.view === 'trade' ? tradePage() : otherView(controller)}`;

  function tradePage(): TemplateResult {
    return html`<main class="layout">
      <aside class="column">
        ${
          trader
            ? ticketView(controller, ticket, rerender)
            : html`<section class="panel read-only" data-testid="read-only-note">
                <h2>Read-only</h2>
                <p class="muted">This token can watch but not trade.</p>
              </section>`
        }
        ${accountsView(state)}
      </aside>
      <div class="column wide">
        ${pricesView(state, trader ? pick : undefined)} ${positionsView(state)} ${tradesView(controller)}
        ${openOrdersView(controller)} ${fillsView(state)} ${reconciliationView(controller)}
      </div>
      <aside class="column">
        <section class="panel charts">
          <h2>Performance</h2>
          ${lineChart('Latency', state.latency.list(), ' ms', 'chart-latency', true)}
          ${lineChart('Fill ratio', state.fillRatio.list(), '%', 'chart-fill-ratio')}
          ${
            equity.length === 0
              ? lineChart('Equity', [], '', 'chart-equity')
              : // One chart per account: accounts keep different currencies, one axis would mix them.
                equity.map((series) => lineChart(`Equity · ${series.name}`, [series], '', 'chart-equity'))
          }
        </section>
        ${alertsView(state)}
      </aside>
    </main>`;
  }
}
