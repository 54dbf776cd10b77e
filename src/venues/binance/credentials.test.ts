import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigner, restQueryString, signRestPayload, wsApiPayload } from './credentials';

// The example key pair published in rest-api.md and web-socket-api.md ("SIGNED request example (HMAC)").
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const hmac = createSigner({ apiKey: API_KEY, keyType: 'hmac', apiSecret: SECRET });

describe('binance REST signing (rest-api.md examples)', () => {
  const params = (symbol: string) =>
    [
      ['symbol', symbol],
      ['side', 'BUY'],
      ['type', 'LIMIT'],
      ['timeInForce', 'GTC'],
      ['quantity', '1'],
      ['price', '0.1'],
      ['recvWindow', 5000],
      ['timestamp', 1499827319559],
    ] as const;

  it('builds the ASCII payload and its published HMAC signature', () => {
    const payload = restQueryString(params('LTCBTC'));
    expect(payload).toBe('symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559');
    expect(hmac.sign(payload)).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
  });

  it('percent-encodes a non-ASCII symbol before signing and matches the published signature', () => {
    const payload = restQueryString(params('１２３４５６'));
    expect(payload).toBe('symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559');
    expect(hmac.sign(payload)).toBe('e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3');
  });

  it('appends the signature to the payload it signed', () => {
    const payload = restQueryString(params('LTCBTC'));
    expect(signRestPayload(hmac, payload)).toBe(`${payload}&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71`);
  });
});

describe('binance WebSocket API signing (web-socket-api.md examples)', () => {
  it('sorts the params, keeps raw values and matches the published ASCII signature', () => {
    const payload = wsApiPayload({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000000',
      price: '52000.00',
      recvWindow: 100,
      timestamp: 1645423376532,
      apiKey: API_KEY,
    });
    expect(payload).toBe(`apiKey=${API_KEY}&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT`);
    expect(hmac.sign(payload)).toBe('aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24');
  });

  it('signs non-ASCII values as raw UTF-8 (no percent-encoding) and matches the published signature', () => {
    const payload = wsApiPayload({
      symbol: '１２３４５６',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '1.00000000',
      price: '0.10000000',
      recvWindow: 5000,
      timestamp: 1645423376532,
      apiKey: API_KEY,
      signature: 'ignored: the signature is never part of its own payload',
    });
    expect(payload).toContain('symbol=１２３４５６');
    expect(hmac.sign(payload)).toBe('b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd');
  });
});

describe('binance asymmetric signing with generated keys', () => {
  it('signs with Ed25519 as base64 that the public key verifies, and percent-encodes it on REST', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = createSigner({ apiKey: 'k', keyType: 'ed25519', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const payload = 'symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&timestamp=1668481559918&recvWindow=5000';
    const signature = signer.sign(payload);
    expect(verify(null, Buffer.from(payload), publicKey, Buffer.from(signature, 'base64'))).toBe(true);
    expect(signRestPayload(signer, payload)).toBe(`${payload}&signature=${encodeURIComponent(signature)}`);
  });

  it('signs with RSA PKCS#1 v1.5 SHA-256 as base64 that the public key verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signer = createSigner({ apiKey: 'k', keyType: 'rsa', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const signature = signer.sign('timestamp=1');
    expect(verify('sha256', Buffer.from('timestamp=1'), publicKey, Buffer.from(signature, 'base64'))).toBe(true);
  });

  it('refuses a private key of the wrong type, naming the field', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(() => createSigner({ apiKey: 'k', keyType: 'rsa', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() })).toThrow(/binance.privateKey must be an rsa key/);
  });
});
