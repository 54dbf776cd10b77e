import { createHash } from 'node:crypto';

declare const brand: unique symbol;
type Branded<T, B extends string> = T & { readonly [brand]: B };

/** The venues TMT speaks to. The suffix of an instrument id names one. */
export const VENUE_NAMES = [
  'PAPER',
  'OANDA',
  'BINANCE',
  'BINANCEUS',
  'COINBASE',
  'OKX',
  'IBKR',
  'FXCM',
  'TRADELOCKER',
  'DXTRADE',
] as const;
export type VenueName = (typeof VENUE_NAMES)[number];

export type AccountId = Branded<string, 'AccountId'>;
/** `SYMBOL.VENUE`, e.g. `EUR_USD.OANDA`, `BTCUSDT.BINANCE`. */
export type InstrumentId = Branded<string, 'InstrumentId'>;
/** The engine's idempotency key for an order, chosen by the client or generated. */
export type ClientOrderId = Branded<string, 'ClientOrderId'>;
/** The client order id as sent to one venue (derived from the ClientOrderId to fit the venue's rule). */
export type VenueClientOrderId = Branded<string, 'VenueClientOrderId'>;
export type VenueOrderId = Branded<string, 'VenueOrderId'>;
/** A venue's id of one execution: the key that makes a duplicate fill a no-op. */
export type TradeId = Branded<string, 'TradeId'>;
export type OrderListId = Branded<string, 'OrderListId'>;

const ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_/-]{0,31}$/;
/** The engine's own client id alphabet: wide enough for UUIDs and strategy prefixes, safe in URLs and logs. */
const CLIENT_ORDER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export class IdentifierError extends RangeError {
  constructor(
    readonly field: string,
    readonly rule: string,
    readonly value: string,
  ) {
    super(`${field} must ${rule}, found ${JSON.stringify(value)}`);
  }
}

export function isVenueName(value: string): value is VenueName {
  return (VENUE_NAMES as readonly string[]).includes(value);
}

export const AccountId = {
  parse(value: string): AccountId {
    if (!ACCOUNT_PATTERN.test(value)) throw new IdentifierError('accountId', 'be 1-64 of [A-Za-z0-9._:-]', value);
    return value as AccountId;
  },
};

export const InstrumentId = {
  parse(value: string): InstrumentId {
    const dot = value.lastIndexOf('.');
    const symbol = value.slice(0, dot);
    const venue = value.slice(dot + 1);
    if (dot <= 0 || !SYMBOL_PATTERN.test(symbol) || !isVenueName(venue)) {
      throw new IdentifierError('instrumentId', `be SYMBOL.VENUE with VENUE one of ${VENUE_NAMES.join(', ')}`, value);
    }
    return value as InstrumentId;
  },
  of(symbol: string, venue: VenueName): InstrumentId {
    return InstrumentId.parse(`${symbol}.${venue}`);
  },
  symbol(id: InstrumentId): string {
    return id.slice(0, id.lastIndexOf('.'));
  },
  venue(id: InstrumentId): VenueName {
    return id.slice(id.lastIndexOf('.') + 1) as VenueName;
  },
};

export const ClientOrderId = {
  parse(value: string): ClientOrderId {
    if (!CLIENT_ORDER_PATTERN.test(value)) {
      throw new IdentifierError('clientOrderId', 'be 1-64 of [A-Za-z0-9._:-], starting with a letter or digit', value);
    }
    return value as ClientOrderId;
  },
};

export const VenueOrderId = { of: (value: string) => value as VenueOrderId };
export const TradeId = { of: (value: string) => value as TradeId };
export const OrderListId = { of: (value: string) => value as OrderListId };

/** What a venue accepts as a client order id; declared by each adapter in its capabilities. */
export interface VenueClientIdRule {
  /** The full pattern the venue documents, anchored. */
  readonly pattern: RegExp;
  readonly maxLength: number;
  /** Characters usable when the engine's id does not fit and a digest must be encoded. */
  readonly alphabet: string;
}

export const CLIENT_ID_RULES = {
  /** Binance: `^[.A-Za-z0-9:/_-]{1,36}$` */
  binance: { pattern: /^[.A-Za-z0-9:/_-]{1,36}$/, maxLength: 36, alphabet: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' },
  /** OKX clOrdId: 1-32 letters and digits. */
  okx: { pattern: /^[A-Za-z0-9]{1,32}$/, maxLength: 32, alphabet: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' },
  /** OANDA clientExtensions.id: free text up to 128 characters; we keep to a safe subset. */
  oanda: { pattern: /^[A-Za-z0-9._:-]{1,128}$/, maxLength: 128, alphabet: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' },
  /** Coinbase client_order_id: a UUID is conventional; any string up to 128. */
  coinbase: { pattern: /^[A-Za-z0-9._:-]{1,128}$/, maxLength: 128, alphabet: '0123456789abcdef' },
  /** The in-process paper venue and IBKR orderRef. */
  permissive: { pattern: /^[A-Za-z0-9._:-]{1,64}$/, maxLength: 64, alphabet: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' },
} as const satisfies Record<string, VenueClientIdRule>;

function encodeDigest(digest: Buffer, alphabet: string, length: number): string {
  let value = BigInt(`0x${digest.toString('hex')}`);
  const base = BigInt(alphabet.length);
  let out = '';
  while (out.length < length) {
    out += alphabet[Number(value % base)];
    value /= base;
  }
  return out;
}

/**
 * The id one venue sees for an engine order, a pure function of (client order id, revision) so that a
 * restarted engine derives exactly the id it sent before (and can look the order up by it). Revision 0 is
 * the original submission; a cancel/replace on a venue without native amend uses revision 1, 2, ...
 * An id that fits the rule as is is sent unchanged at revision 0.
 */
export function deriveVenueClientOrderId(
  clientOrderId: ClientOrderId,
  rule: VenueClientIdRule,
  revision = 0,
): VenueClientOrderId {
  if (revision === 0 && rule.pattern.test(clientOrderId) && clientOrderId.length <= rule.maxLength) {
    return clientOrderId as string as VenueClientOrderId;
  }
  const digest = createHash('sha256').update(`${clientOrderId}#${revision}`).digest();
  const length = Math.min(rule.maxLength, 32);
  const derived = encodeDigest(digest, rule.alphabet, length);
  if (!rule.pattern.test(derived)) throw new Error(`derived client id ${derived} does not fit the venue rule`);
  return derived as VenueClientOrderId;
}
