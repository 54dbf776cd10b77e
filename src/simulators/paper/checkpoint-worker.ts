import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints the paper venue's WAL from a worker thread on its own connection. The venue writes with
 * wal_autocheckpoint=0 so no commit inside a submit pays for a checkpoint; a checkpoint run from the venue's
 * timer on the main thread instead stalled the event loop for tens of milliseconds a second at HTTP rates
 * (every order writes its command, its closed order and its fills). PASSIVE never blocks the writer.
 */
// Runs as CommonJS in the worker (eval), so it needs no TypeScript loader under tsx, vitest or a build.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const run = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next tick tries again */ }
};
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') { clearInterval(timer); run(); db.close(); parentPort.close(); }
});
`;

export class PaperCheckpointWorker {
  private readonly worker: Worker;
  private stopped: Promise<void> | undefined;

  constructor(path: string, intervalMs: number) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driver } });
    // Never keeps a process alive on its own; a failure only means the WAL is checkpointed later (at close).
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      this.worker.ref();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('stop');
    });
    return this.stopped;
  }
}
