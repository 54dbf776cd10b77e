import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const COPY = fileURLToPath(new URL('../../fixtures/venue-specs/oanda-v20-openapi.json', import.meta.url));
/** The project's shared folder, beside the clone (as CI lays it out). */
const SHARED = fileURLToPath(new URL('../../../../shared/venue-specs/oanda-v20-openapi.json', import.meta.url));

describe('the vendored OANDA schema', () => {
  it('is the official v20 schema, version 3.0.25', () => {
    const spec = JSON.parse(readFileSync(COPY, 'utf8')) as { swagger: string; info: { version: string } };
    expect(spec.swagger).toBe('2.0');
    expect(spec.info.version).toBe('3.0.25');
  });

  it.skipIf(!existsSync(SHARED))('is byte-identical to shared/venue-specs when that folder is beside the clone', () => {
    expect(readFileSync(COPY).equals(readFileSync(SHARED))).toBe(true);
  });
});
