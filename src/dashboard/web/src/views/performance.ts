import { html, nothing, type TemplateResult } from 'lit-html';
import type { Controller } from '../controller';
import { formatExact, formatMoney, formatPercent, formatTime, sumAmounts } from '../format';
import { money, text, type Json } from '../wire';
import { tone } from './market';

/** Performance per account, P&L per instrument, and the closed positions behind both. */
export function performanceView(controller: Controller): TemplateResult {
  const { data, state } = controller;
  const closed = data.closedPositions;
  return html`<main class="page-single">
    <section class="panel" data-testid="performance">
      <h2>Performance</h2>
      <div class="cards">
        ${[...state.accounts.keys()].map((id) => performanceCard(id, data.performance.get(id)))}
      </div>
    </section>
    <section class="panel" data-testid="pnl-by-instrument">
      <h2>Realized P&amp;L per instrument</h2>
      ${pnlByInstrument(closed)}
    </section>
    <section class="panel" data-testid="closed-positions">
      <h2>Closed positions <span class="count">${closed.length}</span></h2>
      <table>
        <thead>
          <tr>
            <th>Closed</th>
            <th>Account</th>
            <th>Instrument</th>
            <th>Side</th>
            <th class="num">Peak qty</th>
            <th class="num">Realized P&amp;L</th>
            <th class="num">Commissions</th>
            <th class="num">Financing</th>
          </tr>
        </thead>
        <tbody>
          ${[...closed].reverse().map((p) => {
            const pnl = money(p.realizedPnl);
            return html`<tr data-testid="closed-position">
              <td class="muted">${formatTime(typeof p.occurredAt === 'number' ? p.occurredAt : 0)}</td>
              <td>${text(p.accountId)}</td>
              <td>${text(p.instrumentId)}</td>
              <td>
                <span class="side side-${text(p.side) === 'long' ? 'buy' : 'sell'}">${text(p.side)}</span>
              </td>
              <td class="num">${formatExact(text(p.peakQuantity))}</td>
              <td class="num ${tone(pnl?.amount)}">${formatMoney(pnl)}</td>
              <td class="num muted">${formatMoney(money(p.commissions))}</td>
              <td class="num muted">${formatMoney(money(p.financing))}</td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${closed.length === 0 ? html`<p class="empty">No closed positions yet.</p>` : nothing}
    </section>
  </main>`;
}

function performanceCard(accountId: string, p: Json | undefined): TemplateResult {
  const sharpe = typeof p?.sharpeRatio === 'number' ? p.sharpeRatio.toFixed(2) : '–';
  return html`<article class="account" data-testid="performance-${accountId}">
    <header><strong>${accountId}</strong></header>
    <dl>
      <dt>Trades</dt>
      <dd class="num" data-testid="perf-trades">${text(p?.trades, '–')}</dd>
      <dt>Win rate</dt>
      <dd class="num" data-testid="perf-win-rate">${formatPercent(text(p?.winRate))}</dd>
      <dt>Profit factor</dt>
      <dd class="num" data-testid="perf-profit-factor">${text(p?.profitFactor, '–')}</dd>
      <dt>Sharpe</dt>
      <dd class="num" data-testid="perf-sharpe" title="annualised, from daily returns; needs two days">
        ${sharpe}
      </dd>
      <dt>Max drawdown</dt>
      <dd class="num" data-testid="perf-drawdown">${formatMoney(money(p?.maxDrawdown))}</dd>
      <dt>Exposure</dt>
      <dd class="num">${formatMoney(money(p?.exposure))}</dd>
    </dl>
  </article>`;
}

/** Sums per instrument and currency, exactly (accounts in different currencies are not added together). */
function pnlByInstrument(closed: readonly Json[]): TemplateResult {
  const groups = new Map<string, { instrumentId: string; currency: string; amounts: string[] }>();
  for (const position of closed) {
    const pnl = money(position.realizedPnl);
    if (pnl === undefined) continue;
    const key = `${text(position.instrumentId)}|${pnl.currency}`;
    const group = groups.get(key) ?? {
      instrumentId: text(position.instrumentId),
      currency: pnl.currency,
      amounts: [],
    };
    group.amounts.push(pnl.amount);
    groups.set(key, group);
  }
  if (groups.size === 0) return html`<p class="empty">Nothing closed yet.</p>`;
  return html`<table>
    <thead>
      <tr>
        <th>Instrument</th>
        <th class="num">Positions</th>
        <th class="num">Realized P&amp;L</th>
      </tr>
    </thead>
    <tbody>
      ${[...groups.values()].map((g) => {
        const total = { amount: sumAmounts(g.amounts), currency: g.currency };
        return html`<tr data-testid="instrument-pnl" data-instrument=${g.instrumentId}>
          <td>${g.instrumentId}</td>
          <td class="num">${g.amounts.length}</td>
          <td class="num ${tone(total.amount)}" data-testid="instrument-pnl-amount">${formatMoney(total)}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}
