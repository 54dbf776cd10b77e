import { describe, expect, it } from 'vitest';
import { binanceAccountSchema } from './config';

describe('binance account config', () => {
  const base = { accountId: 'b1', venue: 'binance' as const, apiKey: 'k' };

  it('names the field when an HMAC key has no secret', () => {
    const result = binanceAccountSchema.safeParse(base);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((i) => i.path.join('.'))).toContain('apiSecret');
  });

  it('refuses an Ed25519 key on Binance.US (HMAC only, per its documentation)', () => {
    const result = binanceAccountSchema.safeParse({ ...base, venue: 'binanceus', keyType: 'ed25519', privateKey: 'pem' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((i) => i.path.join('.'))).toContain('keyType');
  });

  it('refuses a recvWindow above 60000 and a custom environment without a base URL', () => {
    expect(binanceAccountSchema.safeParse({ ...base, apiSecret: 's', recvWindow: 60_001 }).success).toBe(false);
    const custom = binanceAccountSchema.safeParse({ ...base, apiSecret: 's', environment: 'custom' });
    expect(custom.success).toBe(false);
    if (!custom.success) expect(custom.error.issues.map((i) => i.path.join('.'))).toContain('baseUrl');
  });

  it('defaults recvWindow to 5000 and orders to REST', () => {
    expect(binanceAccountSchema.parse({ ...base, apiSecret: 's' })).toMatchObject({ recvWindow: 5000, orderTransport: 'rest', keyType: 'hmac' });
  });
});
