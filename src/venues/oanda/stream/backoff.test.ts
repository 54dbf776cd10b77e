import { describe, expect, it } from 'vitest';

import { Backoff } from './backoff';

describe('Backoff', () => {
  it('starts at about 100 ms, doubles, caps at 5 s and starts over after a reset', () => {
    const backoff = new Backoff(100, 5000);
    expect(Array.from({ length: 8 }, () => backoff.delay())).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
    backoff.reset();
    expect(backoff.delay()).toBe(100);
  });
});
