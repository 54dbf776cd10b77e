import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runBacktest } from '../../../src/app/backtest/run-backtest';
import { walkForward, type WalkForwardOptions } from '../../../src/app/backtest/walk-forward';
import { Decimal } from '../../../src/core';
import { tmt } from '../cli/support/tmt';
import { writeRecordedQuotes } from './recorded-quotes';

const SLOW = { fast: 3, slow: 8, atrPeriod: 5 };
const FAST = { fast: 2, slow: 4, atrPeriod: 3 };

describe('walk-forward (continuous improvement) over recorded quotes', () => {
  let dir: string;
  let options: WalkForwardOptions;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tmt-walk-forward-test-'));
    const data = join(dir, 'eurusd.jsonl');
    writeRecordedQuotes(data, 2_400);
    options = {
      strategy: 'ma-crossover',
      data,
      instrument: 'EUR_USD',
      timeframeMs: 10_000,
      current: SLOW,
      candidates: [SLOW, FAST],
      folds: 2,
    };
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('picks the in-sample best per fold, scores it on the next window, and proposes only a better set', async () => {
    const proposal = await walkForward(options);
    expect(proposal.folds).toHaveLength(2);
    const [first, second] = proposal.folds;
    if (first === undefined || second === undefined) throw new Error('two folds');
    // Windows follow each other: a fold tests where the next one's training ends.
    expect(first.testFrom).toBe(second.trainFrom);
    expect(first.testTo).toBe(second.testFrom);
    // The first fold's choice is the candidate with the larger net on its training window, rerun here.
    const nets = [];
    for (const params of options.candidates) {
      const result = await runBacktest({ ...options, params, from: first.trainFrom, to: first.testFrom - 1 });
      const last = result.equity.at(-1);
      nets.push(last === undefined ? Decimal.ZERO : last[1].sub(Decimal.parse('100000')));
    }
    const bestIndex = (nets[1] as Decimal).gt(nets[0] as Decimal) ? 1 : 0;
    expect(first.chosen).toEqual(options.candidates[bestIndex]);
    expect(first.inSampleNet).toBe((nets[bestIndex] as Decimal).toString());
    // Summed out-of-sample figures, and a proposal only when it beats the current set.
    const sum = (pick: 'outOfSampleNet' | 'currentOutOfSampleNet') =>
      proposal.folds.reduce((total, fold) => total.add(Decimal.parse(fold[pick])), Decimal.ZERO).toString();
    expect(proposal.outOfSampleNet).toBe(sum('outOfSampleNet'));
    expect(proposal.currentOutOfSampleNet).toBe(sum('currentOutOfSampleNet'));
    const beats = Decimal.parse(proposal.outOfSampleNet).gt(Decimal.parse(proposal.currentOutOfSampleNet));
    if (proposal.proposed !== undefined) {
      expect(beats).toBe(true);
      expect(proposal.proposed).not.toEqual(SLOW);
    } else if (!beats) expect(proposal.reason).toMatch(/keep them/);
    expect(proposal.current).toEqual(SLOW);
    // Deterministic: the same recording gives the same proposal.
    expect(JSON.stringify(await walkForward(options))).toBe(JSON.stringify(proposal));
  }, 600_000);

  it('names a bad option', async () => {
    await expect(walkForward({ ...options, folds: 0 })).rejects.toMatchObject({ field: 'folds' });
    await expect(walkForward({ ...options, candidates: [] })).rejects.toMatchObject({ field: 'candidates' });
  });

  it('runs from the CLI: writes the proposal, changes nothing, and names a bad option', async () => {
    const out = join(dir, 'proposal.json');
    const args = ['walk-forward', '-s', 'ma-crossover', '-d', options.data, '-i', 'EUR_USD', '-t', '10s'];
    const run = await tmt(
      [
        ...args,
        '--current',
        'fast=3,slow=8,atrPeriod=5',
        '--candidate',
        'fast=2,slow=4,atrPeriod=3',
        '--folds',
        '1',
        '--out',
        out,
      ],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^(keep|propose) /);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { current: unknown; folds: unknown[] };
    expect(written.current).toEqual(SLOW);
    expect(written.folds).toHaveLength(1);
    const bad = await tmt([...args, '--current', 'fast'], {});
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--current');
  }, 600_000);
});
