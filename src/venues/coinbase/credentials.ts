import { createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { TmtError } from '../../core/errors/tmt-error';

/** A CDP API key: its name (`organizations/{org}/apiKeys/{id}`) and private key, never logged. */
export interface CdpKey {
  readonly name: string;
  readonly algorithm: 'ES256' | 'EdDSA';
  readonly key: KeyObject;
}

/** PKCS#8 DER prefix of an Ed25519 private key: the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Loads a CDP secret: PEM (EC `-----BEGIN EC PRIVATE KEY-----` or PKCS#8 of either kind), or the base64 Ed25519
 * secret the CDP portal shows (64 bytes, seed then public key; or the bare 32-byte seed).
 */
export function loadCdpKey(name: string, secret: string): CdpKey {
  if (name.trim() === '') throw new TmtError('CONFIG_INVALID', 'apiKeyName must not be empty', { field: 'apiKeyName' });
  const text = secret.replace(/\\n/g, '\n').trim();
  let key: KeyObject;
  try {
    if (text.startsWith('-----BEGIN')) key = createPrivateKey(text);
    else {
      const raw = Buffer.from(text.replace(/\s/g, ''), 'base64');
      if (raw.length !== 32 && raw.length !== 64) throw new RangeError(`an Ed25519 secret decodes to 32 or 64 bytes, found ${raw.length}`);
      key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, raw.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
    }
  } catch (error) {
    // The message names the field and the rule only: the secret itself never goes into an error.
    throw new TmtError('CONFIG_INVALID', 'apiPrivateKey must be an EC P-256 PEM key or an Ed25519 key (PEM or base64)', { field: 'apiPrivateKey', cause: error instanceof RangeError ? error : undefined });
  }
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return { name, algorithm: 'ES256', key };
  if (key.asymmetricKeyType === 'ed25519') return { name, algorithm: 'EdDSA', key };
  throw new TmtError('CONFIG_INVALID', `apiPrivateKey must be EC P-256 or Ed25519, found ${key.asymmetricKeyType ?? 'unknown'}`, { field: 'apiPrivateKey' });
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * Signs CDP JWTs (coinbase-advanced-py jwt_generator.build_jwt): claims sub, iss "cdp", nbf, exp two minutes
 * later and, for REST, `uri` "METHOD host/path"; header alg, kid and a random nonce. ES256 signatures are the
 * raw r||s form JWS requires (ieee-p1363), not DER.
 */
export class CdpSigner {
  private readonly headerPrefix: string;

  constructor(
    private readonly cdp: CdpKey,
    private readonly nowSeconds: () => number,
  ) {
    this.headerPrefix = `{"alg":"${cdp.algorithm}","kid":${JSON.stringify(cdp.name)},"typ":"JWT","nonce":"`;
  }

  get keyName(): string {
    return this.cdp.name;
  }

  /** A REST token for one request (`uri` = "GET api.coinbase.com/api/v3/brokerage/accounts"). */
  rest(method: string, host: string, path: string): string {
    return this.token(`${method} ${host}${path}`);
  }

  /** The WebSocket token: the same claims without `uri`, sent in every subscribe message. */
  websocket(): string {
    return this.token(undefined);
  }

  private token(uri: string | undefined): string {
    const now = this.nowSeconds();
    const header = base64url(`${this.headerPrefix}${randomBytes(16).toString('hex')}"}`);
    const claims = `{"sub":${JSON.stringify(this.cdp.name)},"iss":"cdp","nbf":${now},"exp":${now + 120}${uri === undefined ? '' : `,"uri":${JSON.stringify(uri)}`}}`;
    const input = `${header}.${base64url(claims)}`;
    const signature =
      this.cdp.algorithm === 'ES256'
        ? sign('sha256', Buffer.from(input), { key: this.cdp.key, dsaEncoding: 'ieee-p1363' })
        : sign(null, Buffer.from(input), this.cdp.key);
    return `${input}.${signature.toString('base64url')}`;
  }
}
