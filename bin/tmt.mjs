#!/usr/bin/env node
// The `tmt` command. It runs the compiled build in dist/ (made by `npm run build`, which `npm ci` runs through
// `prepare`), so no compiler runs at start. TMT_FROM_SOURCE=1 runs the TypeScript sources through tsx instead
// (a development tree, where tsx is installed as a dev dependency).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli.js', import.meta.url);
if (process.env.TMT_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  console.error('tmt: dist/ is missing. Build it with `npm run build` (npm ci does it), or set TMT_FROM_SOURCE=1.');
  process.exit(2);
}
