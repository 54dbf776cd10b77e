import { readScaled, type ScaledValue } from '../../../core/book/scaled-number';
import type { DepthDiff, ScaledDepthDiff } from './depth-sync';

/**
 * Reads a diff-depth message (`{"e":"depthUpdate","E":..,"s":"..","U":..,"u":..,"b":[["p","q"],..],"a":[..]}`,
 * bare or inside a combined-stream envelope) without a generic JSON parse: on the hot path of every book
 * update, a scan of the known shape is several times faster than JSON.parse. Anything that does not have
 * exactly that shape answers undefined, and the caller falls back to JSON.parse.
 */
export function scanDepthUpdate(text: string): DepthDiff | undefined {
  const start = text.indexOf('"e":"depthUpdate"');
  if (start < 0) return undefined;
  const E = integerAfter(text, '"E":', start);
  const U = integerAfter(text, '"U":', start);
  const u = integerAfter(text, '"u":', start);
  const symbolAt = text.indexOf('"s":"', start);
  if (E === undefined || U === undefined || u === undefined || symbolAt < 0) return undefined;
  const symbolEnd = text.indexOf('"', symbolAt + 5);
  const s = text.slice(symbolAt + 5, symbolEnd);
  const b = levelsAfter(text, '"b":[', start);
  const a = levelsAfter(text, '"a":[', start);
  if (b === undefined || a === undefined) return undefined;
  return { E, s, U, u, b, a };
}

function integerAfter(text: string, key: string, from: number): number | undefined {
  const at = text.indexOf(key, from);
  if (at < 0) return undefined;
  let i = at + key.length;
  let value = 0;
  const first = i;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) value = value * 10 + (c - 48);
  return i === first || !Number.isSafeInteger(value) ? undefined : value;
}

/** `[["p","q"],["p","q"]]` → pairs of strings; undefined when the text is not in that exact form. */
function levelsAfter(text: string, key: string, from: number): [string, string][] | undefined {
  const at = text.indexOf(key, from);
  if (at < 0) return undefined;
  let i = at + key.length;
  const levels: [string, string][] = [];
  if (text.charCodeAt(i) === 93) return levels; // ']'
  for (;;) {
    // ["price","quantity"]
    if (text.charCodeAt(i) !== 91 || text.charCodeAt(i + 1) !== 34) return undefined;
    const priceEnd = text.indexOf('"', i + 2);
    if (priceEnd < 0 || text.charCodeAt(priceEnd + 1) !== 44 || text.charCodeAt(priceEnd + 2) !== 34) return undefined;
    const quantityEnd = text.indexOf('"', priceEnd + 3);
    if (quantityEnd < 0 || text.charCodeAt(quantityEnd + 1) !== 93) return undefined;
    levels.push([text.slice(i + 2, priceEnd), text.slice(priceEnd + 3, quantityEnd)]);
    i = quantityEnd + 2;
    const next = text.charCodeAt(i);
    if (next === 93) return levels; // ']'
    if (next !== 44) return undefined; // ','
    i++;
  }
}

const scratch: ScaledValue = { mantissa: 0, digits: 0 };

/**
 * The same scan, with every price and size read straight from the text into exact scaled integers
 * (four numbers per level, see core/book/scaled-levels.ts): no string, Decimal or object per level. A level
 * whose value is not a plain decimal that fits answers undefined, and the caller falls back to JSON.parse.
 */
export function scanScaledDepthUpdate(text: string): ScaledDepthDiff | undefined {
  const start = text.indexOf('"e":"depthUpdate"');
  if (start < 0) return undefined;
  const E = integerAfter(text, '"E":', start);
  const U = integerAfter(text, '"U":', start);
  const u = integerAfter(text, '"u":', start);
  const symbolAt = text.indexOf('"s":"', start);
  if (E === undefined || U === undefined || u === undefined || symbolAt < 0) return undefined;
  const symbolEnd = text.indexOf('"', symbolAt + 5);
  const s = text.slice(symbolAt + 5, symbolEnd);
  const b = scaledLevelsAfter(text, '"b":[', start);
  const a = scaledLevelsAfter(text, '"a":[', start);
  if (b === undefined || a === undefined) return undefined;
  return { scaled: true, E, s, U, u, b, a };
}

/** `[["p","q"],..]` → [pMantissa, pDigits, qMantissa, qDigits, ..]; undefined when not in that exact form. */
function scaledLevelsAfter(text: string, key: string, from: number): number[] | undefined {
  const at = text.indexOf(key, from);
  if (at < 0) return undefined;
  let i = at + key.length;
  const levels: number[] = [];
  if (text.charCodeAt(i) === 93) return levels; // ']'
  for (;;) {
    if (text.charCodeAt(i) !== 91 || text.charCodeAt(i + 1) !== 34) return undefined;
    const priceEnd = text.indexOf('"', i + 2);
    if (priceEnd < 0 || text.charCodeAt(priceEnd + 1) !== 44 || text.charCodeAt(priceEnd + 2) !== 34) return undefined;
    const quantityEnd = text.indexOf('"', priceEnd + 3);
    if (quantityEnd < 0 || text.charCodeAt(quantityEnd + 1) !== 93) return undefined;
    if (!readScaled(text, i + 2, priceEnd, scratch)) return undefined;
    const price = scratch.mantissa;
    const priceDigits = scratch.digits;
    if (!readScaled(text, priceEnd + 3, quantityEnd, scratch)) return undefined;
    levels.push(price, priceDigits, scratch.mantissa, scratch.digits);
    i = quantityEnd + 2;
    const next = text.charCodeAt(i);
    if (next === 93) return levels;
    if (next !== 44) return undefined;
    i++;
  }
}
