import { ApiClient, ApiError } from './api';

/** Per tab, gone when the tab closes: a token in localStorage would outlive the trader's session. */
const TOKEN_KEY = 'tmt.token';

export type Scope = 'read' | 'trade' | 'admin';

export interface Session {
  readonly client: ApiClient;
  readonly scope: Scope;
  readonly tokenName?: string;
}

export function storedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * Checks the token and learns its scope. The API says it at `GET /api/v1/whoami` ({scopes, name}); against
 * a service without that route, the scope is found by asking for things each scope may do, none of which
 * changes anything: listing tokens (admin) and canceling an order id that cannot exist (trade: 404, not 403).
 */
export async function openSession(token: string): Promise<Session> {
  const client = new ApiClient(token);
  await client.get('/api/v1/accounts'); // 401 here means the token is wrong: let it surface
  const told = await scopeFromWhoami(client);
  const scope = told?.scope ?? (await probeScope(client));
  sessionStorage.setItem(TOKEN_KEY, token);
  return told?.name === undefined ? { client, scope } : { client, scope, tokenName: told.name };
}

async function scopeFromWhoami(client: ApiClient): Promise<{ scope: Scope; name?: string } | undefined> {
  try {
    const body = await client.get<{ scopes?: unknown; name?: unknown }>('/api/v1/whoami');
    if (!Array.isArray(body.scopes)) return undefined;
    const scopes = body.scopes.map(String);
    const scope: Scope = scopes.includes('admin') ? 'admin' : scopes.includes('trade') ? 'trade' : 'read';
    return typeof body.name === 'string' ? { scope, name: body.name } : { scope };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return undefined;
    throw error;
  }
}

async function probeScope(client: ApiClient): Promise<Scope> {
  if (await allowed(() => client.get('/api/v1/tokens'))) return 'admin';
  if (await allowed(() => client.delete('/api/v1/orders/dashboard-scope-probe-0000'))) return 'trade';
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
