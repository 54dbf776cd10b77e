import { html, nothing, type TemplateResult } from 'lit-html';
import type { Controller } from '../controller';
import { isAdmin } from '../session';
import { isRecord, text, type Json } from '../wire';

/** Risk limits per scope (editable with an admin token), trading states, and accounts on or off. */
export function riskView(controller: Controller): TemplateResult {
  const { data, state, session } = controller;
  const admin = isAdmin(session.scope);
  const risk = data.risk;
  const limits = isRecord(risk?.limits) ? risk.limits : {};
  const accountLimits = isRecord(limits.accounts) ? limits.accounts : {};
  const states = isRecord(risk?.tradingState) ? risk.tradingState : {};
  const accountStates = isRecord(states.accounts) ? states.accounts : {};
  const scopes: [string, Json][] = [
    ['global', isRecord(limits.global) ? limits.global : {}],
    ...[...state.accounts.keys()].map((id): [string, Json] => {
      const own = accountLimits[id];
      return [id, isRecord(own) ? own : {}];
    }),
  ];
  return html`<main class="page-single">
    <section class="panel" data-testid="risk-states">
      <h2>Trading state</h2>
      <table>
        <thead>
          <tr>
            <th>Scope</th>
            <th>State</th>
            <th>Trading</th>
            ${admin ? html`<th></th>` : nothing}
          </tr>
        </thead>
        <tbody>
          <tr data-testid="state-global">
            <td>global</td>
            <td>
              <span class="pill small state-${text(states.global).toLowerCase()}"
                >${text(states.global, '–')}</span
              >
            </td>
            <td class="muted">${state.acceptingIntents ? 'taking intents' : 'intake stopped'}</td>
            ${admin ? html`<td></td>` : nothing}
          </tr>
          ${[...state.accounts.values()].map(
            (a) =>
              html`<tr data-testid="state-${a.accountId}">
                <td>${a.accountId} <span class="muted">${a.venue}</span></td>
                <td>
                  <span class="pill small state-${text(accountStates[a.accountId]).toLowerCase()}"
                    >${text(accountStates[a.accountId], a.tradingState)}</span
                  >
                </td>
                <td data-testid="account-enabled">${a.enabled ? 'enabled' : 'disabled'}</td>
                ${
                  admin
                    ? html`<td>
                        <button
                          class="small ${a.enabled ? 'danger' : 'ghost'}"
                          data-testid="toggle-account-${a.accountId}"
                          @click=${() => void controller.operator.setAccountEnabled(a.accountId, !a.enabled)}
                        >
                          ${a.enabled ? 'Disable' : 'Enable'}
                        </button>
                      </td>`
                    : nothing
                }
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section class="panel" data-testid="risk-limits">
      <h2>Risk limits</h2>
      ${scopes.map(([scope, values]) => limitTable(scope, values))}
      ${
        admin
          ? limitForm(
              controller,
              scopes.map(([scope]) => scope),
            )
          : html`<p class="muted">An admin token can change limits.</p>`
      }
    </section>
  </main>`;
}

function limitTable(scope: string, values: Json): TemplateResult {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  return html`<h3>${scope}</h3>
    ${
      entries.length === 0
        ? html`<p class="empty">Inherits every limit.</p>`
        : html`<table class="limits" data-testid="limits-${scope}">
            <tbody>
              ${entries.map(
                ([key, value]) =>
                  html`<tr data-testid="limit" data-key=${key}>
                    <td>${key}</td>
                    <td class="num mono">${text(value, JSON.stringify(value))}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

function limitForm(controller: Controller, scopes: readonly string[]): TemplateResult {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    void controller.operator.updateLimit(field('scope') || 'global', field('key'), field('value'));
  };
  return html`<form class="limit-form" @submit=${submit} data-testid="limit-form">
    <label
      >Scope
      <select name="scope" data-testid="limit-scope">
        ${scopes.map((s) => html`<option value=${s}>${s}</option>`)}
      </select></label
    >
    <label>Limit <input name="key" required placeholder="maxOrderNotional" data-testid="limit-key" /></label>
    <label>Value <input name="value" placeholder="empty removes it" data-testid="limit-value" /></label>
    <button type="submit" data-testid="limit-save">Save</button>
  </form>`;
}
