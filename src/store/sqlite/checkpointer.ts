import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

import type { Logger } from '../../shared/logger';

/**
 * How the WAL is checkpointed (copied back into the database file so it stops growing).
 *
 * SQLite's default auto-checkpoint runs inside the COMMIT of whichever write crosses 1,000 WAL pages: that
 * append then pays for copying the pages and fsyncing the database file (measured here: a 3-4 ms stall at
 * the p99.9 of the append latency, bench/store.bench.ts shows both). So by default ('background') the
 * writer sets wal_autocheckpoint=0 and a worker thread, on its own connection, runs
 * `PRAGMA wal_checkpoint(PASSIVE)` on a timer. PASSIVE never takes the write lock nor waits for readers, so
 * the append path never waits for it; and because it runs on another thread the event loop never pauses for
 * its I/O either (a timer on the main thread would move the stall from the COMMIT into whatever callback
 * runs next).
 *
 * The cost: the WAL restarts from its beginning only when a checkpoint has caught up with the writer and no
 * commit came in between, so during an uninterrupted burst (a single-row commit writes a whole 4 KiB page:
 * ~120 MB/s at 30k commits/s) it keeps growing, and it restarts at the first idle moment after. To bound it,
 * once a PASSIVE checkpoint reports more than `restartAfterFrames` frames in the WAL the worker runs one
 * `wal_checkpoint(RESTART)`, which holds the write lock while it copies: that one append waits (a few ms,
 * counted in the benchmark) instead of the disk filling. The WAL file keeps its high-water size (it is
 * reused, not truncated, so it is not regrown block by block); close() checkpoints and removes it.
 *
 * 'sqlite-auto' keeps SQLite's default (for comparison in the benchmark); 'none' checkpoints only at close
 * (short-lived tools and tests).
 */
export type CheckpointStrategy = 'background' | 'sqlite-auto' | 'none';

export interface CheckpointResult {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

// Runs as CommonJS in the worker (eval), so it needs no TypeScript loader under tsx, vitest or a build.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const run = (id) => {
  try {
    let row = db.pragma('wal_checkpoint(PASSIVE)')[0];
    if (row.log > workerData.restartAfterFrames) {
      db.pragma('busy_timeout = 1000');
      row = db.pragma('wal_checkpoint(RESTART)')[0];
      db.pragma('busy_timeout = 0');
    }
    parentPort.postMessage({ kind: 'checkpoint', id, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ kind: 'error', id, message: String(error && error.message || error) });
  }
};
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (typeof message === 'number') run(message);
  if (message === 'stop') { clearInterval(timer); db.close(); parentPort.postMessage({ kind: 'stopped' }); parentPort.close(); }
});
parentPort.postMessage({ kind: 'ready' });
`;

type WorkerMessage =
  | ({ kind: 'checkpoint'; id?: number } & CheckpointResult)
  | { kind: 'error'; id?: number; message: string }
  | { kind: 'ready' }
  | { kind: 'stopped' };

export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly waiters = new Map<number, (result: CheckpointResult) => void>();
  private nextId = 1;
  private lastError: string | undefined;
  private stopped: Promise<void> | undefined;

  constructor(
    path: string,
    options: { readonly intervalMs: number; readonly restartAfterFrames: number },
    private readonly logger: Logger,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, ...options, driver } });
    this.worker.unref();
    this.worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'journal checkpoint worker failed'));
  }

  /** Asks for a checkpoint now and resolves with its result (tests and benchmarks). */
  checkpointNow(): Promise<CheckpointResult> {
    const id = this.nextId++;
    this.worker.ref();
    return new Promise((resolve) => {
      this.waiters.set(id, (result) => {
        if (this.waiters.size === 1) this.worker.unref();
        resolve(result);
      });
      this.worker.postMessage(id);
    });
  }

  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      // Unref'd while running so it never keeps a process alive; ref'd while stopping, or a process with
      // nothing else to do would exit before the close it is awaiting.
      this.worker.ref();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('stop');
    });
    return this.stopped;
  }

  private onMessage(message: WorkerMessage): void {
    switch (message.kind) {
      case 'checkpoint': {
        this.lastError = undefined;
        this.settle(message.id, { busy: message.busy, log: message.log, checkpointed: message.checkpointed });
        return;
      }
      case 'error': {
        // Logged once per streak, not once per tick: a checkpoint that keeps failing is one condition.
        if (this.lastError !== message.message)
          this.logger.warn({ error: message.message }, 'journal checkpoint failed');
        this.lastError = message.message;
        this.settle(message.id, { busy: 1, log: -1, checkpointed: -1 });
        return;
      }
      case 'ready':
      case 'stopped':
        return;
    }
  }

  private settle(id: number | undefined, result: CheckpointResult): void {
    if (id === undefined) return;
    this.waiters.get(id)?.(result);
    this.waiters.delete(id);
  }
}
