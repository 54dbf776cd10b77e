import { generateKeyPairSync } from 'node:crypto';
import { request } from 'undici';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoinbaseSimulator, type CoinbaseSimulator } from '../../../src/simulators/coinbase/server';
import { CdpSigner, loadCdpKey } from '../../../src/venues/coinbase/credentials';
import { OffsetClock, startHarness } from './harness';

const ACCOUNTS = '/api/v3/brokerage/accounts';
const ED_NAME = 'organizations/test/apiKeys/ed25519';

describe('coinbase simulator JWT verification', () => {
  let sim: CoinbaseSimulator;
  let host: string;
  const clock = new OffsetClock();
  const ed = generateKeyPairSync('ed25519');
  const signerAt = (offsetSeconds: number) => new CdpSigner(loadCdpKey(sim.apiKeyName, sim.apiPrivateKey), () => Math.floor(clock.now() / 1000) + offsetSeconds);
  const get = async (path: string, token: string) => {
    const response = await request(`${sim.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.statusCode, text: await response.body.text() };
  };

  beforeAll(async () => {
    sim = await startCoinbaseSimulator({ clock, publicKeys: [{ name: ED_NAME, pem: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString() }] });
    host = new URL(sim.url).host;
  });
  afterAll(async () => {
    await sim.close();
  });

  it('accepts an ES256 token whose uri carries host:port, and one signed for api.coinbase.com', async () => {
    expect((await get(ACCOUNTS, signerAt(0).rest('GET', host, ACCOUNTS))).status).toBe(200);
    expect((await get(ACCOUNTS, signerAt(0).rest('GET', 'api.coinbase.com', ACCOUNTS))).status).toBe(200);
  });

  it('refuses an expired token, a token not yet valid, a wrong uri and a bad signature with 401 Unauthorized', async () => {
    const expired = await get(ACCOUNTS, signerAt(-600).rest('GET', host, ACCOUNTS));
    expect(expired).toEqual({ status: 401, text: 'Unauthorized\n' });
    expect((await get(ACCOUNTS, signerAt(600).rest('GET', host, ACCOUNTS))).status).toBe(401);
    expect((await get(ACCOUNTS, signerAt(0).rest('GET', host, '/api/v3/brokerage/orders/historical/batch'))).status).toBe(401);
    expect((await get(ACCOUNTS, signerAt(0).rest('POST', host, ACCOUNTS))).status).toBe(401);
    const token = signerAt(0).rest('GET', host, ACCOUNTS);
    const tampered = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect((await get(ACCOUNTS, tampered)).status).toBe(401);
    expect((await get(ACCOUNTS, 'not-a-jwt')).status).toBe(401);
  });

  it('trades with an Ed25519 key (EdDSA), given as the base64 secret the CDP portal shows', async () => {
    const jwk = ed.privateKey.export({ format: 'jwk' });
    const seed = Buffer.from(jwk.d ?? '', 'base64url');
    const publicBytes = Buffer.from(jwk.x ?? '', 'base64url');
    const harness = await startHarness({ reuse: sim, clock, account: { apiKeyName: ED_NAME, apiPrivateKey: Buffer.concat([seed, publicBytes]).toString('base64') } });
    try {
      const account = await harness.venue.client.account();
      expect(account.balances.find((b) => b.currency === 'USD')?.total.toString()).toBe('10000000');
      expect(harness.venue.signer.websocket().split('.')).toHaveLength(3);
    } finally {
      await harness.close();
    }
  });

  it('refuses the user channel without a valid JWT in the subscribe message', async () => {
    const socket = new WebSocket(sim.wsUserUrl);
    await new Promise((resolve) => socket.once('open', resolve));
    const answer = new Promise<string>((resolve) => socket.once('message', (data: Buffer) => resolve(data.toString('utf8'))));
    socket.send(JSON.stringify({ type: 'subscribe', channel: 'user', product_ids: [], jwt: 'bad' }));
    expect(JSON.parse(await answer)).toEqual({ type: 'error', message: 'authentication failure' });
    socket.terminate();
  });

  it('never puts the secret in a key-loading error', () => {
    const secret = 'not-a-key-but-secret-text';
    expect(() => loadCdpKey('name', secret)).toThrow(/apiPrivateKey must be/);
    try {
      loadCdpKey('name', secret);
    } catch (error) {
      expect(JSON.stringify(error) + String(error)).not.toContain(secret);
    }
  });
});
