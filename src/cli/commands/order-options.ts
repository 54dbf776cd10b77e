import { InvalidArgumentError } from 'commander';

import { Decimal } from '../../core';

/**
 * Checks of `order submit`'s options made before anything is sent, so a typo fails here with the option's
 * name and the rule rather than as a field name of the HTTP body the user never wrote. The service checks
 * everything again (and what needs the instrument: price steps, trailing bounds).
 */

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** commander argument parser for --expire-at: an ISO-8601 time with its offset; the text is sent as written. */
export function parseExpireAt(value: string): string {
  if (!ISO_WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('expected an ISO-8601 time with an offset, such as 2026-01-05T17:00:00Z');
  return value;
}

/** commander argument parser for quantities and distances: a positive exact decimal, kept as text. */
/** A duration such as 30s, 15m, 2h or 1d, in milliseconds (an algo's window, a backtest's timeframe). */
export function parseDuration(value: string): number {
  const match = /^([1-9]\d{0,6})(s|m|h|d)$/.exec(value);
  if (match === null) throw new InvalidArgumentError('expected a duration such as 30s, 15m, 2h or 1d');
  return (
    Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd']
  );
}

export function parsePositiveDecimal(value: string): string {
  const parsed = /^\d+(\.\d+)?$/.test(value) ? Decimal.tryParse(value) : undefined;
  if (parsed === undefined || !parsed.isPositive())
    throw new InvalidArgumentError('expected a positive decimal number such as 100 or 0.0050');
  return value;
}

const BASIS_POINTS = /^(\d+)\s*(bp|bps)$/i;

/**
 * commander argument parser for --trailing-offset: a price distance (`12.5`, `0.00100`) or whole basis points
 * with a `bp` suffix (`50bp`). Kept as text; trailingOffsetBody turns it into the API's offset.
 */
export function parseTrailingOffset(value: string): string {
  const basisPoints = BASIS_POINTS.exec(value.trim());
  if (basisPoints !== null) {
    if (!Decimal.parse(basisPoints[1] ?? '0').isPositive())
      throw new InvalidArgumentError('expected a positive number of basis points such as 50bp');
    return value.trim();
  }
  try {
    return parsePositiveDecimal(value);
  } catch {
    throw new InvalidArgumentError(
      'expected a positive price distance such as 12.5, or whole basis points with a bp suffix such as 50bp',
    );
  }
}

/** The API body's trailingOffset for a parsed --trailing-offset. */
export function trailingOffsetBody(text: string): { kind: 'price' | 'basis-points'; value: string } {
  const basisPoints = BASIS_POINTS.exec(text.trim());
  return basisPoints === null
    ? { kind: 'price', value: text }
    : { kind: 'basis-points', value: basisPoints[1] ?? text };
}

export interface SubmitOptionValues {
  readonly type: string;
  readonly quantity: string;
  readonly tif?: string;
  readonly expireAt?: string;
  readonly displayQuantity?: string;
  readonly trailingOffset?: string;
  readonly limitOffset?: string;
}

/** Rules between options; returns the time in force to send (GTD when only --expire-at was given). */
export function checkSubmitOptions(o: SubmitOptionValues, now: number): string | undefined {
  if (o.expireAt !== undefined) {
    if (o.tif !== undefined && o.tif !== 'GTD')
      throw new Error(`--expire-at applies to --tif GTD only (found --tif ${o.tif})`);
    if (Date.parse(o.expireAt) <= now)
      throw new Error(`--expire-at must be in the future (found ${o.expireAt})`);
  } else if (o.tif === 'GTD') {
    throw new Error('--tif GTD needs --expire-at <ISO time>, the time the order expires');
  }
  if (o.displayQuantity !== undefined && Decimal.parse(o.displayQuantity).gt(Decimal.parse(o.quantity)))
    throw new Error(
      `--display-quantity must not exceed --quantity (found ${o.displayQuantity} > ${o.quantity})`,
    );
  const trailing = o.type === 'trailing-stop' || o.type === 'trailing-limit';
  if (o.trailingOffset !== undefined && !trailing)
    throw new Error(
      `--trailing-offset applies to --type trailing-stop or trailing-limit only (found --type ${o.type})`,
    );
  if (trailing && o.trailingOffset === undefined)
    throw new Error(
      `--type ${o.type} needs --trailing-offset <price distance | basis points, e.g. 12.5 or 50bp>`,
    );
  if (o.limitOffset !== undefined && o.type !== 'trailing-limit')
    throw new Error(`--limit-offset applies to --type trailing-limit only (found --type ${o.type})`);
  if (o.type === 'trailing-limit' && o.limitOffset === undefined)
    throw new Error(
      '--type trailing-limit needs --limit-offset <price distance of the limit beyond the stop>',
    );
  return o.expireAt !== undefined ? 'GTD' : o.tif;
}
