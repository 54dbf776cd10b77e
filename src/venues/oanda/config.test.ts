import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { isTmtError } from '../../core/errors';
import { parseOandaConfig } from './config';
import { loadOandaCredentials } from './credentials';
import { oandaUrls } from './urls';

describe('OANDA configuration, credentials and URLs', () => {
  it('defaults to OANDA limits and picks the practice, live or simulator hosts', () => {
    const practice = parseOandaConfig({ environment: 'practice', accountIds: ['101-004-1435156-001'] });
    expect(practice.requestsPerSecond).toBe(100);
    expect(practice.streamSilenceMs).toBe(15_000);
    expect(oandaUrls(practice)).toEqual({ rest: 'https://api-fxpractice.oanda.com', stream: 'https://stream-fxpractice.oanda.com' });
    expect(oandaUrls(parseOandaConfig({ environment: 'live', accountIds: ['001-001-1-001'] })).stream).toBe('https://stream-fxtrade.oanda.com');
    expect(oandaUrls(parseOandaConfig({ environment: 'simulator', baseUrl: 'http://127.0.0.1:9/', accountIds: ['a-1'] }))).toEqual({ rest: 'http://127.0.0.1:9', stream: 'http://127.0.0.1:9' });
  });

  it('names the field and the rule of an invalid configuration', () => {
    expect(() => parseOandaConfig({ environment: 'simulator', accountIds: ['a-1'] })).toThrow(/baseUrl/);
    expect(() => parseOandaConfig({ environment: 'practice', accountIds: ['a-1'], requestsPerSecond: 500 })).toThrow(/requestsPerSecond|120/);
  });

  it('reads the token from the environment or from the first line of a secrets file, and never shows it', () => {
    const direct = loadOandaCredentials({}, { OANDA_TOKEN: 'abcdef0123456789-secret' });
    expect(direct.authorization()).toBe('Bearer abcdef0123456789-secret');
    expect(direct.fingerprint).toBe('…cret');
    expect(JSON.stringify(direct)).not.toContain('abcdef0123456789');
    const file = join(mkdtempSync(join(tmpdir(), 'oanda-')), 'token');
    writeFileSync(file, 'fromfile-0123456789\nignored\n');
    expect(loadOandaCredentials({}, { OANDA_TOKEN_FILE: file }).authorization()).toBe('Bearer fromfile-0123456789');
    try {
      loadOandaCredentials({}, {});
      throw new Error('expected a refusal');
    } catch (error) {
      expect(isTmtError(error, 'VENUE_AUTHENTICATION')).toBe(true);
    }
  });
});
