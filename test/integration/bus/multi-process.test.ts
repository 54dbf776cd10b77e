import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RedisBroker } from '../../../src/bus/redis/redis-broker';
import type { BusEnvelope } from '../../../src/core';
import { CONNECTION, ensurePostgres } from '../store/postgres-harness';
import { eventually, startRedis, uniquePrefix, type PrivateBroker } from './servers';

const FIXTURES = join(import.meta.dirname, 'fixtures');

interface Child {
  readonly process: ChildProcess;
  output: string;
}

function start(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, script), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const handle: Child = { process: child, output: '' };
  child.stdout?.on('data', (chunk: Buffer) => (handle.output += chunk.toString()));
  return handle;
}

function engineYaml(directory: string, name: string, schema: string, prefix: string, leases: string): string {
  const path = join(directory, `${name}.yaml`);
  writeFileSync(
    path,
    [
      'accounts:',
      `  - {id: paper-${name}, venue: paper, environment: paper, baseCurrency: USD, startingBalance: "100000", instruments: [EUR_USD]}`,
      `store: {kind: postgres, url: {env: DATABASE_URL}, schema: ${schema}, dataDir: ${join(directory, name)}}`,
      `bus: {kind: redis, url: {env: MESSAGE_BROKER_URL}, prefix: ${prefix}, engineId: engine-${name}}`,
      `cluster: {accountLeases: {enabled: true, ttlMs: 5000, schema: ${leases}}}`,
      'api: {host: 127.0.0.1, port: 0}',
      'logging: {level: silent}',
      '',
    ].join('\n'),
  );
  return path;
}

describe('two TMT processes on one PostgreSQL and one Redis, agents in a third process', () => {
  let redis: PrivateBroker;
  const suffix = randomBytes(4).toString('hex');
  const schemas = [`engine_a_${suffix}`, `engine_b_${suffix}`, `tmt_shared_${suffix}`];
  beforeAll(async () => {
    await ensurePostgres();
    redis = await startRedis();
  }, 60_000);
  afterAll(async () => {
    await redis.stop();
    const client = new pg.Client({ connectionString: CONNECTION });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('each engine trades its own account from the agents’ signal; the events of both reach the bus', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-multi-'));
    const prefix = uniquePrefix();
    const env = { DATABASE_URL: CONNECTION, MESSAGE_BROKER_URL: redis.url };
    const children: Child[] = [];
    const observer = await RedisBroker.connect({ url: redis.url, prefix });
    const seen: BusEnvelope[] = [];
    const consumption = await observer.events.consumeGroup(
      { group: 'observer', consumer: 'o1' },
      ({ envelope }) => void seen.push(envelope),
    );
    try {
      for (const name of ['a', 'b']) {
        const child = start(
          'engine-process.ts',
          [
            engineYaml(
              directory,
              name,
              name === 'a' ? (schemas[0] as string) : (schemas[1] as string),
              prefix,
              schemas[2] as string,
            ),
          ],
          env,
        );
        children.push(child);
      }
      await eventually(
        () => children.every((c) => c.output.includes('listening')),
        'both engines listening',
        120_000,
      );
      const agent = start('agent-process.ts', [redis.url, prefix, 'trend-1']);
      children.push(agent);
      await eventually(() => agent.output.includes('ready'), 'the agent process', 120_000);
      const opened = (origin: string, account: string) =>
        seen.some((e) => e.origin === origin && e.type === 'OrderInitialized' && e.stream === account);
      // The registration precedes the signal on the same stream, so one send should do; a resend is harmless
      // (the same clientSignalId makes no second order) and covers an engine that was still warming up.
      for (let attempt = 1; ; attempt++) {
        agent.process.stdin?.write('go multi-1\n');
        try {
          await eventually(
            () => opened('engine-a', 'paper-a') && opened('engine-b', 'paper-b'),
            'an order on each engine’s own account',
            30_000,
          );
          break;
        } catch (error) {
          if (attempt === 4) throw error;
        }
      }
      const entries = (origin: string) =>
        seen.filter(
          (e) =>
            e.origin === origin && e.type === 'OrderInitialized' && e.stream === `paper-${origin.slice(-1)}`,
        );
      // Exactly one entry order per engine (its attached stop-loss is an order of its own).
      for (const origin of ['engine-a', 'engine-b'])
        expect(new Set(entries(origin).map((e) => e.seq)).size).toBe(entries(origin).length);

      // One writer per account: each engine trades only its own; the leases say who holds what.
      expect(seen.some((e) => e.origin === 'engine-a' && e.stream === 'paper-b')).toBe(false);
      expect(seen.some((e) => e.origin === 'engine-b' && e.stream === 'paper-a')).toBe(false);
      const client = new pg.Client({ connectionString: CONNECTION });
      await client.connect();
      const { rows } = await client.query<{ account_id: string; owner: string }>(
        `SELECT account_id, owner FROM ${schemas[2]}.account_leases ORDER BY account_id`,
      );
      await client.end();
      expect(rows).toEqual([
        { account_id: 'paper-a', owner: 'engine-a' },
        { account_id: 'paper-b', owner: 'engine-b' },
      ]);
      // Journal order per engine: the sequences of each origin only grow.
      for (const origin of ['engine-a', 'engine-b']) {
        const sequences = seen
          .filter((e) => e.origin === origin && e.seq !== undefined)
          .map((e) => (e.seq ?? 0) * 10 + (e.part ?? 0));
        expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
      }
    } finally {
      await consumption.stop();
      await observer.close();
      for (const child of children) child.process.kill('SIGTERM');
      await Promise.all(
        children.map((child) =>
          child.process.exitCode !== null
            ? Promise.resolve()
            : new Promise<void>((resolve) => child.process.once('exit', () => resolve())),
        ),
      );
      rmSync(directory, { recursive: true, force: true });
    }
  }, 300_000);
});
