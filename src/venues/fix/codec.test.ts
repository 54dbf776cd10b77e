import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { encodeFix, FixDecoder, fieldOf, fixTimestamp, parseFixTimestamp, type FixField } from './codec';
import { lastWeeklyResetBefore } from './weekly-reset';

const logonSamples = readFileSync(join(import.meta.dirname, '../fxcm/fixtures/logon.fix'), 'utf8').split('\n').filter((l) => l.startsWith('8=')).map((l) => l.replaceAll('|', '\x01'));

describe('FIX tag=value codec', () => {
  it("frames FXCM's published Logon byte for byte: BodyLength 114 and CheckSum 146", () => {
    const sample = logonSamples[0] ?? '';
    const fields = sample.split('\x01').filter((p) => p !== '').map((p): FixField => [Number(p.slice(0, p.indexOf('='))), p.slice(p.indexOf('=') + 1)]).slice(2, -1);
    expect(encodeFix('FIX.4.4', fields)).toBe(sample);
  });

  it('decodes the published Logon answer split across chunks, and keeps field order', () => {
    const decoder = new FixDecoder();
    const sample = logonSamples[1] ?? '';
    expect(decoder.push(sample.slice(0, 13)).messages).toHaveLength(0);
    const { messages, garbled } = decoder.push(sample.slice(13));
    expect(garbled).toHaveLength(0);
    expect(messages[0]?.msgType).toBe('A');
    expect(fieldOf(messages[0] ?? { fields: [] }, 50)).toBe('U100D1');
  });

  it('drops a frame with a wrong CheckSum or BodyLength, naming why, and reads the next one', () => {
    const good = encodeFix('FIX.4.4', [[35, '0'], [34, '2']]);
    // eslint-disable-next-line no-control-regex -- SOH is the FIX field separator
    const { messages, garbled } = new FixDecoder().push(`${good.slice(0, -4)}999\x01${good.replace(/\x019=\d+/, '\x019=3')}${good}`);
    expect(messages).toHaveLength(1);
    expect(garbled.map((g) => g.reason)).toEqual([expect.stringContaining('CheckSum(10)'), expect.stringContaining('BodyLength(9)')]);
  });

  it('refuses SOH inside a value, and round-trips UTCTimestamps with milliseconds', () => {
    expect(() => encodeFix('FIX.4.4', [[35, 'D'], [58, 'a\x01b']])).toThrow(/field 58/);
    const at = Date.UTC(2026, 11, 1, 15, 4, 5, 678);
    expect(fixTimestamp(at)).toBe('20261201-15:04:05.678');
    expect(parseFixTimestamp('20261201-15:04:05.678')).toBe(at);
    expect(parseFixTimestamp('20261201-15:04:05')).toBe(at - 678);
    expect(parseFixTimestamp('2026-12-01')).toBeUndefined();
  });

  it('finds the last weekly reset (Friday 21:00 UTC) before a time', () => {
    const reset = { dayOfWeek: 5, minuteUtc: 21 * 60 };
    expect(lastWeeklyResetBefore(Date.UTC(2026, 11, 1, 12), reset)).toBe(Date.UTC(2026, 10, 27, 21));
    expect(lastWeeklyResetBefore(Date.UTC(2026, 11, 4, 21), reset)).toBe(Date.UTC(2026, 11, 4, 21));
    expect(lastWeeklyResetBefore(Date.UTC(2026, 11, 4, 20, 59), reset)).toBe(Date.UTC(2026, 10, 27, 21));
  });
});
