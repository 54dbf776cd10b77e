import { createHmac, timingSafeEqual } from 'node:crypto';

/** A key the simulator accepts: API key, HMAC secret and the passphrase chosen when the key was made. */
export interface SimApiKey {
  readonly apiKey: string;
  readonly secretKey: string;
  readonly passphrase: string;
}

/** An OKX error: the HTTP status it comes with, the string `code` and `msg` of the body. */
export interface OkxWireError {
  readonly status: number;
  readonly code: string;
  readonly msg: string;
}

const error = (status: number, code: string, msg: string): OkxWireError => ({ status, code, msg });

/** OKX's REST authentication errors (docs-v5 "Error Code", 50100-50113). */
export const AUTH_ERRORS = {
  keyMissing: error(401, '50103', 'Request header "OK-ACCESS-KEY" can not be empty.'),
  passphraseMissing: error(401, '50104', 'Request header "OK-ACCESS-PASSPHRASE" can not be empty.'),
  passphraseWrong: error(401, '50105', 'Request header "OK-ACCESS-PASSPHRASE" incorrect.'),
  signMissing: error(401, '50106', 'Request header "OK-ACCESS-SIGN" can not be empty.'),
  timestampMissing: error(401, '50107', 'Request header "OK-ACCESS-TIMESTAMP" can not be empty.'),
  keyInvalid: error(401, '50111', 'Invalid OK-ACCESS-KEY.'),
  timestampInvalid: error(401, '50112', 'Invalid OK-ACCESS-TIMESTAMP.'),
  signInvalid: error(401, '50113', 'Invalid Sign.'),
  expired: error(401, '50102', 'Timestamp request expired.'),
} as const;

/** The window OKX allows between OK-ACCESS-TIMESTAMP and its clock. */
export const TIMESTAMP_WINDOW_MS = 30_000;

export function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('base64');
}

function equalSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface SignedRequest {
  readonly key: string | undefined;
  readonly passphrase: string | undefined;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  readonly method: string;
  /** The request path with its query string, as sent. */
  readonly requestPath: string;
  readonly body: string;
}

/**
 * Verifies a private REST request: the four OK-ACCESS headers, an ISO-8601 timestamp within 30 s of the
 * server clock, the passphrase, and Base64(HMAC-SHA256(timestamp + METHOD + requestPath + body)).
 */
export function verifyRest(request: SignedRequest, keys: ReadonlyMap<string, SimApiKey>, now: number): SimApiKey | OkxWireError {
  if (request.key === undefined || request.key === '') return AUTH_ERRORS.keyMissing;
  if (request.signature === undefined || request.signature === '') return AUTH_ERRORS.signMissing;
  if (request.timestamp === undefined || request.timestamp === '') return AUTH_ERRORS.timestampMissing;
  if (request.passphrase === undefined || request.passphrase === '') return AUTH_ERRORS.passphraseMissing;
  const key = keys.get(request.key);
  if (key === undefined) return AUTH_ERRORS.keyInvalid;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/.test(request.timestamp)) return AUTH_ERRORS.timestampInvalid;
  const at = Date.parse(request.timestamp);
  if (!Number.isFinite(at)) return AUTH_ERRORS.timestampInvalid;
  if (Math.abs(now - at) > TIMESTAMP_WINDOW_MS) return AUTH_ERRORS.expired;
  if (request.passphrase !== key.passphrase) return AUTH_ERRORS.passphraseWrong;
  const expected = sign(key.secretKey, request.timestamp + request.method.toUpperCase() + request.requestPath + request.body);
  if (!equalSignature(expected, request.signature)) return AUTH_ERRORS.signInvalid;
  return key;
}

/** WebSocket login errors (docs-v5 "WebSocket error codes", 60004-60024). */
export const WS_LOGIN_ERRORS = {
  keyInvalid: { code: '60005', msg: 'Invalid OK-ACCESS-KEY' },
  expired: { code: '60006', msg: 'Timestamp request expired' },
  signInvalid: { code: '60007', msg: 'Invalid sign' },
  timestampInvalid: { code: '60004', msg: 'Invalid timestamp' },
  passphraseWrong: { code: '60024', msg: 'Wrong passphrase' },
  failed: { code: '60009', msg: 'Login failed.' },
} as const;

/** `op: login`: timestamp in Unix seconds, sign = Base64(HMAC(timestamp + "GET" + "/users/self/verify")). */
export function verifyLogin(arg: Record<string, unknown>, keys: ReadonlyMap<string, SimApiKey>, now: number): SimApiKey | { code: string; msg: string } {
  const { apiKey, passphrase, timestamp, sign: signature } = arg;
  if (typeof apiKey !== 'string' || typeof passphrase !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') return WS_LOGIN_ERRORS.failed;
  const key = keys.get(apiKey);
  if (key === undefined) return WS_LOGIN_ERRORS.keyInvalid;
  if (!/^\d{1,13}(\.\d+)?$/.test(timestamp)) return WS_LOGIN_ERRORS.timestampInvalid;
  if (Math.abs(now / 1000 - Number(timestamp)) > TIMESTAMP_WINDOW_MS / 1000) return WS_LOGIN_ERRORS.expired;
  if (passphrase !== key.passphrase) return WS_LOGIN_ERRORS.passphraseWrong;
  if (!equalSignature(sign(key.secretKey, `${timestamp}GET/users/self/verify`), signature)) return WS_LOGIN_ERRORS.signInvalid;
  return key;
}
