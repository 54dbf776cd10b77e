import type { Command } from 'commander';

import type { ApiClient } from '../api/client';

export interface ConnectionOptions {
  readonly url?: string;
  readonly token?: string;
  readonly insecureTls?: boolean;
  readonly json?: boolean;
}

/** Adds --url, --token, --json to a command that talks to the running service. */
export function withConnection(command: Command): Command {
  return command
    .option('--url <url>', 'service address (env TMT_URL)', process.env.TMT_URL ?? 'http://127.0.0.1:8004')
    .option('--token <token>', 'API token (env TMT_TOKEN)')
    .option('--insecure-tls', 'accept a self-signed certificate')
    .option('--json', 'machine-readable output');
}

/** The API client, loaded on first use: `tmt --help` and offline commands never load the HTTP stack. */
export async function clientFor(options: ConnectionOptions): Promise<ApiClient> {
  const { ApiClient } = await import('../api/client');
  const token = options.token ?? process.env.TMT_TOKEN;
  return new ApiClient({
    baseUrl: options.url ?? 'http://127.0.0.1:8004',
    ...(token === undefined ? {} : { token }),
    ...(options.insecureTls === true ? { insecureTls: true } : {}),
  });
}
