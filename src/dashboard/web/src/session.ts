import { ApiClient, ApiError } from './api';

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

/**
 * Checks the token and learns its scope by asking for things each scope may do, none of which changes
 * anything: listing tokens (admin only) and submitting an empty order (a trade token gets a validation
 * error, a read token 403). The API checks scopes before it parses a body, so nothing reaches the engine
 * or the audit log.
 */
export async function openSession(token: string): Promise<Session> {
  const client = new ApiClient(token);
  await client.get('/api/v1/accounts'); // 401 here means the token is wrong: let it surface
  const scope = await probeScope(client);
  sessionStorage.setItem(TOKEN_KEY, token);
  return { client, scope };
}

async function probeScope(client: ApiClient): Promise<Scope> {
  if (await allowed(() => client.get('/api/v1/tokens'))) return 'admin';
  if (await allowed(() => client.post('/api/v1/orders', {}))) return 'trade';
  return 'read';
}

async function allowed(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return false;
    if (error instanceof ApiError && error.status > 0) return true;
    throw error;
  }
}

export function canTrade(scope: Scope): boolean {
  return scope === 'trade' || scope === 'admin';
}

export function isAdmin(scope: Scope): boolean {
  return scope === 'admin';
}
