import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import {
  API_SCOPES,
  TmtError,
  type ApiScope,
  type ApiTokenRecord,
  type Clock,
  type TokenStore,
} from '../../core';

/** `tmt_<id>_<secret>`: the id finds the record, the secret is checked against its digest. */
const TOKEN_PATTERN = /^tmt_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface AuthenticatedToken {
  readonly id: string;
  readonly name: string;
  readonly scope: ApiScope;
  readonly rateLimitPerSecond?: number;
}

export interface CreatedToken {
  readonly record: Omit<ApiTokenRecord, 'secretHash'>;
  /** Shown once; only its digest is stored. */
  readonly token: string;
}

export function scopeAllows(granted: ApiScope, needed: ApiScope): boolean {
  return API_SCOPES.indexOf(granted) >= API_SCOPES.indexOf(needed);
}

const digest = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** How often the in-memory copy is refreshed from the store, so tokens created or revoked offline take effect. */
const REFRESH_MS = 5_000;

/**
 * Issues, checks and revokes bearer tokens. Records are cached in memory (a handful of tokens), so that a
 * request costs one hash and one constant-time compare, not a database read.
 */
export class TokenService {
  private readonly byId = new Map<string, ApiTokenRecord>();
  private loadedAt: number;

  constructor(
    private readonly store: TokenStore,
    private readonly clock: Clock,
  ) {
    this.loadedAt = clock.now();
    this.reload();
  }

  /** Re-reads the store (a handful of rows): picks up `tmt token create|revoke --offline` on a running service. */
  private reload(): void {
    this.byId.clear();
    for (const record of this.store.list()) this.byId.set(record.id, record);
    this.loadedAt = this.clock.now();
  }

  private refreshIfStale(unknownId: boolean): void {
    const age = this.clock.now() - this.loadedAt;
    // An unknown id may be a token created offline a moment ago; at most one reload a second for those.
    if (age >= REFRESH_MS || (unknownId && age >= 1_000)) this.reload();
  }

  hasActiveAdmin(): boolean {
    return [...this.byId.values()].some((t) => t.revokedAt === undefined && t.scope === 'admin');
  }

  create(input: {
    name: string;
    scope: ApiScope;
    createdBy: string;
    rateLimitPerSecond?: number;
  }): CreatedToken {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record: ApiTokenRecord = {
      id,
      name: input.name,
      scope: input.scope,
      secretHash: digest(secret).toString('hex'),
      createdAt: this.clock.now(),
      createdBy: input.createdBy,
      ...(input.rateLimitPerSecond === undefined ? {} : { rateLimitPerSecond: input.rateLimitPerSecond }),
    };
    this.store.add(record);
    this.byId.set(id, record);
    const { secretHash: _hidden, ...shown } = record;
    return { record: shown, token: `tmt_${id}_${secret}` };
  }

  list(): readonly Omit<ApiTokenRecord, 'secretHash'>[] {
    return [...this.byId.values()].map(({ secretHash: _hidden, ...shown }) => shown);
  }

  revoke(id: string): void {
    const record = this.byId.get(id);
    if (record === undefined) throw new TmtError('API_NOT_FOUND', `no token with id ${id}`, { field: 'id' });
    if (record.revokedAt !== undefined) return;
    const at = this.clock.now();
    this.store.revoke(id, at);
    this.byId.set(id, { ...record, revokedAt: at });
  }

  /** Whether a token that authenticated earlier is still live (a long-lived stream checks it as it goes). */
  isActive(id: string): boolean {
    this.refreshIfStale(false);
    const record = this.byId.get(id);
    return record !== undefined && record.revokedAt === undefined;
  }

  /** Undefined for anything that is not a live token; never says which part was wrong. */
  authenticate(presented: string): AuthenticatedToken | undefined {
    const match = TOKEN_PATTERN.exec(presented);
    if (match === null) return undefined;
    const id = match[1] as string;
    this.refreshIfStale(!this.byId.has(id));
    const record = this.byId.get(id);
    if (record === undefined || record.revokedAt !== undefined) return undefined;
    const expected = Buffer.from(record.secretHash, 'hex');
    if (!timingSafeEqual(digest(match[2] as string), expected)) return undefined;
    return {
      id: record.id,
      name: record.name,
      scope: record.scope,
      ...(record.rateLimitPerSecond === undefined ? {} : { rateLimitPerSecond: record.rateLimitPerSecond }),
    };
  }
}
