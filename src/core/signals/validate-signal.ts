import type { Timestamp } from '../clock';
import { TmtError } from '../errors/tmt-error';
import { AccountId, IdentifierError, InstrumentId } from '../identifiers';
import { Decimal } from '../money/decimal';
import { Price } from '../money/price';
import {
  SIGNAL_INTENTS,
  type Signal,
  type SignalEntry,
  type SignalExit,
  type SignalId,
  type SignalIntent,
} from './signal';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const AGENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const KNOWN_FIELDS = new Set([
  'clientSignalId',
  'agentId',
  'instrumentId',
  'intent',
  'confidence',
  'entry',
  'stopLoss',
  'takeProfit',
  'expiresAt',
  'accounts',
  'metadata',
]);
const MAX_METADATA_KEYS = 32;
const MAX_METADATA_BYTES = 4096;
const MAX_ACCOUNTS = 64;

function invalid(field: string, rule: string, found: unknown): never {
  const shown = found === undefined ? 'nothing' : JSON.stringify(found);
  throw new TmtError('ORCH_SIGNAL_INVALID', `${field} must ${rule}, found ${shown ?? String(found)}`, {
    field,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(record: Record<string, unknown>, field: string, pattern: RegExp, rule: string): string {
  const value = record[field];
  if (typeof value !== 'string' || !pattern.test(value)) invalid(field, rule, value);
  return value;
}

/** A decimal as a string; a JSON number only when it is a whole number (floats cannot hold most decimals). */
function decimal(value: unknown, field: string): Decimal {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return Decimal.fromInteger(value);
  const parsed = typeof value === 'string' && value.length <= 40 ? Decimal.tryParse(value) : undefined;
  if (parsed === undefined) invalid(field, 'be a decimal string such as "0.75"', value);
  return parsed;
}

function positivePrice(value: unknown, field: string): Price {
  const parsed = decimal(value, field);
  if (!parsed.isPositive()) invalid(field, 'be positive', value);
  return Price.of(parsed);
}

function entryOf(value: unknown): SignalEntry {
  if (!isRecord(value)) invalid('entry', 'be {"type":"market"} or {"type":"limit","price":"..."}', value);
  const extra = Object.keys(value).find((key) => key !== 'type' && key !== 'price');
  if (extra !== undefined) invalid(`entry.${extra}`, 'not be present (known: type, price)', value[extra]);
  if (value.type === 'market') {
    if (value.price !== undefined) invalid('entry.price', 'be absent for a market entry', value.price);
    return { type: 'market' };
  }
  if (value.type === 'limit') return { type: 'limit', price: positivePrice(value.price, 'entry.price') };
  return invalid('entry.type', 'be "market" or "limit"', value.type);
}

function exitOf(value: unknown, field: string): SignalExit | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) invalid(field, 'be {"price":"..."} or {"distance":"..."}', value);
  const keys = Object.keys(value);
  if (keys.length !== 1 || (keys[0] !== 'price' && keys[0] !== 'distance'))
    invalid(field, 'have exactly one of price, distance', value);
  if (value.price !== undefined)
    return { kind: 'price', price: positivePrice(value.price, `${field}.price`) };
  const distance = decimal(value.distance, `${field}.distance`);
  if (!distance.isPositive()) invalid(`${field}.distance`, 'be positive', value.distance);
  return { kind: 'distance', distance };
}

/** A stop below a long's entry and above a short's; a take-profit the other way round. */
function checkExitSides(
  intent: SignalIntent,
  entry: SignalEntry,
  stop?: SignalExit,
  target?: SignalExit,
): void {
  if (intent === 'flat') {
    if (stop !== undefined) invalid('stopLoss', 'be absent on a flat signal', 'stopLoss');
    if (target !== undefined) invalid('takeProfit', 'be absent on a flat signal', 'takeProfit');
    return;
  }
  if (entry.type !== 'limit') return;
  const below = intent === 'long';
  if (stop?.kind === 'price' && (below ? !stop.price.lt(entry.price) : !stop.price.gt(entry.price)))
    invalid(
      'stopLoss.price',
      `be ${below ? 'below' : 'above'} the entry price ${entry.price.toString()}`,
      stop.price.toString(),
    );
  if (target?.kind === 'price' && (below ? !target.price.gt(entry.price) : !target.price.lt(entry.price)))
    invalid(
      'takeProfit.price',
      `be ${below ? 'above' : 'below'} the entry price ${entry.price.toString()}`,
      target.price.toString(),
    );
}

function metadataOf(value: unknown): Signal['metadata'] {
  if (value === undefined) return {};
  if (!isRecord(value)) invalid('metadata', 'be an object', value);
  const keys = Object.keys(value);
  if (keys.length > MAX_METADATA_KEYS)
    invalid('metadata', `have at most ${MAX_METADATA_KEYS} keys`, keys.length);
  for (const key of keys) {
    const item = value[key];
    const ok =
      item === null ||
      typeof item === 'string' ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item));
    if (!ok) invalid(`metadata.${key}`, 'be a string, number, boolean or null', item);
  }
  if (new TextEncoder().encode(JSON.stringify(value)).length > MAX_METADATA_BYTES)
    invalid('metadata', `be at most ${MAX_METADATA_BYTES} bytes of JSON`, '(larger)');
  return Object.freeze({ ...(value as Signal['metadata']) });
}

