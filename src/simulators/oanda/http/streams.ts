import type { ServerResponse } from 'node:http';

import type { SimulatorFaults } from './faults';

/**
 * One open chunked stream: whole lines (unless a split fault is on), heartbeats every `heartbeatMs`, faults
 * for duplicated, reordered, split lines and silence, and an abrupt drop (socket destroyed, no final chunk).
 */
export class StreamWriter {
  private readonly timer: NodeJS.Timeout;
  private held: string | undefined;
  private closed = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly faults: SimulatorFaults,
    heartbeatMs: number,
    private readonly heartbeat: () => string,
    private readonly reorderable: boolean,
  ) {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-cache' });
    this.timer = setInterval(() => this.write(this.heartbeat(), false), heartbeatMs);
    this.timer.unref();
    response.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Writes one JSON line (data lines may be duplicated or reordered by faults; heartbeats never are). */
  write(line: string, data = true): void {
    if (this.closed || this.faults.silentStreams) return;
    if (data && this.reorderable && this.faults.reorderStreamLines) {
      if (this.held === undefined) {
        this.held = line;
        return;
      }
      const first = line;
      line = this.held;
      this.held = undefined;
      this.send(first);
      this.send(line);
      return;
    }
    this.send(line);
    if (data && this.reorderable && this.faults.duplicateStreamLines) this.send(line);
  }

  private pending = '';

  private send(line: string): void {
    const text = `${line}\n`;
    if (!this.faults.splitStreamLines) {
      this.response.write(text);
      return;
    }
    // Split: the first half goes out now, the rest joins the next line's write, so chunks cut lines and merge them.
    const cut = Math.max(1, Math.floor(text.length / 2));
    this.response.write(this.pending + text.slice(0, cut));
    this.pending = text.slice(cut);
    setImmediate(() => {
      if (this.pending !== '' && !this.closed) {
        this.response.write(this.pending);
        this.pending = '';
      }
    });
  }

  /** Drops the connection without the terminating chunk: the client sees a stream that just stops. */
  drop(): void {
    this.close();
    this.response.socket?.destroy();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
  }
}
