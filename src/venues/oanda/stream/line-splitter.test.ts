import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it('yields the same lines however the bytes are cut into chunks (split and merged lines, multi-byte characters)', () => {
    const line = fc.string({ unit: fc.constantFrom('a', '{', '"', 'é', '€', '1', ' '), minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 50 }), (lines, cuts) => {
        const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
        const splitter = new LineSplitter();
        const seen: string[] = [];
        let offset = 0;
        for (let i = 0; offset < bytes.length; i++) {
          const size = cuts[i % cuts.length] ?? 1;
          splitter.push(bytes.subarray(offset, offset + size), (l) => seen.push(l));
          offset += size;
        }
        expect(seen).toEqual(lines);
        expect(splitter.buffered).toBe(0);
      }),
    );
  });

  it('drops a trailing \\r and empty lines, and keeps an unfinished line until its newline arrives', () => {
    const splitter = new LineSplitter();
    const seen: string[] = [];
    splitter.push(Buffer.from('{"a":1}\r\n\n{"b"'), (l) => seen.push(l));
    expect(seen).toEqual(['{"a":1}']);
    expect(splitter.buffered).toBe(4);
    splitter.push(Buffer.from(':2}\n'), (l) => seen.push(l));
    expect(seen).toEqual(['{"a":1}', '{"b":2}']);
  });
});
