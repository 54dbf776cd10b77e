import { exec, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const run = promisify(exec);

/** The README's quickstart block, line by line: each command exactly as written there. */
function quickstart(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- quickstart -->\s*```sh\n([\s\S]*?)```\s*<!-- \/quickstart -->/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no quickstart block');
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/**
 * Follows the README as a new user would: `tmt start` (what `npm start` runs) in an empty folder, the admin
 * token read from its banner, then every quickstart command verbatim in this checkout. Only the address
 * differs (TMT_URL), so that the test never collides with a service on 8004.
 */
describe('README quickstart, verbatim', () => {
  let service: ChildProcess;
  let url = '';
  let token = '';

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-readme-'));
    service = spawn(process.execPath, [join(ROOT, 'bin/tmt.mjs'), 'start', '--port', '0'], {
      cwd: directory,
      env: { ...process.env, TMT_LOGGING__LEVEL: 'warn' },
    });
    let banner = '';
    service.stdout?.on('data', (chunk: Buffer) => (banner += chunk.toString('utf8')));
    const deadline = Date.now() + 60_000;
    while (!(/Dashboard and API: (\S+)/.test(banner) && /^\s+(tmt_\S+)$/m.test(banner))) {
      if (Date.now() > deadline) throw new Error(`tmt start printed no address and token:\n${banner}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    url = /Dashboard and API: (\S+)/.exec(banner)?.[1] ?? '';
    token = /^\s+(tmt_\S+)$/m.exec(banner)?.[1] ?? '';
  }, 90_000);
  afterAll(() => {
    service.kill('SIGTERM');
  });

  it('every command runs as written and succeeds', async () => {
    const lines = quickstart();
    expect(lines[0]).toMatch(/^export TMT_TOKEN=/);
    const commands = lines.slice(1);
    expect(commands.length).toBeGreaterThanOrEqual(7);
    const outputs: string[] = [];
    for (const command of commands) {
      expect(command.startsWith('npx tmt ')).toBe(true);
      const { stdout } = await run(command, {
        cwd: ROOT,
        env: { ...process.env, TMT_URL: url, TMT_TOKEN: token },
        timeout: 60_000,
      });
      outputs.push(stdout);
    }
    const byCommand = Object.fromEntries(
      commands.map((c, i) => [c.split(' ').slice(2, 3).join(' '), outputs[i] ?? '']),
    );
    expect(byCommand.status).toContain('paper-fx');
    expect(byCommand.fills).toContain('EUR_USD.PAPER');
    expect(byCommand.kill).toContain('HALTED');
    expect(byCommand.resume).toContain('ACTIVE');
  }, 300_000);
});
