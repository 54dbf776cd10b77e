import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * Private brokers for tests: a redis-server and a nats-server -js of our own, on free loopback ports, with
 * their data in a temporary directory. The machine's shared brokers are never restarted; tests that only
 * need a broker may use the shared one with a unique prefix instead (sharedRedisUrl).
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface PrivateBroker {
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL: a crash) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same data directory. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Redis with an append-only file fsynced on every write: a SIGKILL loses nothing it acknowledged. */
export async function startRedis(
  options: { appendfsync?: 'always' | 'everysec' } = {},
): Promise<PrivateBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        options.appendfsync ?? 'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(async () => {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined); // refused until the server is up: that is what we wait for
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    }, 'redis-server');
  };
  await start();
  return {
    url,
    port,
    start,
    async kill() {
      child?.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child?.kill('SIGKILL');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** nats-server with JetStream, its store in a temporary directory. */
export async function startNats(): Promise<PrivateBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-nats-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
      stdio: 'ignore',
    });
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = new Socket();
          socket.once('connect', () => {
            socket.destroy();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
          socket.connect(port, '127.0.0.1');
        }),
      'nats-server',
    );
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    start,
    async kill() {
      child?.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child?.kill('SIGKILL');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A prefix no other test (or engineer) uses: keys, subjects and stream names derive from it. */
export function uniquePrefix(): string {
  return `t${process.pid}_${Date.now().toString(36)}_${++counter}`;
}

/** Polls until the condition holds; for asynchronous delivery, never a fixed sleep. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => check(), what, timeoutMs);
}
