import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { Decimal, parseSignal, signalFingerprint } from '../../../src/core';
import { SignalBook } from '../../../src/orchestrator/signals/signal-book';
import { SqliteSignalJournal } from '../../../src/orchestrator/signals/sqlite-signal-journal';

let directory: string | undefined;
afterEach(() => {
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

describe('signal journal (data collection)', () => {
  it('a signal record with its trace and outcome survives a restart, exact, with its idempotency fingerprint', async () => {
    directory = mkdtempSync(join(tmpdir(), 'tmt-signals-'));
    const path = join(directory, 'signals.db');
    const signal = parseSignal(
      {
        clientSignalId: 'j-1',
        agentId: 'a',
        instrumentId: 'EUR_USD.PAPER',
        intent: 'long',
        confidence: '0.750',
        stopLoss: { distance: '0.00250' },
      },
      1_000,
    );
    const journal = new SqliteSignalJournal(path);
    const book = new SignalBook(journal);
    book.create(signal, 'api', signalFingerprint(signal));
    book.addTrace('j-1', {
      signalId: 'j-1',
      agentId: 'a',
      stage: 'quality',
      verdict: 'dropped',
      reason: 'cooldown',
      occurredAt: 1_001,
    });
    book.setOutcome('j-1', { state: 'dropped' });
    await new Promise((resolve) => setImmediate(resolve));
    journal.close();

    const reopened = new SignalBook(new SqliteSignalJournal(path));
    const view = reopened.view('j-1');
    expect(view?.outcome.state).toBe('dropped');
    expect(view?.trace.map((t) => `${t.stage}:${t.reason}`)).toEqual(['quality:cooldown']);
    expect(Decimal.isDecimal(view?.signal.confidence)).toBe(true);
    expect(view?.signal.confidence.toString()).toBe('0.750');
    expect(reopened.fingerprint('j-1')).toBe(signalFingerprint(signal));
    expect(reopened.list({ outcome: 'dropped' })).toHaveLength(1);
  });
});
