import { createHmac } from 'node:crypto';

/** An OKX API key: key, secret and the passphrase set when the key was created. Never logged. */
export interface OkxCredentials {
  readonly apiKey: string;
  readonly secretKey: string;
  readonly passphrase: string;
}

/** The four OK-ACCESS headers of a private REST request. */
export interface SignedHeaders {
  readonly 'OK-ACCESS-KEY': string;
  readonly 'OK-ACCESS-SIGN': string;
  readonly 'OK-ACCESS-TIMESTAMP': string;
  readonly 'OK-ACCESS-PASSPHRASE': string;
}

/**
 * Signs requests: Base64(HMAC-SHA256(timestamp + METHOD + requestPath-with-query + body)) with an ISO-8601
 * millisecond timestamp (docs-v5 "REST Authentication"). The HMAC key is prepared once per signer.
 */
export class OkxSigner {
  readonly apiKey: string;
  private readonly secret: Buffer;
  private readonly passphrase: string;

  constructor(credentials: OkxCredentials) {
    this.apiKey = credentials.apiKey;
    this.secret = Buffer.from(credentials.secretKey, 'utf8');
    this.passphrase = credentials.passphrase;
  }

  sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64');
  }

  /** Headers for one request; `timestampMs` is the venue's time (local clock plus the measured offset). */
  headers(timestampMs: number, method: string, requestPath: string, body: string): SignedHeaders {
    const timestamp = new Date(timestampMs).toISOString();
    return {
      'OK-ACCESS-KEY': this.apiKey,
      'OK-ACCESS-SIGN': this.sign(timestamp + method + requestPath + body),
      'OK-ACCESS-TIMESTAMP': timestamp,
      'OK-ACCESS-PASSPHRASE': this.passphrase,
    };
  }

  /** The `op: login` argument: Unix seconds, sign over timestamp + "GET" + "/users/self/verify". */
  loginArgs(timestampMs: number): { apiKey: string; passphrase: string; timestamp: string; sign: string } {
    const timestamp = String(Math.floor(timestampMs / 1000));
    return { apiKey: this.apiKey, passphrase: this.passphrase, timestamp, sign: this.sign(`${timestamp}GET/users/self/verify`) };
  }
}
