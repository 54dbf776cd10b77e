import { readQuotedScaled, type ScaledValue } from '../../../core/book/scaled-number';
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

/**
 * `[["p","q"],..]` → [pMantissa, pDigits, qMantissa, qDigits, ..]; undefined when not in that exact form.
 * One pass over the characters, digits accumulated as they go (see readQuotedScaled for the rules); a value
 * past 2^53 is handed to readQuotedScaled, which retries it without trailing zeros.
 */
function scaledLevelsAfter(text: string, key: string, from: number): Float64Array | undefined {
  const at = text.indexOf(key, from);
  if (at < 0) return undefined;
  let i = at + key.length;
  let n = 0;
  if (text.charCodeAt(i) === 93) return EMPTY; // ']'
  for (;;) {
    if (text.charCodeAt(i) !== 91) return undefined; // '['
    if (n + 4 > levelScratch.length) growScratch();
    for (let field = 0; field < 2; field++) {
      if (text.charCodeAt(++i) !== 34) return undefined; // '"'
      const open = i;
      let mantissa = 0;
      let digits = -1;
      let c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        c = text.charCodeAt(++i);
      }
      if (i === open + 1) return undefined;
      if (c === 46) {
        const dot = i;
        c = text.charCodeAt(++i);
        while (c >= 48 && c <= 57) {
          mantissa = mantissa * 10 + (c - 48);
          c = text.charCodeAt(++i);
        }
        digits = i - dot - 1;
        if (digits === 0) return undefined;
      }
      if (c !== 34) return undefined;
      if (Number.isSafeInteger(mantissa)) {
        levelScratch[n++] = mantissa;
        levelScratch[n++] = digits < 0 ? 0 : digits;
      } else {
        if (readQuotedScaled(text, open, scratch) < 0) return undefined;
        levelScratch[n++] = scratch.mantissa;
        levelScratch[n++] = scratch.digits;
      }
      // After the closing quote: ',' between price and size, ']' after the size.
      if (text.charCodeAt(++i) !== (field === 0 ? 44 : 93)) return undefined;
    }
    const next = text.charCodeAt(++i);
    if (next === 93) return levelScratch.slice(0, n); // ']': one exactly sized copy, the event keeps it
    if (next !== 44) return undefined; // ','
    i++;
  }
}

const EMPTY = new Float64Array(0);
/** Levels of the message being scanned; copied out once at the end (a scan is never re-entered). */
let levelScratch: Float64Array = new Float64Array(4 * 256);

function growScratch(): void {
  const next = new Float64Array(levelScratch.length * 2);
  next.set(levelScratch);
  levelScratch = next;
}
