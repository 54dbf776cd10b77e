import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import type { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';

import { clientFor, withConnection, type ConnectionOptions } from '../connection';
import { print, printError } from '../output';

export function startCommand(): Command {
  return new Command('start')
    .description('run the execution service (engine, venues, API and dashboard)')
    .option(
      '-c, --config <path>',
      'configuration file (env TMT_CONFIG; default ./tmt.yaml, else built-in defaults)',
    )
    .option('--port <port>', 'API and dashboard port (overrides api.port; env TMT_API__PORT)', parsePort)
    .option('--host <address>', 'address to listen on (overrides api.host; env TMT_API__HOST)')
    .addHelpText('after', '\nExamples:\n  $ tmt start\n  $ tmt start -c tmt.yaml --port 8010\n')
    .action(async (options: { config?: string; port?: string; host?: string }) => {
      // The flags ride the same override path as the environment, so they are validated like the file.
      if (options.port !== undefined) process.env.TMT_API__PORT = options.port;
      if (options.host !== undefined) process.env.TMT_API__HOST = options.host;
      // The service's modules load only for `start`: the other commands stay fast to start.
      const { startService } = await import('../../app/start-service');
      const { ConfigError } = await import('../../app/config/problems');
      let service;
      const bar = await journalProgressBar(options.config);
      try {
        service = await startService(
          options.config === undefined ? {} : { path: options.config },
          bar === undefined ? {} : { onJournalProgress: (walked) => bar.update(walked) },
        );
        bar?.stop();
      } catch (error) {
        bar?.stop();
        if (error instanceof ConfigError) {
          console.error(`refusing to start: ${error.message}`);
          process.exitCode = 2;
          return;
        }
        throw error;
      }
      console.log(`TMT is running. Dashboard and API: ${service.url}`);
      if (service.bootstrapAdminToken !== undefined) {
        console.log(
          '\nFirst start: an admin token was created. It is shown only this once (only its hash is stored):',
        );
        console.log(`\n    ${service.bootstrapAdminToken}\n`);
        console.log(`Open ${service.url}/ and paste it, or: export TMT_TOKEN=<token> for the CLI.`);
      }
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(
          `\n${signal}: stopping (open orders and positions stay at the venue; the journal is flushed)`,
        );
        service.app.close().then(
          () => process.exit(0),
          (error: unknown) => {
            printError(error);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}

/** A progress bar for the journal walk at start, shown only for long journals on a terminal. */
async function journalProgressBar(configPath: string | undefined): Promise<SingleBar | undefined> {
  if (!process.stderr.isTTY) return undefined;
  const { loadConfig } = await import('../../app/config/load');
  const { controlPlaneFiles } = await import('../../app/audit-files');
  const { journalRecordCount } = await import('../../app/journal-files');
  const { SingleBar, Presets } = await import('cli-progress');
  try {
    const loaded = loadConfig(configPath === undefined ? {} : { path: configPath });
    const path = controlPlaneFiles(resolve(loaded.baseDir, loaded.config.store.dataDir)).journal;
    const total = existsSync(path) ? journalRecordCount(path) : 0;
    if (total < 20_000) return undefined;
    const bar = new SingleBar(
      { stream: process.stderr, format: 'verifying journal {bar} {value}/{total} records' },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    return bar;
  } catch {
    // Configuration errors are reported by startService itself.
    return undefined;
  }
}

export function initCommand(): Command {
  return new Command('init')
    .description('write a commented example tmt.yaml')
    .argument('[path]', 'where to write it', 'tmt.yaml')
    .option('--force', 'overwrite an existing file')
    .action(async (path: string, options: { force?: boolean }) => {
      const { EXAMPLE_CONFIG } = await import('../../app/config/example');
      const target = resolve(path);
      if (existsSync(target) && options.force !== true) {
        console.error(`error ${target} exists; use --force to overwrite`);
        process.exitCode = 1;
        return;
      }
      writeFileSync(target, EXAMPLE_CONFIG);
      console.log(`wrote ${target}; check it with: tmt config check -c ${path}`);
    });
}

export function configCommand(): Command {
  const config = new Command('config').description('configuration tools');
  config
    .command('check')
    .description('validate a configuration file; every error names the field, the rule and the value found')
    .option('-c, --config <path>', 'configuration file (default ./tmt.yaml)')
    .option('--json', 'machine-readable output')
    .action(async (options: { config?: string; json?: boolean }) => {
      const { loadConfig } = await import('../../app/config/load');
      const { ConfigError, formatProblem } = await import('../../app/config/problems');
      try {
        const loaded = loadConfig(options.config === undefined ? {} : { path: options.config });
        const summary = {
          ok: true,
          source: loaded.source,
          accounts: loaded.config.accounts.map((a) => `${a.id} (${a.venue}/${a.environment})`),
          api: `${loaded.config.api.host}:${loaded.config.api.port}`,
        };
        if (options.json === true) print(summary, { json: true });
        else
          console.log(
            `ok: ${loaded.source}\n  accounts: ${summary.accounts.join(', ')}\n  api: ${summary.api}`,
          );
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        process.exitCode = 1;
        if (options.json === true)
          console.log(JSON.stringify({ ok: false, source: error.source, problems: error.problems }, null, 2));
        else
          console.error(
            `${error.source}: ${error.problems.length} error(s)\n${error.problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
          );
      }
    });
  config
    .command('show')
    .description('the effective configuration (secrets redacted), with where each value came from')
    .option('-c, --config <path>', 'configuration file (default ./tmt.yaml, else built-in defaults)')
    .option('--json', 'machine-readable output: {path: {value, source}}')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tmt config show\n  $ OANDA_API_KEY=... OANDA_ACCOUNT_ID=101-001-1-001 tmt config show --json\n',
    )
    .action(async (options: { config?: string; json?: boolean }) => {
      const { loadConfig, leafPaths } = await import('../../app/config/load');
      const { ConfigError, formatProblem, isSecretPath } = await import('../../app/config/problems');
      try {
        const loaded = loadConfig(options.config === undefined ? {} : { path: options.config });
        const rows = leafPaths(loaded.config).map((path) => {
          const segments = path.split('.');
          let value: unknown = loaded.config;
          for (const segment of segments) value = (value as Record<string, unknown>)[segment];
          // References ({env}, {file}) name where a secret is; an inline value under a secret key is hidden.
          const reference =
            segments.at(-2) === 'credentials' || segments.at(-1) === 'env' || segments.at(-1) === 'file';
          const empty = typeof value === 'object' && value !== null && Object.keys(value).length === 0;
          const shown = isSecretPath(segments) && !reference && !empty ? '(redacted)' : value;
          return { path, value: shown, source: sourceOf(loaded.sources, path, loaded.source) };
        });
        if (options.json === true)
          return print(Object.fromEntries(rows.map((r) => [r.path, { value: r.value, source: r.source }])), {
            json: true,
          });
        console.log(`configuration: ${loaded.source}`);
        for (const row of rows) console.log(`${row.path} = ${JSON.stringify(row.value)}  [${row.source}]`);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        process.exitCode = 1;
        console.error(
          `${error.source}: ${error.problems.length} error(s)\n${error.problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
        );
      }
      return undefined;
    });
  return config;
}

/** The source of a path, or of its nearest parent that has one (a whole account set by OANDA_ACCOUNT_ID). */
function sourceOf(sources: ReadonlyMap<string, string>, path: string, file: string): string {
  for (
    let prefix = path;
    prefix !== '';
    prefix = prefix.includes('.') ? prefix.slice(0, prefix.lastIndexOf('.')) : ''
  ) {
    const source = sources.get(prefix);
    if (source !== undefined)
      return source === 'file' ? file : source === 'default' ? 'default' : `env ${source}`;
  }
  return 'default';
}

export function statusCommand(): Command {
  return withConnection(
    new Command('status').description('service health, trading state and accounts'),
  ).action(async (options: ConnectionOptions) => {
    try {
      const client = await clientFor(options);
      const [health, risk, accounts] = await Promise.all([client.health(), client.risk(), client.accounts()]);
      const status = { health, risk, accounts: accounts.accounts };
      if (options.json === true) return print(status, options);
      const tradingState = (risk as { tradingState?: { global?: string } }).tradingState?.global;
      console.log(
        `service: ${String(health.status)}  trading: ${tradingState ?? '?'}  accepting intents: ${String((risk as { acceptingIntents?: boolean }).acceptingIntents)}`,
      );
      print(health, options, ['name', 'ok', 'detail'], (health.checks ?? []) as Record<string, unknown>[]);
      print(
        accounts,
        options,
        ['accountId', 'venue', 'enabled', 'tradingState', 'equity', 'unrealizedPnl', 'realizedPnl'],
        accounts.accounts.map((a) => ({
          ...a,
          equity: (a.state as { equity?: unknown } | undefined)?.equity,
        })),
      );
    } catch (error) {
      printError(error, options);
    }
    return undefined;
  });
}

function parsePort(value: string): string {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return value;
}
