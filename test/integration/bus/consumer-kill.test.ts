import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectBroker } from '../../../src/bus';
import { eventually, startNats, startRedis, uniquePrefix, type PrivateBroker } from './servers';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'stuck-consumer.ts');

describe.each([
  { kind: 'redis' as const, start: startRedis },
  { kind: 'nats' as const, start: startNats },
])('a consumer process killed mid-work on $kind', ({ kind, start }) => {
  let server: PrivateBroker;
  beforeAll(async () => {
    server = await start();
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });

  it('its messages are redelivered to another instance of the group, none lost', async () => {
    const prefix = uniquePrefix();
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', FIXTURE, kind, server.url, prefix, 'workers'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => output.includes('ready'), 'the consumer process to join', 60_000);
    const broker = await connectBroker(kind, { url: server.url, prefix });
    try {
      const ids = Array.from({ length: 20 }, (_, i) => `s-${i + 1}`);
      await broker.signals.publish(
        ids.map((id) => ({
          v: 1,
          origin: 'agent-1',
          id,
          type: 'Signal',
          stream: 'system',
          at: 1,
          body: '{}',
        })),
      );
      await eventually(() => (output.match(/took /g) ?? []).length >= 1, 'the doomed process to take work');
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const got = new Map<string, boolean>();
      const survivor = await broker.signals.consumeGroup(
        { group: 'workers', consumer: 'survivor', ackWaitMs: 1000 },
        ({ envelope, redelivered }) => {
          got.set(envelope.id ?? '', redelivered);
        },
      );
      await eventually(() => got.size === 20, 'all twenty at the survivor', 60_000);
      await survivor.stop();
      expect([...got.keys()].sort()).toEqual([...ids].sort());
      const taken = [...output.matchAll(/took (\S+)/g)].map((match) => match[1] as string);
      // What the dead process had taken came back as redeliveries.
      for (const id of taken) expect(got.get(id), id).toBe(true);
    } finally {
      await broker.close();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
