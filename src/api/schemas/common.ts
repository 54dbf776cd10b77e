import { z } from 'zod/v4';

import { AccountId, ClientOrderId, InstrumentId } from '../../core';

/** Decimals travel as strings so that no binary float ever touches a price or a quantity. */
export const decimalString = z
  .string()
  .regex(/^-?\d{1,20}(\.\d{1,18})?$/, 'expected a decimal number written as a string, e.g. "1.25"');
export const positiveDecimalString = decimalString.refine((s) => !s.startsWith('-') && /[1-9]/.test(s), {
  message: 'expected a positive decimal number written as a string',
});

const identifier = <T>(parse: (value: string) => T, rule: string) =>
  z.string().refine(
    (value) => {
      try {
        parse(value);
        return true;
      } catch {
        return false;
      }
    },
    { message: rule },
  );

export const accountIdSchema = identifier(
  (v) => AccountId.parse(v),
  'expected an account id: 1-64 of [A-Za-z0-9._:-]',
);
export const instrumentIdSchema = identifier(
  (v) => InstrumentId.parse(v),
  'expected an instrument id SYMBOL.VENUE, e.g. EUR_USD.PAPER',
);
export const clientOrderIdSchema = identifier(
  (v) => ClientOrderId.parse(v),
  'expected a client order id: 1-64 of [A-Za-z0-9._:-]',
);

/** Query-string integers arrive as text. */
export const queryInteger = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a non-negative integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
