import { readQuotedScaled, type ScaledValue } from '../../../core/book/scaled-number';
import { Decimal } from '../../../core/money/decimal';
import type { L2Update, ScaledL2 } from './book';
import type { CoinbaseMessage } from './message';

export type { ScaledL2 } from './book';

/**
 * Reads an `l2_data` frame (`{"channel":"l2_data",...,"sequence_num":N,"events":[{"type":..,"product_id":..,
 * "updates":[{"side":..,"event_time":..,"price_level":..,"new_quantity":..},..]}]}`) without a generic JSON
 * parse: on the hot path of every book change, a scan of the known shape is several times faster. Anything
 * not in exactly that shape answers undefined, and the caller falls back to JSON.parse.
 */
export function scanLevel2(text: string): CoinbaseMessage | undefined {
  if (!text.startsWith('{"channel":"l2_data"')) return undefined;
  const timestamp = stringAfter(text, '"timestamp":"', 0);
  const sequenceAt = text.indexOf('"sequence_num":');
  if (timestamp === undefined || sequenceAt < 0) return undefined;
  let i = sequenceAt + 15;
  let sequence = 0;
  const first = i;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) sequence = sequence * 10 + (c - 48);
  if (i === first || !Number.isSafeInteger(sequence)) return undefined;
  const events: Record<string, unknown>[] = [];
  let at = text.indexOf('"events":[', i);
  if (at < 0) return undefined;
  at += 10;
  while (text.charCodeAt(at) === 123) {
    const type = stringAfter(text, '"type":"', at);
    const productId = stringAfter(text, '"product_id":"', at);
    const updatesAt = text.indexOf('"updates":[', at);
    if (type === undefined || productId === undefined || updatesAt < 0) return undefined;
    const scanned = updatesFrom(text, updatesAt + 11);
    if (scanned === undefined) return undefined;
    events.push({ type, product_id: productId, updates: scanned.updates });
    at = scanned.end;
    if (text.charCodeAt(at) !== 125) return undefined; // '}' closing the event
    at++;
    if (text.charCodeAt(at) === 44) at++; // ','
  }
  return { channel: 'l2_data', timestamp, sequence_num: sequence, events };
}

function stringAfter(text: string, key: string, from: number): string | undefined {
  const at = text.indexOf(key, from);
  if (at < 0) return undefined;
  const end = text.indexOf('"', at + key.length);
  return end < 0 ? undefined : text.slice(at + key.length, end);
}

const SIDE = '{"side":"';
const PRICE = '"price_level":"';
const QUANTITY = '","new_quantity":"';

/**
 * `{"side":..,"event_time":..,"price_level":..,"new_quantity":..},...]` → updates and the index after `]`.
 * The side is read from its first letter (bid, offer) and event_time is skipped unread.
 */
function updatesFrom(text: string, from: number): { updates: L2Update[]; end: number } | undefined {
  const updates: L2Update[] = [];
  let i = from;
  if (text.charCodeAt(i) === 93) return { updates, end: i + 1 };
  for (;;) {
    if (!text.startsWith(SIDE, i)) return undefined;
    const first = text.charCodeAt(i + SIDE.length);
    const side = first === 98 && text.startsWith('bid"', i + SIDE.length) ? 'bid' : first === 111 && text.startsWith('offer"', i + SIDE.length) ? 'offer' : undefined;
    if (side === undefined) return undefined;
    const priceAt = text.indexOf(PRICE, i + SIDE.length) + PRICE.length;
    if (priceAt < PRICE.length) return undefined;
    const priceEnd = text.indexOf('"', priceAt);
    if (!text.startsWith(QUANTITY, priceEnd)) return undefined;
    const quantityAt = priceEnd + QUANTITY.length;
    const quantityEnd = text.indexOf('"', quantityAt);
    if (quantityEnd < 0 || text.charCodeAt(quantityEnd + 1) !== 125) return undefined;
    updates.push({ side, price_level: text.slice(priceAt, priceEnd), new_quantity: text.slice(quantityAt, quantityEnd) });
    i = quantityEnd + 2;
    const next = text.charCodeAt(i);
    if (next === 93) return { updates, end: i + 1 };
    if (next !== 44) return undefined;
    i++;
  }
}

/**
 * A venue decimal string ("60123.45") as an exact Decimal, without the general parser's regex: the digits are
 * accumulated as an integer (exact while below 2^53, so at most 15 digits here), then become the bigint
 * mantissa. Anything else (sign, exponent, more digits) goes through Decimal.parse.
 */
export function fastDecimal(text: string): Decimal {
  let mantissa = 0;
  let scale = -1;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && scale < 0) {
      scale = 0;
      continue;
    }
    if (c < 48 || c > 57 || ++digits > 15) return Decimal.parse(text);
    mantissa = mantissa * 10 + (c - 48);
    if (scale >= 0) scale++;
  }
  if (digits === 0) return Decimal.parse(text);
  return Decimal.of(BigInt(mantissa), scale < 0 ? 0 : scale);
}

