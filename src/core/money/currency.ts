declare const currencyBrand: unique symbol;

/** ISO 4217 code or a crypto asset code: upper-case letters and digits, 2 to 12 characters. */
export type Currency = string & { readonly [currencyBrand]: true };

const CURRENCY_PATTERN = /^[A-Z0-9]{2,12}$/;

/** Display precision of well-known currencies; anything else shows 8 decimals. */
const DISPLAY_PRECISION: Readonly<Record<string, number>> = {
  USD: 2, EUR: 2, GBP: 2, CHF: 2, CAD: 2, AUD: 2, NZD: 2, SEK: 2, NOK: 2, DKK: 2, HKD: 2, SGD: 2,
  MXN: 2, ZAR: 2, PLN: 2, CZK: 2, HUF: 2, TRY: 2, CNH: 2, JPY: 0,
  USDT: 8, USDC: 8, BUSD: 8, BTC: 8, ETH: 8, LTC: 8, BNB: 8, SOL: 8, XRP: 8,
};

/** Codes already validated: Money.of sits on the fill path, and there are only a few dozen codes in use. */
const validated = new Set<string>();

export const Currency = {
  parse(code: string): Currency {
    if (validated.has(code)) return code as Currency;
    if (!CURRENCY_PATTERN.test(code)) {
      throw new RangeError(`currency must be 2-12 upper-case letters or digits, found ${JSON.stringify(code)}`);
    }
    if (validated.size < 10_000) validated.add(code);
    return code as Currency;
  },
  isValid(code: string): code is Currency {
    return CURRENCY_PATTERN.test(code);
  },
  displayPrecision(code: Currency): number {
    return DISPLAY_PRECISION[code] ?? 8;
  },
};
