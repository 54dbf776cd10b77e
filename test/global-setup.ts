import { execFileSync } from 'node:child_process';

/**
 * The CLI tests run `bin/tmt.mjs`, which runs the compiled dist/: build it from the sources under test first,
 * so that a test never exercises a stale build. It takes well under a second.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
