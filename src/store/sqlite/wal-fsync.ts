import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

import { TmtError } from '../../core';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for 'power' durability without blocking the event loop (powerSync: 'async-fsync').
 *
 * With synchronous=FULL, SQLite fsyncs the WAL inside COMMIT, on the calling thread: the engine's event loop
 * stops for the whole fsync (milliseconds on a busy disk) once per group. Instead the connection commits with
 * synchronous=NORMAL (the frames reach the OS) and this class fsyncs the WAL file on libuv's thread pool; an
 * append resolves only after an fsync that started after its COMMIT has finished. While one fsync runs, the
 * loop keeps working and every commit made meanwhile joins the next fsync: that is the group.
 *
 * Why it is as safe as FULL: fsync covers every write made to the file before it is called, whatever the
 * descriptor; SQLite's WAL recovery keeps the longest prefix of frames whose chained checksums verify, so a
 * power cut mid-fsync loses only unacknowledged commits, never the order. A checkpoint syncs the WAL before it
 * copies frames and the database after (at NORMAL and FULL alike), so frames the writer later overwrites on a
 * WAL restart are already durable in the database file. The WAL's directory entry is synced once at open.
 *
 * A failed fsync is final (the kernel may have dropped the dirty pages): every waiter is rejected and every
 * later request fails, so the engine stops rather than trusting unknown state.
 */
export class WalFsync {
  private descriptor: number | undefined;
  private next: Waiter[] = [];
  private inFlight = false;
  private failure: TmtError | undefined;
  private drained: (() => void)[] = [];
  /** fsyncs completed: with the journal's transaction count, the size of a group. */
  completed = 0;

  constructor(private readonly walPath: string) {
    const directory = openSync(dirname(walPath), 'r');
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
  }

  /** Resolves once everything written to the WAL before this call is on disk. */
  request(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.next.push({ resolve, reject });
      if (!this.inFlight) this.start();
    });
  }

  /** The blocking form, for appendSync. */
  syncNow(): void {
    if (this.failure !== undefined) throw this.failure;
    try {
      fsyncSync(this.fd());
      this.completed += 1;
    } catch (error) {
      throw this.fail(error);
    }
  }

  /** Waits for the fsync in flight and those queued, then closes the descriptor. */
  async close(): Promise<void> {
    while (this.inFlight || this.next.length > 0) {
      if (!this.inFlight) this.start();
      await new Promise<void>((resolve) => this.drained.push(resolve));
    }
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
  }

  private start(): void {
    const group = this.next;
    this.next = [];
    this.inFlight = true;
    let fd: number;
    try {
      fd = this.fd();
    } catch (error) {
      this.finish(group, this.fail(error));
      return;
    }
    fsync(fd, (error) => this.finish(group, error === null ? undefined : this.fail(error)));
  }

  private finish(group: readonly Waiter[], error: TmtError | undefined): void {
    this.inFlight = false;
    if (error === undefined) this.completed += 1;
    for (const waiter of group) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
    if (error !== undefined) {
      for (const waiter of this.next.splice(0)) waiter.reject(error);
    } else if (this.next.length > 0) {
      this.start();
    }
    for (const resolve of this.drained.splice(0)) resolve();
  }

  private fd(): number {
    // Opened on first use: SQLite creates the WAL file with the first write after open.
    this.descriptor ??= openSync(this.walPath, 'r');
    return this.descriptor;
  }

  private fail(error: unknown): TmtError {
    this.failure ??= new TmtError('STORE_UNAVAILABLE', `fsync of the journal WAL failed: ${String(error)}`, {
      cause: error,
      retryable: false,
    });
    return this.failure;
  }
}
