import { html, nothing, type TemplateResult } from 'lit-html';

export interface LoginModel {
  readonly error?: string;
  readonly busy: boolean;
  readonly onSubmit: (token: string) => void;
}

/** The token gate: nothing else loads until the API has accepted a token. */
export function loginView(model: LoginModel): TemplateResult {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const token = new FormData(form).get('token');
    if (typeof token === 'string' && token.trim() !== '') model.onSubmit(token.trim());
  };
  return html`<main class="login">
    <form class="login-card" @submit=${submit} data-testid="login-form">
      <h1><span class="brand-mark">TMT</span> dashboard</h1>
      <p class="muted">
        Paste an API token. The service printed an admin token on its first start;
        <code>tmt token create</code> makes more.
      </p>
      <label for="token">API token</label>
      <input
        id="token"
        name="token"
        type="password"
        autocomplete="off"
        spellcheck="false"
        required
        autofocus
        data-testid="token-input"
      />
      ${model.error === undefined ? nothing : html`<p class="error" role="alert" data-testid="login-error">${model.error}</p>`}
      <button type="submit" class="primary" ?disabled=${model.busy} data-testid="login-submit">
        ${model.busy ? 'Checking…' : 'Open dashboard'}
      </button>
      <p class="muted small">The token stays in this tab only (session storage).</p>
    </form>
  </main>`;
}
