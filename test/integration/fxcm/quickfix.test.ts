/**
 * The external check: Debian's QuickFIX (libquickfix-dev), an independent FIX engine, built into a small C++
 * client in the test's set-up and run against the FXCM simulator. scripts/setup-test-deps.sh installs the package.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Decimal } from '../../../src/core';
import { createFxcmSimulator, type FxcmSimulator } from '../../../src/simulators/fxcm';

const run = promisify(execFile);
const source = join(import.meta.dirname, 'quickfix', 'client.cpp');
const available = existsSync('/usr/include/quickfix/Session.h');

describe.skipIf(!available)('QuickFIX C++ client (libquickfix-dev; install with scripts/setup-test-deps.sh) against the FXCM simulator', () => {
  let sim: FxcmSimulator;
  let binary: string;

  beforeAll(async () => {
    // Built once per source version: the compile takes seconds on a loaded machine.
    binary = join(tmpdir(), `tmt-quickfix-client-${createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12)}`);
    if (!existsSync(binary)) await run('g++', ['-std=gnu++11', '-w', '-O0', '-o', binary, source, '-lquickfix', '-lpthread'], { timeout: 170_000 });
    sim = await createFxcmSimulator({ prices: 'scripted' });
  }, 180_000);
  afterAll(async () => {
    await sim.close();
  });

  it('logs on, fills a market order, rests and cancels a limit order, logs out; the simulator holds the position', async () => {
    const account = sim.login.accounts[0]?.id ?? '';
    const { stdout } = await run(binary, [String(sim.port), `${sim.login.username}_qf`, sim.login.username, sim.login.password, account], { timeout: 60_000 });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('LOGON');
    expect(lines).toContain('ER qf-mkt-1 0 0 0');
    expect(lines).toContain('ER qf-mkt-1 2 F 10000');
    expect(lines).toContain('ER qf-lmt-1 0 0 0');
    expect(lines).toContain('ER qf-cxl-1 4 4 0');
    expect(lines.at(-1)).toBe('LOGOUT');
    const truth = sim.truth(account);
    expect(truth.orders).toHaveLength(0);
    expect(truth.positions.map((p) => [p.symbol, p.quantity.toString()])).toEqual([['EUR/USD', Decimal.parse('10000').toString()]]);
  }, 90_000);

  it('is refused with a Logout when the password is wrong', async () => {
    const result = await run(binary, [String(sim.port), `${sim.login.username}_qf2`, sim.login.username, 'wrong-password', sim.login.accounts[0]?.id ?? ''], { timeout: 60_000 }).catch((error: { stdout: string; code: number }) => error);
    expect(result.stdout).not.toContain('LOGON');
    expect(result.stdout).toContain('LOGOUT');
  }, 90_000);
});