function accountsOf(value: unknown): readonly AccountId[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ACCOUNTS)
    invalid('accounts', `be a non-empty list of at most ${MAX_ACCOUNTS} account ids`, value);
  const ids = value.map((item: unknown, index) => {
    if (typeof item !== 'string') invalid(`accounts[${index}]`, 'be an account id', item);
    try {
      return AccountId.parse(item);
    } catch (error) {
      if (error instanceof IdentifierError) invalid(`accounts[${index}]`, 'be 1-64 of [A-Za-z0-9._:-]', item);
      throw error;
    }
  });
  if (new Set(ids).size !== ids.length) invalid('accounts', 'not repeat an account', value);
  return Object.freeze(ids);
}

/**
 * Validates a signal like an order: the first broken rule throws ORCH_SIGNAL_INVALID naming the field; an
 * unknown field is refused rather than ignored. `now` is the intake's clock: an expired signal is refused.
 */
export function parseSignal(input: unknown, now: Timestamp): Signal {
  if (!isRecord(input)) invalid('signal', 'be a JSON object', input);
  const unknown = Object.keys(input).find((key) => !KNOWN_FIELDS.has(key));
  if (unknown !== undefined) invalid(unknown, 'not be present (not a signal field)', input[unknown]);
  const signalId = text(
    input,
    'clientSignalId',
    ID_PATTERN,
    'be 1-64 of [A-Za-z0-9._:-], starting with a letter or digit',
  ) as SignalId;
  const agentId = text(input, 'agentId', AGENT_PATTERN, 'be 1-64 of [A-Za-z0-9._:-]');
  const rawInstrument = input.instrumentId;
  if (typeof rawInstrument !== 'string') invalid('instrumentId', 'be SYMBOL.VENUE', rawInstrument);
  let instrumentId: InstrumentId;
  try {
    instrumentId = InstrumentId.parse(rawInstrument);
  } catch {
    return invalid('instrumentId', 'be SYMBOL.VENUE with a known venue', rawInstrument);
  }
  const intent = input.intent;
  if (typeof intent !== 'string' || !(SIGNAL_INTENTS as readonly string[]).includes(intent))
    invalid('intent', `be one of ${SIGNAL_INTENTS.join(', ')}`, intent);
  const confidence = decimal(input.confidence, 'confidence');
  if (confidence.isNegative() || confidence.gt(Decimal.ONE))
    invalid('confidence', 'be between 0 and 1', input.confidence);
  const entry = entryOf(input.entry ?? { type: 'market' });
  const stopLoss = exitOf(input.stopLoss, 'stopLoss');
  const takeProfit = exitOf(input.takeProfit, 'takeProfit');
  checkExitSides(intent as SignalIntent, entry, stopLoss, takeProfit);
  const expiresAt = input.expiresAt;
  if (expiresAt !== undefined) {
    if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt) || expiresAt <= 0)
      invalid('expiresAt', 'be a time in epoch milliseconds', expiresAt);
    if (expiresAt <= now) invalid('expiresAt', `be in the future (now is ${now})`, expiresAt);
  }
  const accounts = accountsOf(input.accounts);
  return Object.freeze({
    signalId,
    agentId,
    instrumentId,
    intent: intent as SignalIntent,
    confidence,
    entry,
    ...(stopLoss === undefined ? {} : { stopLoss }),
    ...(takeProfit === undefined ? {} : { takeProfit }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(accounts === undefined ? {} : { accounts }),
    metadata: metadataOf(input.metadata),
    receivedAt: now,
  });
}
