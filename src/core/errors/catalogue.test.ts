import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from './catalogue';

const CODE_PATTERN = /['"`]((?:RISK|OMS|VENUE|STORE|API|CONFIG|ORCH)_[A-Z0-9_]+)['"`]/g;
/** Strings of the same shape that are not error codes: Binance's endpoint security types, seed 004's RISK_PER_TRADE variable. */
const NOT_ERROR_CODES = new Set(['API_KEY', 'API_SECRET', 'RISK_PER_TRADE']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('error catalogue', () => {
  it('documents every code with a description', () => {
    for (const [code, definition] of Object.entries(ERROR_CATALOGUE)) {
      expect(definition.description.length, code).toBeGreaterThan(10);
      expect(code).toMatch(/^(RISK|OMS|VENUE|STORE|API|CONFIG|ORCH)_[A-Z0-9_]+$/);
    }
  });

  it('holds every code the source uses', () => {
    const missing = new Set<string>();
    for (const file of sourceFiles(join(import.meta.dirname, '..', '..'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(CODE_PATTERN)) {
        const code = match[1] as string;
        if (!NOT_ERROR_CODES.has(code) && !Object.hasOwn(ERROR_CATALOGUE, code)) missing.add(`${code} (${file})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
