import { ApiClient } from './api';

/** Per tab, gone when the tab closes: a token in localStorage would outlive the trader's session. */
const TOKEN_KEY = 'tmt.token';

export type Scope = 'read' | 'trade' | 'admin';

export interface Session {
  readonly client: ApiClient;
  readonly scope: Scope;
}

export function storedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Checks the token (a 401 surfaces as the error) and learns its scope from the service. */
export async function openSession(token: string): Promise<Session> {
  const client = new ApiClient(token);
  const current = await client.get<{ scope: Scope }>('/api/v1/tokens/current');
  sessionStorage.setItem(TOKEN_KEY, token);
  return { client, scope: current.scope };
}

export function canTrade(scope: Scope): boolean {
  return scope === 'trade' || scope === 'admin';
}

export function isAdmin(scope: Scope): boolean {
  return scope === 'admin';
}
