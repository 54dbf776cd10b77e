import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

const CHILD = join(__dirname, 'fixtures', 'algo-crash-child.ts');
const START = 1_767_614_400_000;
const directory = mkdtempSync(join(tmpdir(), 'tmt-algo-crash-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface ParentJson {
  status: string;
  filledQuantity: string;
  leftQuantity: string;
  children: { clientOrderId: string; quantity: string; filledQuantity: string; status: string }[];
}

/** One life of the engine process: commands answered in order; `kill` SIGKILLs it right after sending one. */
class Life {
  private readonly child: ChildProcess;
  private readonly waiting: ((line: string) => void)[] = [];
  private readonly early: string[] = [];
  stderr = '';
  readonly exited: Promise<void>;

  constructor() {
    this.child = spawn(process.execPath, ['--import', 'tsx', CHILD, directory, String(START)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const next = this.waiting.shift();
      if (next === undefined) this.early.push(line);
      else next(line);
    });
    this.exited = new Promise((resolve) => this.child.on('exit', () => resolve()));
  }

  private line(): Promise<string> {
    const ready = this.early.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      void this.exited.then(() => reject(new Error(`the child exited: ${this.stderr}`)));
    });
  }

  async ready(): Promise<void> {
    expect(await this.line()).toBe('READY');
  }

  async send(command: string): Promise<string> {
    this.child.stdin?.write(`${command}\n`);
    return this.line();
  }

  async view(command: string): Promise<ParentJson> {
    const line = await this.send(command);
    expect(line.startsWith('VIEW '), line).toBe(true);
    return JSON.parse(line.slice(5)) as ParentJson;
  }

  /** Sends the command and SIGKILLs at once: the kill lands wherever the child is (journal, submit, fill). */
  async killDuring(command: string): Promise<void> {
    this.child.stdin?.write(`${command}\n`);
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

describe('algo parent crash safety', () => {
  it('SIGKILLed mid-parent twice: restarts into the same schedule, no child sent twice, no fill lost, left exact', async () => {
    const first = new Life();
    await first.ready();
    await first.view('CREATE');
    const atTen = await first.view('AT 10000');
    expect([atTen.filledQuantity, atTen.children.length]).toEqual(['4000', 2]);
    await first.killDuring('AT 20000');

    const second = new Life();
    await second.ready();
    // Whether the kill landed before the slice was journaled, between the journal and the submit, or after the
    // fill, the same schedule point gives the same parent.
    const atTwenty = await second.view('AT 20000');
    expect([atTwenty.status, atTwenty.filledQuantity, atTwenty.leftQuantity]).toEqual(['running', '6000', '4000']);
    expect(atTwenty.children.map((c) => [c.clientOrderId, c.quantity, c.filledQuantity])).toEqual([0, 1, 2].map((k) => [`crash-1.s${k}`, '2000', '2000']));
    await second.killDuring('AT 30000');

    const third = new Life();
    await third.ready();
    await third.view('AT 30000');
    await third.view('AT 40000');
    const end = await third.view('AT 50000');
    expect([end.status, end.filledQuantity, end.leftQuantity]).toEqual(['completed', '10000', '0']);
    expect(end.children.map((c) => [c.clientOrderId, c.filledQuantity, c.status])).toEqual([0, 1, 2, 3, 4].map((k) => [`crash-1.s${k}`, '2000', 'filled']));
    const truth = await third.send('TRUTH');
    expect(truth.startsWith('TRUTH '), truth).toBe(true);
    const { position, fills } = JSON.parse(truth.slice(6)) as { position: string; fills: [string, string][] };
    // The venue holds exactly the parent's quantity: a child sent twice would show as 12000.
    expect(position).toBe('10000');
    const byChild = new Map<string, number>();
    for (const [id] of fills) byChild.set(id, (byChild.get(id) ?? 0) + 1);
    expect([...byChild.entries()].sort()).toEqual([0, 1, 2, 3, 4].map((k) => [`crash-1.s${k}`, 1]));
    await third.killDuring('AT 60000');
  }, 300_000); // three tsx children on a loaded machine: minutes, never a timing assertion
});
