import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILT_DASHBOARD = join('src', 'dashboard', 'web', 'dist');

/**
 * Folder holding the built dashboard (index.html and hashed assets), for the API to serve at `/` with
 * @fastify/static. Built by `npm run build:dashboard`, which `npm ci` runs through the `prepare` script.
 */
export function dashboardAssetsDir(): string {
  // This module runs from src/dashboard (sources) or from a chunk in dist/ (the build): either way the built
  // dashboard sits under the package root, the nearest folder up that holds package.json.
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return join(folder, BUILT_DASHBOARD);
}

/** Whether the dashboard has been built: the API can say so plainly instead of serving 404s. */
export function dashboardIsBuilt(): boolean {
  return existsSync(join(dashboardAssetsDir(), 'index.html'));
}
