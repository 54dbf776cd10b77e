import type { Timestamp } from '../clock';

/** read < trade < admin: each scope includes the ones before it. */
export const API_SCOPES = ['read', 'trade', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** An API token as stored: only a digest of its secret is kept, never the secret. */
export interface ApiTokenRecord {
  readonly id: string;
  readonly name: string;
  readonly scope: ApiScope;
  /** Hex SHA-256 of the token secret. */
  readonly secretHash: string;
  readonly createdAt: Timestamp;
  readonly createdBy: string;
  readonly revokedAt?: Timestamp;
  /** Requests per second allowed for this token; absent means the configured default. */
  readonly rateLimitPerSecond?: number;
}

export interface TokenStore {
  add(token: ApiTokenRecord): void;
  list(): readonly ApiTokenRecord[];
  revoke(id: string, at: Timestamp): boolean;
  close(): void;
}
