import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * API order ids must increase for a client id, across restarts and crashes. The high-water mark is written
 * (atomically, synchronously) before an id is used, and the next id is the larger of it + 1 and TWS's
 * nextValidId, so that a crash between the write and the send only skips ids, never reuses one.
 */
const BLOCK = 100;

export class OrderIdAllocator {
  private next = 1;
  private persisted = 0;

  constructor(private readonly file: string | undefined) {
    if (file !== undefined && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { highWaterMark?: unknown };
      if (typeof saved.highWaterMark === 'number' && Number.isInteger(saved.highWaterMark)) this.persisted = saved.highWaterMark;
    }
    this.next = this.persisted + 1;
  }

  /** TWS's nextValidId: never go below it, never below what was already used. */
  observeNextValidId(id: number): void {
    this.next = Math.max(this.next, id);
  }

  /**
   * Ids are reserved in blocks: the file holds the end of the current block, written before its first id
   * is used. A crash skips the rest of the block (TWS accepts gaps) and a burst costs one write per block.
   */
  allocate(): number {
    const id = this.next;
    this.next += 1;
    if (id > this.persisted) this.persist(id + BLOCK - 1);
    return id;
  }

  get highWaterMark(): number {
    return this.persisted;
  }

  private persist(id: number): void {
    if (id <= this.persisted) return;
    this.persisted = id;
    if (this.file === undefined) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify({ highWaterMark: id }));
    renameSync(temporary, this.file);
  }
}
