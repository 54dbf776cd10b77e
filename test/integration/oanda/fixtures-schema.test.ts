import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { definitionErrors, responseErrors, transactionDefinition } from './schema';

const directory = new URL('../../../src/venues/oanda/fixtures/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', directory), 'utf8')) as { file: string; method: string; path: string; status: string }[];

/** Where the 2016 recordings differ from the 3.0.25 schema (see fixtures/README.md); anything else fails. */
const KNOWN_DEVIATIONS = [/triggerCondition must be equal to one of the allowed values/, /userID must be integer/];

describe('recorded OANDA fixtures against the official schema', () => {
  it.each(manifest)('$file validates as the $status answer of $method $path', ({ file, method, path, status }) => {
    const body = JSON.parse(readFileSync(new URL(file, directory), 'utf8'));
    const errors = responseErrors(method, path, Number(status), body).filter((e) => !KNOWN_DEVIATIONS.some((d) => d.test(e)));
    expect(errors).toEqual([]);
  });

  it.each(['pricing-stream.jsonl', 'transactions-stream.jsonl'])('every line of %s validates', (file) => {
    const stream = file.startsWith('pricing') ? 'pricing' : 'transactions';
    const lines = readFileSync(new URL(file, directory), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    const errors = lines.flatMap((value) => {
      const definition = value.type === 'HEARTBEAT' ? (stream === 'pricing' ? 'PricingHeartbeat' : 'TransactionHeartbeat') : value.type === 'PRICE' ? 'ClientPrice' : transactionDefinition(value.type);
      return definitionErrors(definition, value);
    });
    expect(errors).toEqual([]);
    expect(lines.length).toBeGreaterThan(0);
  });
});
