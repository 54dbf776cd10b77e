import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Decimal, TmtError, type Timestamp } from '../../core';
import { formatOf, prepareBacktestData } from './backtest-data';
import { runBacktest, type BacktestOptions, type BacktestResult } from './run-backtest';

type Params = Readonly<Record<string, string | number>>;

export interface WalkForwardOptions extends Omit<BacktestOptions, 'params' | 'from' | 'to' | 'onProgress'> {
  /** The parameters trading live now: the reference every proposal must beat out of sample. */
  readonly current: Params;
  /** The parameter sets to evaluate (the current one need not be among them). */
  readonly candidates: readonly Params[];
  /** Out-of-sample folds; the recording is cut into folds + 1 equal time windows. Default 3. */
  readonly folds?: number;
  readonly onFold?: (done: number, total: number) => void;
}

export interface WalkForwardFold {
  readonly trainFrom: Timestamp;
  readonly testFrom: Timestamp;
  readonly testTo: Timestamp;
  /** The best candidate on the training window (its net P&L there). */
  readonly chosen: Params;
  readonly inSampleNet: string;
  /** Net P&L on the following window, of the chosen set and of the current set. */
  readonly outOfSampleNet: string;
  readonly currentOutOfSampleNet: string;
}

/** A proposal for the operator: it changes nothing by itself. */
export interface ParameterProposal {
  readonly strategy: string;
  readonly instrument: string;
  readonly current: Params;
  /** Absent when no candidate beat the current parameters out of sample. */
  readonly proposed?: Params;
  readonly outOfSampleNet: string;
  readonly currentOutOfSampleNet: string;
  readonly currency: string;
  readonly reason: string;
  readonly folds: readonly WalkForwardFold[];
}

const key = (params: Params) => JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Stage 9, continuous improvement: walk-forward over the backtest on recorded data. Each fold picks the
 * candidate with the best net P&L on one window and scores it on the next, unseen one, beside the current
 * parameters on that same window. The candidate chosen most often is proposed when its summed out-of-sample
 * result beats the current one's. It never touches a live parameter: an operator applies a proposal.
 */
export async function walkForward(options: WalkForwardOptions): Promise<ParameterProposal> {
  const folds = options.folds ?? 3;
  if (!Number.isInteger(folds) || folds < 1 || folds > 20)
    throw new TmtError('CONFIG_INVALID', 'folds must be a whole number from 1 to 20', { field: 'folds' });
  if (options.candidates.length === 0)
    throw new TmtError('CONFIG_INVALID', 'candidates must hold at least one parameter set', {
      field: 'candidates',
    });
  const times = recordedTimes(options);
  const first = times[0] as Timestamp;
  const span = (times[times.length - 1] as Timestamp) - first;
  const edges = Array.from({ length: folds + 2 }, (_, i) => first + Math.floor((span * i) / (folds + 1)));
  const net = async (params: Params, from: number, to: number): Promise<[Decimal, string]> => {
    const result = await runBacktest({ ...base(options), params, from, to: to - 1 });
    return [netOf(result, options.startingBalance ?? '100000'), result.currency];
  };
  const done: WalkForwardFold[] = [];
  const chosenCount = new Map<string, { params: Params; count: number; outOfSample: Decimal }>();
  let currentTotal = Decimal.ZERO;
  let currency = options.baseCurrency ?? 'USD';
  for (let fold = 0; fold < folds; fold++) {
    const [trainFrom, testFrom, testTo] = [edges[fold], edges[fold + 1], edges[fold + 2]] as number[];
    let best: { params: Params; net: Decimal } | undefined;
    for (const params of options.candidates) {
      const [score] = await net(params, trainFrom as number, testFrom as number);
      if (best === undefined || score.gt(best.net)) best = { params, net: score };
    }
    const chosen = best as { params: Params; net: Decimal };
    const [outOfSample, resultCurrency] = await net(
      chosen.params,
      testFrom as number,
      (testTo as number) + 1,
    );
    const [currentOut] = await net(options.current, testFrom as number, (testTo as number) + 1);
    currency = resultCurrency;
    currentTotal = currentTotal.add(currentOut);
    const tally = chosenCount.get(key(chosen.params)) ?? {
      params: chosen.params,
      count: 0,
      outOfSample: Decimal.ZERO,
    };
    tally.count += 1;
    tally.outOfSample = tally.outOfSample.add(outOfSample);
    chosenCount.set(key(chosen.params), tally);
    done.push({
      trainFrom: trainFrom as number,
      testFrom: testFrom as number,
      testTo: testTo as number,
      chosen: chosen.params,
      inSampleNet: chosen.net.toString(),
      outOfSampleNet: outOfSample.toString(),
      currentOutOfSampleNet: currentOut.toString(),
    });
    options.onFold?.(fold + 1, folds);
  }
  // The most often chosen set; ties go to the better out-of-sample sum, then to the first candidate.
  const ranked = [...chosenCount.values()].sort(
    (a, b) => b.count - a.count || b.outOfSample.compare(a.outOfSample),
  );
  const winner = ranked[0] as { params: Params; outOfSample: Decimal };
  const proposedTotal = done.reduce((sum, fold) => sum.add(Decimal.parse(fold.outOfSampleNet)), Decimal.ZERO);
  const better = key(winner.params) !== key(options.current) && proposedTotal.gt(currentTotal);
  return {
    strategy: options.strategy,
    instrument: options.instrument,
    current: options.current,
    ...(better ? { proposed: winner.params } : {}),
    outOfSampleNet: proposedTotal.toString(),
    currentOutOfSampleNet: currentTotal.toString(),
    currency,
    reason: better
      ? `chosen in ${ranked[0]?.count ?? 0} of ${folds} folds; out of sample it made ${proposedTotal.toString()} against ${currentTotal.toString()} for the current parameters`
      : `no candidate beat the current parameters out of sample (${proposedTotal.toString()} against ${currentTotal.toString()}): keep them`,
    folds: done,
  };
}

function base(options: WalkForwardOptions): BacktestOptions {
  const { current: _current, candidates: _candidates, folds: _folds, onFold: _onFold, ...rest } = options;
  return rest;
}

function recordedTimes(options: WalkForwardOptions): readonly Timestamp[] {
  const dir = mkdtempSync(join(tmpdir(), 'tmt-walk-forward-'));
  try {
    const data = prepareBacktestData({
      source: options.data,
      format: options.format ?? formatOf(options.data),
      instrument: options.instrument,
      target: join(dir, 'replay.jsonl'),
    });
    if (data.times.length < 2)
      throw new TmtError('CONFIG_INVALID', 'the recording needs at least two events to walk forward', {
        field: 'data',
      });
    return data.times;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The window's result: last equity less the starting balance (exact), zero when equity never moved. */
function netOf(result: BacktestResult, startingBalance: string): Decimal {
  const last = result.equity.at(-1);
  return last === undefined ? Decimal.ZERO : last[1].sub(Decimal.parse(startingBalance));
}
