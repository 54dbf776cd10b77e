import { createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/** A key the simulator accepts: HMAC secret, or an Ed25519/RSA public key (PEM). */
export interface SimApiKey {
  readonly apiKey: string;
  readonly kind: 'hmac' | 'ed25519' | 'rsa';
  readonly secret?: string;
  readonly publicKey?: KeyObject;
}

export function hmacKey(apiKey: string, secret: string): SimApiKey {
  return { apiKey, kind: 'hmac', secret };
}

export function publicKey(apiKey: string, pem: string): SimApiKey {
  const key = createPublicKey(pem);
  const kind = key.asymmetricKeyType === 'ed25519' ? 'ed25519' : key.asymmetricKeyType === 'rsa' ? 'rsa' : undefined;
  if (kind === undefined) throw new RangeError(`public key must be ed25519 or rsa, found ${key.asymmetricKeyType ?? 'unknown'}`);
  return { apiKey, kind, publicKey: key };
}

/** The error body Binance answers with (errors.md), and the HTTP status it comes with. */
export interface WireError {
  readonly status: number;
  readonly code: number;
  readonly msg: string;
}

export const INVALID_SIGNATURE: WireError = { status: 400, code: -1022, msg: 'Signature for this request is not valid.' };
export const INVALID_KEY: WireError = { status: 401, code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' };
export const BAD_KEY_FORMAT: WireError = { status: 400, code: -2014, msg: 'API-key format invalid.' };

/** Verifies `signature` over `payload` for the key: HMAC hex (case-insensitive), Ed25519/RSA base64. */
export function verifySignature(key: SimApiKey, payload: string, signature: string): boolean {
  const data = Buffer.from(payload, 'utf8');
  switch (key.kind) {
    case 'hmac': {
      const expected = createHmac('sha256', key.secret ?? '').update(data).digest();
      if (!/^[0-9a-fA-F]{64}$/.test(signature)) return false;
      return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
    }
    case 'ed25519':
      return key.publicKey !== undefined && verify(null, data, key.publicKey, Buffer.from(signature, 'base64'));
    case 'rsa':
      return key.publicKey !== undefined && verify('sha256', data, key.publicKey, Buffer.from(signature, 'base64'));
  }
}

/**
 * The REST signature payload as Binance computes it: the raw query string (without `signature`) followed,
 * without separator, by the raw body (rest-api.md "SIGNED Endpoint Examples").
 */
export function restSignaturePayload(rawQuery: string, rawBody: string): { payload: string; signature: string | undefined } {
  let signature: string | undefined;
  const strip = (text: string): string =>
    text
      .split('&')
      .filter((part) => {
        if (part.startsWith('signature=')) {
          signature = decodeURIComponent(part.slice('signature='.length));
          return false;
        }
        return part.length > 0;
      })
      .join('&');
  return { payload: strip(rawQuery) + strip(rawBody), signature };
}

/** The WebSocket API payload: params except `signature`, sorted by name, raw UTF-8 (web-socket-api.md). */
export function wsSignaturePayload(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .filter((key) => key !== 'signature')
    .sort()
    .map((key) => `${key}=${String(params[key])}`)
    .join('&');
}

/**
 * rest-api.md "Timing security": valid when timestamp < serverTime + 1000 and serverTime - timestamp <= recvWindow;
 * recvWindow defaults to 5000 and may not exceed 60000. Timestamps in microseconds (16 digits) are accepted.
 */
export function checkTiming(timestampText: string | undefined, recvWindowText: string | undefined, serverTime: number): WireError | undefined {
  if (timestampText === undefined || timestampText === '') {
    return { status: 400, code: -1102, msg: "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed." };
  }
  let timestamp = Number(timestampText);
  if (!Number.isFinite(timestamp)) return { status: 400, code: -1100, msg: "Illegal characters found in parameter 'timestamp'; legal range is '^[0-9]{1,20}$'." };
  if (timestampText.length >= 16) timestamp /= 1000;
  const recvWindow = recvWindowText === undefined ? 5000 : Number(recvWindowText);
  if (!Number.isFinite(recvWindow) || recvWindow > 60_000) {
    return { status: 400, code: -1131, msg: 'recvWindow must be less than 60000' };
  }
  if (timestamp >= serverTime + 1000) return { status: 400, code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." };
  if (serverTime - timestamp > recvWindow) return { status: 400, code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' };
  return undefined;
}
