import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** A CDP API key the simulator accepts: its name (`organizations/…/apiKeys/…`) and public key. */
export interface SimApiKey {
  readonly name: string;
  readonly algorithm: 'ES256' | 'EdDSA';
  readonly publicKey: KeyObject;
}

export function simApiKey(name: string, publicKeyPem: string): SimApiKey {
  const publicKey = createPublicKey(publicKeyPem);
  const type = publicKey.asymmetricKeyType;
  if (type === 'ec') return { name, algorithm: 'ES256', publicKey };
  if (type === 'ed25519') return { name, algorithm: 'EdDSA', publicKey };
  throw new RangeError(`a CDP key must be EC (P-256) or Ed25519, found ${type ?? 'unknown'}`);
}

export type JwtVerdict =
  | { readonly ok: true; readonly key: SimApiKey }
  | { readonly ok: false; readonly reason: string };

/** Seconds of clock skew tolerated on nbf/exp, as a JWT verifier usually allows. */
const LEEWAY_SECONDS = 5;

/**
 * The request's `uri` claim without scheme and host. Clients pointed at a custom URL sign
 * "GET 127.0.0.1:PORT/path" (the SDK) or "GET http://127.0.0.1:PORT/path" (ccxt strips only https://);
 * Coinbase compares method and path, so the simulator does too.
 */
export function normaliseUri(uri: string): string | undefined {
  const match = /^([A-Z]+) (?:[a-z]+:\/\/)?[^/\s]*(\/[^?\s]*)/.exec(uri);
  return match === null ? undefined : `${match[1]} ${match[2]}`;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a CDP JWT (ES256 or EdDSA): signature by the key named in `kid`/`sub`, `nbf`/`exp` window, and for
 * REST the `uri` (or ccxt's EdDSA `uris`) claim against the request. `expectedUri` undefined: WebSocket token.
 */
export function verifyJwt(token: string, keys: ReadonlyMap<string, SimApiKey>, nowSeconds: number, expectedUri?: string): JwtVerdict {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [headerText, payloadText, signatureText] = parts as [string, string, string];
  const header = decodeSegment(headerText);
  const payload = decodeSegment(payloadText);
  if (header === undefined || payload === undefined) return { ok: false, reason: 'malformed token' };
  const name = typeof payload['sub'] === 'string' ? payload['sub'] : undefined;
  const key = name === undefined ? undefined : keys.get(name);
  if (key === undefined) return { ok: false, reason: 'unknown key' };
  if (header['kid'] !== undefined && header['kid'] !== key.name) return { ok: false, reason: 'kid does not match sub' };
  if (header['alg'] !== key.algorithm) return { ok: false, reason: `alg must be ${key.algorithm}` };
  const signed = Buffer.from(`${headerText}.${payloadText}`, 'utf8');
  const signature = Buffer.from(signatureText, 'base64url');
  const valid =
    key.algorithm === 'ES256'
      ? signature.length === 64 && verify('sha256', signed, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature)
      : verify(null, signed, key.publicKey, signature);
  if (!valid) return { ok: false, reason: 'bad signature' };
  const nbf = payload['nbf'];
  const exp = payload['exp'];
  if (typeof nbf !== 'number' || typeof exp !== 'number') return { ok: false, reason: 'nbf and exp are required' };
  if (nbf > nowSeconds + LEEWAY_SECONDS) return { ok: false, reason: 'token not yet valid' };
  if (exp <= nowSeconds - LEEWAY_SECONDS) return { ok: false, reason: 'token expired' };
  if (exp - nbf > 120 + LEEWAY_SECONDS) return { ok: false, reason: 'token lifetime above two minutes' };
  if (payload['iss'] !== 'cdp' && payload['iss'] !== 'coinbase-cloud') return { ok: false, reason: 'iss must be cdp' };
  if (expectedUri === undefined) return { ok: true, key };
  const claims = typeof payload['uri'] === 'string' ? [payload['uri']] : Array.isArray(payload['uris']) ? payload['uris'] : [];
  const wanted = normaliseUri(expectedUri);
  if (!claims.some((claim) => typeof claim === 'string' && normaliseUri(claim) === wanted)) return { ok: false, reason: 'uri does not match the request' };
  return { ok: true, key };
}
