import { readQuotedScaled, type ScaledValue } from '../../../core/book/scaled-number';
import type { ScaledLevels } from '../../../core/book/scaled-levels';

/** One `books`/`books5` push read straight into exact scaled integers (core/book/scaled-levels.ts). */
export interface ScannedBooks {
  readonly channel: 'books' | 'books5';
  readonly instId: string;
  /** `snapshot`, `update`, or undefined (books5 sends full books without an action). */
  readonly action: string | undefined;
  readonly bids: ScaledLevels;
  readonly asks: ScaledLevels;
  readonly ts: number;
  readonly checksum: number | undefined;
  readonly prevSeqId: number | undefined;
  readonly seqId: number | undefined;
}

const PREFIX = '{"arg":{"channel":"';
const value: ScaledValue = { mantissa: 0, digits: 0 };
/** Levels of the push being scanned; copied out once per side (a scan is never re-entered). */
let scratch: Float64Array = new Float64Array(4 * 512);

/**
 * Reads a public book push (`{"arg":{"channel":"books","instId":".."},"action":"update","data":[{"asks":
 * [["px","sz","0","n"],..],"bids":[..],"ts":"..","checksum":N,"prevSeqId":N,"seqId":N}]}`) without JSON.parse:
 * on the hot path of every book update a scan of the known shape is several times faster, and it makes no
 * string, Decimal or object per level. The data fields may come in any order; anything else about the shape
 * (an unknown field, escapes, a value that is not a plain decimal that fits) answers undefined, and the
 * caller falls back to JSON.parse.
 */
export function scanBooks(text: string): ScannedBooks | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  let i = PREFIX.length;
  // Channel, instId and action compared in place: no string made per push, except an instId not seen last time.
  let channel: 'books' | 'books5';
  if (text.startsWith('books"', i)) {
    channel = 'books';
    i += 5;
  } else if (text.startsWith('books5"', i)) {
    channel = 'books5';
    i += 6;
  } else return undefined;
  if (!text.startsWith('","instId":"', i)) return undefined;
  i += 12;
  const instEnd = text.indexOf('"', i);
  if (instEnd < 0) return undefined;
  if (instEnd - i !== lastInstId.length || !text.startsWith(lastInstId, i)) lastInstId = text.slice(i, instEnd);
  const instId = lastInstId;
  i = instEnd + 1;
  if (text.charCodeAt(i) !== 125) return undefined; // '}' closing arg
  i++;
  let action: string | undefined;
  if (text.startsWith(',"action":"', i)) {
    i += 11;
    if (text.startsWith('update"', i)) {
      action = 'update';
      i += 7;
    } else if (text.startsWith('snapshot"', i)) {
      action = 'snapshot';
      i += 9;
    } else {
      const actionEnd = text.indexOf('"', i);
      if (actionEnd < 0) return undefined;
      action = text.slice(i, actionEnd);
      i = actionEnd + 1;
    }
  }
  if (!text.startsWith(',"data":[{', i)) return undefined;
  i += 10;
  let bids: ScaledLevels | undefined;
  let asks: ScaledLevels | undefined;
  let ts: number | undefined;
  let checksum: number | undefined;
  let prevSeqId: number | undefined;
  let seqId: number | undefined;
  for (;;) {
    if (text.charCodeAt(i) !== 34) return undefined;
    const keyEnd = text.indexOf('":', i + 1);
    if (keyEnd < 0) return undefined;
    const key = keyOf(text, i + 1, keyEnd);
    i = keyEnd + 2;
    if (key === 'asks' || key === 'bids') {
      const end = levelsAt(text, i);
      if (end < 0) return undefined;
      if (key === 'asks') asks = copied;
      else bids = copied;
      i = end;
    } else if (key === 'ts') {
      if (text.charCodeAt(i) !== 34) return undefined;
      const end = integerAt(text, i + 1);
      if (end < 0 || text.charCodeAt(end) !== 34) return undefined;
      ts = integer;
      i = end + 1;
    } else if (key === 'checksum' || key === 'prevSeqId' || key === 'seqId') {
      const end = integerAt(text, i);
      if (end < 0) return undefined;
      if (key === 'checksum') checksum = integer;
      else if (key === 'prevSeqId') prevSeqId = integer;
      else seqId = integer;
      i = end;
    } else return undefined;
    const next = text.charCodeAt(i);
    if (next === 44) {
      i++;
      continue;
    }
    if (next === 125 && text.charCodeAt(i + 1) === 93 && text.charCodeAt(i + 2) === 125 && i + 3 === text.length) break; // '}]}'
    return undefined;
  }
  if (bids === undefined || asks === undefined || ts === undefined) return undefined;
  return { channel, instId, action, bids, asks, ts, checksum, prevSeqId, seqId };
}

