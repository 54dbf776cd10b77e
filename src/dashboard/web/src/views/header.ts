import { html, nothing, type TemplateResult } from 'lit-html';
import type { Controller } from '../controller';
import { isAdmin } from '../session';

/** Top bar: where we are (connection, trading state), who we are (scope), and the kill switch. */
export function headerView(controller: Controller, onLogout: () => void): TemplateResult {
  const { state, session } = controller;
  const halted = state.tradingState === 'HALTED';
  return html`<header class="topbar">
      <div class="brand"><span class="brand-mark">TMT</span><span class="muted">execution engine</span></div>
      <div class="status-group">
        <span class="pill connection-${state.connection}" data-testid="connection"
          >${connectionLabel(state.connection)}</span
        >
        <span
          class="pill state-${state.tradingState.toLowerCase()}"
          data-testid="trading-state"
          title="global trading state"
        >
          ${state.tradingState}
        </span>
        ${state.acceptingIntents ? nothing : html`<span class="pill state-reducing" data-testid="intake-stopped">intake stopped</span>`}
        ${[...state.venues].map(([venue, connection]) => html`<span class="pill subtle" title="venue connection">${venue}: ${connection}</span>`)}
      </div>
      <div class="actions">
        <span class="pill subtle" data-testid="scope">${session.scope} token</span>
        ${isAdmin(session.scope) ? adminControls(controller, halted) : nothing}
        <button class="ghost" @click=${onLogout} data-testid="logout">Log out</button>
      </div>
    </header>
    ${isAdmin(session.scope) ? killDialog(controller) : nothing}`;
}

function adminControls(controller: Controller, halted: boolean): TemplateResult {
  const open = () => (document.getElementById('kill-dialog') as HTMLDialogElement | null)?.showModal();
  return html`${
      halted
        ? html`<button
            class="ghost"
            @click=${() => void controller.resumeTrading()}
            data-testid="resume-trading"
          >
            Resume trading
          </button>`
        : nothing
    } <button class="danger" @click=${open} data-testid="kill-switch">Kill switch</button>`;
}

function killDialog(controller: Controller): TemplateResult {
  const confirm = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const flatten = new FormData(form).get('flatten') === 'on';
    (form.closest('dialog') as HTMLDialogElement).close();
    form.reset();
    void controller.killSwitch(flatten);
  };
  const cancel = (event: Event) =>
    ((event.currentTarget as HTMLElement).closest('dialog') as HTMLDialogElement).close();
  return html`<dialog id="kill-dialog" class="dialog" data-testid="kill-dialog">
    <form @submit=${confirm}>
      <h2>Engage the kill switch?</h2>
      <p>
        Trading is <strong>HALTED</strong> everywhere and every open order is canceled. Only an admin can
        resume.
      </p>
      <label class="check"
        ><input type="checkbox" name="flatten" data-testid="kill-flatten" /> Also flatten every position at
        market</label
      >
      <div class="dialog-actions">
        <button type="button" class="ghost" @click=${cancel} data-testid="kill-cancel">Keep trading</button>
        <button type="submit" class="danger" data-testid="kill-confirm">Halt trading</button>
      </div>
    </form>
  </dialog>`;
}

function connectionLabel(connection: string): string {
  switch (connection) {
    case 'live':
      return '● live';
    case 'reconnecting':
      return '◌ reconnecting';
    case 'offline':
      return '○ offline';
    default:
      return '◌ connecting';
  }
}