/**
 * scanLevel2 with every price and size read straight into scaled integers: each event carries `scaled`
 * (ScaledL2) instead of `updates`, with no string, Decimal or object per level. Anything not in exactly the
 * known shape, or a value that is not a plain decimal that fits, answers undefined (the caller JSON.parses).
 */
export function scanScaledLevel2(text: string): CoinbaseMessage | undefined {
  if (!text.startsWith('{"channel":"l2_data"')) return undefined;
  const timestamp = stringAfter(text, '"timestamp":"', 0);
  const sequenceAt = text.indexOf('"sequence_num":');
  if (timestamp === undefined || sequenceAt < 0) return undefined;
  let i = sequenceAt + 15;
  let sequence = 0;
  const first = i;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) sequence = sequence * 10 + (c - 48);
  if (i === first || !Number.isSafeInteger(sequence)) return undefined;
  const events: Record<string, unknown>[] = [];
  let at = text.indexOf('"events":[', i);
  if (at < 0) return undefined;
  at += 10;
  while (text.charCodeAt(at) === 123) {
    const type = stringAfter(text, '"type":"', at);
    const productId = stringAfter(text, '"product_id":"', at);
    const updatesAt = text.indexOf('"updates":[', at);
    if (type === undefined || productId === undefined || updatesAt < 0) return undefined;
    const scanned = scaledUpdatesFrom(text, updatesAt + 11);
    if (scanned === undefined) return undefined;
    events.push({ type, product_id: productId, scaled: scanned.scaled });
    at = scanned.end;
    if (text.charCodeAt(at) !== 125) return undefined; // '}' closing the event
    at++;
    if (text.charCodeAt(at) === 44) at++; // ','
  }
  return { channel: 'l2_data', timestamp, sequence_num: sequence, events };
}

const EVENT_TIME = '","event_time":"';
const PRICE_KEY = ',"price_level":';
const QUANTITY_KEY = ',"new_quantity":';
const value: ScaledValue = { mantissa: 0, digits: 0 };
/** Levels of the event being scanned, per side; copied out once per event (a scan is never re-entered). */
let bidScratch: Float64Array = new Float64Array(4 * 256);
let askScratch: Float64Array = new Float64Array(4 * 256);

/** `{"side":..,"event_time":..,"price_level":..,"new_quantity":..},...]` → levels per side and the index after `]`. */
function scaledUpdatesFrom(text: string, from: number): { scaled: ScaledL2; end: number } | undefined {
  let nb = 0;
  let na = 0;
  let i = from;
  if (text.charCodeAt(i) !== 93) {
    for (;;) {
      if (!keyAt(text, i, SIDE)) return undefined;
      i += SIDE.length;
      const firstLetter = text.charCodeAt(i);
      let bid: boolean;
      if (firstLetter === 98 && text.charCodeAt(i + 1) === 105 && text.charCodeAt(i + 2) === 100) {
        bid = true;
        i += 3;
      } else if (firstLetter === 111 && keyAt(text, i, 'offer')) {
        bid = false;
        i += 5;
      } else return undefined;
      // `"` closing the side, then the event_time (skipped unread) when present.
      if (keyAt(text, i, EVENT_TIME)) {
        i = text.indexOf('"', i + EVENT_TIME.length);
        if (i < 0) return undefined;
      }
      if (text.charCodeAt(i) !== 34 || !keyAt(text, i + 1, PRICE_KEY)) return undefined;
      i = readQuotedScaled(text, i + 1 + PRICE_KEY.length, value);
      if (i < 0 || !keyAt(text, i, QUANTITY_KEY)) return undefined;
      if (bid && nb + 4 > bidScratch.length) bidScratch = grown(bidScratch);
      if (!bid && na + 4 > askScratch.length) askScratch = grown(askScratch);
      const side = bid ? bidScratch : askScratch;
      const n = bid ? nb : na;
      side[n] = value.mantissa;
      side[n + 1] = value.digits;
      i = readQuotedScaled(text, i + QUANTITY_KEY.length, value);
      if (i < 0 || text.charCodeAt(i) !== 125) return undefined; // '}'
      side[n + 2] = value.mantissa;
      side[n + 3] = value.digits;
      if (bid) nb += 4;
      else na += 4;
      i++;
      const next = text.charCodeAt(i);
      if (next === 93) break;
      if (next !== 44) return undefined;
      i++;
    }
  }
  return { scaled: { bids: bidScratch.slice(0, nb), asks: askScratch.slice(0, na) }, end: i + 1 };
}

function grown(scratch: Float64Array): Float64Array {
  const next = new Float64Array(scratch.length * 2);
  next.set(scratch);
  return next;
}

/** text has `key` at i: a plain loop the optimiser inlines (cheaper here than a startsWith call per key). */
function keyAt(text: string, i: number, key: string): boolean {
  for (let k = 0; k < key.length; k++) if (text.charCodeAt(i + k) !== key.charCodeAt(k)) return false;
  return true;
}
