/**
 * Splits a chunked HTTP body into lines. OANDA writes one JSON object per line, but TCP and chunked encoding
 * cut wherever they like: a line can arrive in pieces and one chunk can carry several lines. Bytes are kept
 * until a newline so that a multi-byte character split across chunks is decoded whole.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingLength = 0;

  /** Feeds one chunk; calls `onLine` for every complete, non-empty line (without its `\n` or `\r\n`). */
  push(chunk: Buffer, onLine: (line: string) => void): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) break;
      let line: string;
      if (this.pendingLength > 0) {
        this.pending.push(chunk.subarray(start, newline));
        line = Buffer.concat(this.pending).toString('utf8');
        this.pending = [];
        this.pendingLength = 0;
      } else {
        line = chunk.toString('utf8', start, newline);
      }
      start = newline + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.length > 0) onLine(line);
    }
    if (start < chunk.length) {
      // Copy: the caller may reuse the chunk's memory.
      const rest = Buffer.from(chunk.subarray(start));
      this.pending.push(rest);
      this.pendingLength += rest.length;
    }
  }

  /** Bytes of an unfinished line held back. */
  get buffered(): number {
    return this.pendingLength;
  }

  reset(): void {
    this.pending = [];
    this.pendingLength = 0;
  }
}
