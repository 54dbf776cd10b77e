import { inspect } from 'node:util';

/**
 * What POST /login takes: username, domain and password. The password never leaves this object except in the
 * login body; printing or serializing the object shows it redacted.
 */
export class DxtradeCredentials {
  readonly #password: string;

  constructor(readonly username: string, readonly domain: string, password: string) {
    if (username.length === 0) throw new RangeError('credentials.username must not be empty');
    if (domain.length === 0) throw new RangeError('credentials.domain must not be empty');
    if (password.length === 0) throw new RangeError('credentials.password must not be empty');
    this.#password = password;
  }

  /** The POST /login body. */
  loginBody(): { username: string; domain: string; password: string } {
    return { username: this.username, domain: this.domain, password: this.#password };
  }

  toJSON(): Record<string, string> {
    return { username: this.username, domain: this.domain, password: '[redacted]' };
  }

  [inspect.custom](): string {
    return `DxtradeCredentials(${this.username}@${this.domain}, password [redacted])`;
  }
}
