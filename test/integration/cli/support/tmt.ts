import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { startService, type StartedService } from '../../../../src/app/start-service';
import { silentLogger } from '../../../../src/shared/logger';

const run = promisify(execFile);
export const BIN = resolve(__dirname, '../../../../bin/tmt.mjs');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `tmt` binary (the compiled build in dist/) as a user would. */
export async function tmt(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      cwd,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

export const PAPER_FX_CONFIG =
  'accounts:\n  - {id: paper-fx, venue: paper, environment: paper, instruments: [EUR_USD]}\napi: {port: 0}\n';

/** A running service on a fresh data directory, with the environment that points the CLI at it. */
export async function startCliService(
  config = PAPER_FX_CONFIG,
): Promise<{ service: StartedService; env: Record<string, string>; directory: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-cli-'));
  writeFileSync(join(directory, 'tmt.yaml'), config);
  const service = await startService(
    { path: join(directory, 'tmt.yaml'), env: {} },
    { logger: silentLogger(), processMetrics: false },
  );
  const env = { TMT_URL: service.url, TMT_TOKEN: service.bootstrapAdminToken as string };
  // Limits and margin read the latest quote: wait for the paper feed's first price.
  const deadline = Date.now() + 30_000;
  while (service.app.engine.quotes().length === 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return { service, env, directory };
}
