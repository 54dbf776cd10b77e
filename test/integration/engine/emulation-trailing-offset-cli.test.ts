import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseTrailingOffset, trailingOffsetBody } from '../../../src/cli/commands/order-options';

/** `tmt order submit --trailing-offset`: a price distance or basis points, chosen by the text. */
describe('--trailing-offset chooses price distance or basis points', () => {
  it.each([
    ['12.5', { kind: 'price', value: '12.5' }],
    ['0.00100', { kind: 'price', value: '0.00100' }],
    ['50bp', { kind: 'basis-points', value: '50' }],
    ['50bps', { kind: 'basis-points', value: '50' }],
    ['120BP', { kind: 'basis-points', value: '120' }],
  ])('%s is sent as %o', (text, body) => {
    expect(trailingOffsetBody(parseTrailingOffset(text))).toEqual(body);
  });

  it.each(['-0.001', '0', '0bp', '12.5bp', 'bp', '50 basis', ''])('%j is refused naming both forms', (text) => {
    expect(() => parseTrailingOffset(text)).toThrow(InvalidArgumentError);
    expect(() => parseTrailingOffset(text)).toThrow(/price distance|basis points/);
  });
});
