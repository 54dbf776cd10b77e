// Compiles the CLI and the service into dist/ so that `tmt` runs with no compiler at run time.
// esbuild bundles our sources (packages stay external, resolved from node_modules at run time) and splits
// dynamically imported commands into chunks, so `tmt --help` loads only what help needs.
//
// `--clean` empties dist/ first (npm run build). Without it (the test set-up), files are replaced one by one
// by rename, chunks before the entry that imports them: a `tmt` started by a concurrent test run always sees
// a complete build, old or new.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
if (process.argv.includes('--clean')) rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // sdk: the agent SDK, the package's `tmt/sdk` export (package.json "exports").
  entryPoints: { cli: 'src/cli/main.ts', sdk: 'src/orchestrator/sdk/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  write: false,
});
const entry = join(outdir, 'cli.js');
const ordered = [...result.outputFiles].sort((a, b) => Number(a.path === entry) - Number(b.path === entry));
for (const file of ordered) {
  mkdirSync(dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temporary, file.contents);
  renameSync(temporary, file.path);
}

// Chunks no build has written for ten minutes belong to no `tmt` still starting: remove them.
const chunks = join(outdir, 'chunks');
const current = new Set(result.outputFiles.map((file) => file.path));
for (const name of readdirSync(chunks)) {
  const path = join(chunks, name);
  if (!current.has(path) && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { force: true });
}