let integer = 0;
let lastInstId = '';

let copied: ScaledLevels = [];

type Key = 'asks' | 'bids' | 'ts' | 'checksum' | 'prevSeqId' | 'seqId';

/** The known data field named by text[start, end), or undefined; compared in place (no slice per field). */
function keyOf(text: string, start: number, end: number): Key | undefined {
  // The six names differ in length but for asks/bids, which differ in their first letter.
  let key: Key;
  switch (end - start) {
    case 4:
      key = text.charCodeAt(start) === 97 ? 'asks' : 'bids';
      break;
    case 2:
      key = 'ts';
      break;
    case 8:
      key = 'checksum';
      break;
    case 9:
      key = 'prevSeqId';
      break;
    case 5:
      key = 'seqId';
      break;
    default:
      return undefined;
  }
  return text.startsWith(key, start) ? key : undefined;
}

/** A JSON integer (may be negative) at i into `integer`; the index after it, or -1. */
function integerAt(text: string, i: number): number {
  let negative = false;
  if (text.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  const first = i;
  let n = 0;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) n = n * 10 + (c - 48);
  if (i === first || !Number.isSafeInteger(n)) return -1;
  integer = negative ? -n : n;
  return i;
}

/** `[["px","sz","0","n"],..]` at i into `copied`; the index after `]`, or -1. Fields past the size are skipped unread. */
function levelsAt(text: string, i: number): number {
  if (text.charCodeAt(i) !== 91) return -1;
  i++;
  let n = 0;
  if (text.charCodeAt(i) !== 93) {
    for (;;) {
      if (text.charCodeAt(i) !== 91) return -1;
      if (n + 4 > scratch.length) {
        const next = new Float64Array(scratch.length * 2);
        next.set(scratch);
        scratch = next;
      }
      i = readQuotedScaled(text, i + 1, value);
      if (i < 0 || text.charCodeAt(i) !== 44) return -1;
      scratch[n] = value.mantissa;
      scratch[n + 1] = value.digits;
      i = readQuotedScaled(text, i + 1, value);
      if (i < 0) return -1;
      scratch[n + 2] = value.mantissa;
      scratch[n + 3] = value.digits;
      n += 4;
      // The deprecated liquidated-orders field and the order count: plain strings, skipped.
      while (text.charCodeAt(i) === 44) {
        if (text.charCodeAt(i + 1) !== 34) return -1;
        // A short plain string ("0", "13"): walked, not searched; an escape is not the plain shape.
        let c = text.charCodeAt((i += 2));
        while (c !== 34) {
          if (c === 92 || Number.isNaN(c)) return -1;
          c = text.charCodeAt(++i);
        }
        i++;
      }
      if (text.charCodeAt(i) !== 93) return -1;
      i++;
      const next = text.charCodeAt(i);
      if (next === 93) break;
      if (next !== 44) return -1;
      i++;
    }
  }
  // One exactly sized plain array for the event (cheaper to make than a typed array at these sizes).
  const levels = new Array<number>(n);
  for (let k = 0; k < n; k++) levels[k] = scratch[k] as number;
  copied = levels;
  return i + 1;
}
