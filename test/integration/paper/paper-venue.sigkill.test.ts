import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AccountId, type VenueClientOrderId } from '../../../src/core';
import { SystemClock } from '../../../src/shared/system-clock';
import { createPaperVenue } from '../../../src/simulators/paper';

const here = dirname(fileURLToPath(import.meta.url));
const FX = AccountId.parse('paper-fx');

/** Runs the child until it has acknowledged at least `minimum` orders (plus a random extra), then SIGKILLs it. */
async function runAndKill(storePath: string, prefix: string, minimum: number): Promise<[string, string][]> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures/paper-child.ts'), storePath, prefix], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acks: [string, string][] = [];
  const target = minimum + Math.floor(Math.random() * 20);
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve());
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acks.push(line.slice(4).split(' ') as [string, string]);
      if (acks.length >= target && child.exitCode === null) child.kill('SIGKILL');
    });
  });
  return acks;
}

describe('paper venue under SIGKILL', () => {
  it('every order acknowledged before the kill is at the venue after it reopens, once', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-paper-kill-'));
    try {
      const storePath = join(dir, 'paper.sqlite');
      const acknowledged: [string, string][] = [];
      for (let round = 0; round < 3; round++) acknowledged.push(...(await runAndKill(storePath, `r${round}`, 30)));
      const venue = createPaperVenue({ clock: new SystemClock(), seed: 11, storePath });
      await venue.connect();
      expect(acknowledged.length).toBeGreaterThanOrEqual(90);
      const fills = await venue.fillsSince(FX, 0);
      for (const [id, acked] of acknowledged) {
        const report = await venue.orderStatus({ accountId: FX, venueClientOrderId: id as VenueClientOrderId });
        expect(report?.status, id).toBe('filled');
        // The same fills (trade id, price, quantity) as the ack carried: the venue rebuilt exactly what it said.
        const rebuilt = fills.filter((f) => f.venueClientOrderId === id).map((f) => `${f.tradeId}@${f.price.toString()}x${f.quantity.toString()}`);
        expect(rebuilt.join(','), id).toBe(acked);
      }
      expect(new Set(fills.map((f) => f.tradeId)).size).toBe(fills.length);
      await venue.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
