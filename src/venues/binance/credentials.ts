import { createHmac, createPrivateKey, createSecretKey, sign as cryptoSign, type KeyObject } from 'node:crypto';

export type BinanceKeyType = 'hmac' | 'ed25519' | 'rsa';

/** API credentials. The secret or private key never leaves this module except through `sign`. */
export interface BinanceCredentials {
  readonly apiKey: string;
  readonly keyType: BinanceKeyType;
  /** HMAC secret key. */
  readonly apiSecret?: string;
  /** PEM private key for Ed25519 or RSA (PKCS#8). */
  readonly privateKeyPem?: string;
}

/** Signs a payload as Binance expects for the key type: HMAC-SHA256 as hex, Ed25519 and RSA as base64. */
export interface BinanceSigner {
  readonly apiKey: string;
  readonly keyType: BinanceKeyType;
  sign(payload: string): string;
}

export function createSigner(credentials: BinanceCredentials): BinanceSigner {
  const { apiKey, keyType } = credentials;
  switch (keyType) {
    case 'hmac': {
      const secret = credentials.apiSecret;
      if (secret === undefined || secret === '') throw new RangeError('binance.apiSecret is required for an HMAC key');
      // A KeyObject made once: the key is not re-imported on every request.
      const key = createSecretKey(Buffer.from(secret, 'utf8'));
      return { apiKey, keyType, sign: (payload) => createHmac('sha256', key).update(payload, 'utf8').digest('hex') };
    }
    case 'ed25519': {
      const key = privateKey(credentials, 'ed25519');
      return { apiKey, keyType, sign: (payload) => cryptoSign(null, Buffer.from(payload, 'utf8'), key).toString('base64') };
    }
    case 'rsa': {
      const key = privateKey(credentials, 'rsa');
      // RSASSA-PKCS1-v1_5 with SHA-256, the scheme the REST documentation names.
      return { apiKey, keyType, sign: (payload) => cryptoSign('sha256', Buffer.from(payload, 'utf8'), key).toString('base64') };
    }
  }
}

function privateKey(credentials: BinanceCredentials, expected: 'ed25519' | 'rsa'): KeyObject {
  if (credentials.privateKeyPem === undefined) throw new RangeError(`binance.privateKey is required for an ${expected} key`);
  const key = createPrivateKey(credentials.privateKeyPem);
  if (key.asymmetricKeyType !== expected) {
    throw new RangeError(`binance.privateKey must be an ${expected} key, found ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return key;
}

export type ParamValue = string | number | boolean;
/** Request parameters in the order they are sent. */
export type Params = readonly (readonly [string, ParamValue])[];

const SAFE = /^[A-Za-z0-9._~-]*$/;

/** Percent-encodes like a form/query value; the common all-safe case skips the encoder. */
function encode(value: string): string {
  return SAFE.test(value) ? value : encodeURIComponent(value);
}

/**
 * The REST signature payload: `key=value` pairs in sending order, percent-encoded (rest-api.md, "SIGNED
 * Endpoint Examples"). The same string is sent on the wire, so what is signed is exactly what arrives.
 */
export function restQueryString(params: Params): string {
  let out = '';
  for (const [key, value] of params) {
    if (out.length > 0) out += '&';
    out += `${key}=${encode(String(value))}`;
  }
  return out;
}

/** Appends `signature` to a REST payload, percent-encoding it (base64 signatures contain `+`, `/`, `=`). */
export function signRestPayload(signer: BinanceSigner, payload: string): string {
  const signature = signer.sign(payload);
  return `${payload}&signature=${signer.keyType === 'hmac' ? signature : encodeURIComponent(signature)}`;
}

/**
 * The WebSocket API signature payload: every parameter except `signature`, sorted by name, `key=value`
 * joined by `&`, values as raw UTF-8 with no percent-encoding (web-socket-api.md, "SIGNED request example").
 */
export function wsApiPayload(params: Readonly<Record<string, ParamValue>>): string {
  return Object.keys(params)
    .filter((key) => key !== 'signature')
    .sort()
    .map((key) => `${key}=${String(params[key])}`)
    .join('&');
}
