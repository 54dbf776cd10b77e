import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Folder holding the built dashboard (index.html and hashed assets), for the API to serve at `/` with
 * @fastify/static. Built by `npm run build:dashboard`, which `npm ci` runs through the `prepare` script.
 */
export function dashboardAssetsDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), 'web', 'dist');
}

/** Whether the dashboard has been built: the API can say so plainly instead of serving 404s. */
export function dashboardIsBuilt(): boolean {
  return existsSync(join(dashboardAssetsDir(), 'index.html'));
}
