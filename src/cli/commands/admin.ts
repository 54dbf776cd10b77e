import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { Command, Option } from 'commander';

import { API_SCOPES, type IntegrityReport } from '../../core';
import { clientFor, withConnection, type ConnectionOptions } from '../connection';
import { print, printError } from '../output';

export function tokenCommand(): Command {
  const token = new Command('token').description('API tokens (admin)');
  dataDirOptions(
    withConnection(
      token.command('create').description('create a token; the secret is shown once').argument('<name>'),
    ),
    false,
  )
    .addOption(new Option('--scope <scope>', 'read < trade < admin').choices([...API_SCOPES]).default('read'))
    .option(
      '--offline',
      'write to the token store directly (no admin token needed; a running service sees it within seconds)',
    )
    .action(
      async (
        name: string,
        options: ConnectionOptions & {
          scope: 'read' | 'trade' | 'admin';
          offline?: boolean;
          dataDir?: string;
          config?: string;
        },
      ) => {
        try {
          const { createOfflineToken } = await import('../../app/token-files');
          const created =
            options.offline === true
              ? (({ record, token: secret }) => ({ ...record, token: secret }))(
                  createOfflineToken(await dataDirFrom(options), name, options.scope),
                )
              : await (await clientFor(options)).createToken(name, options.scope);
          if (options.json === true) return print(created, options);
          console.log(
            `created token ${created.id} (${created.scope}). Shown once:\n\n    ${created.token}\n`,
          );
        } catch (error) {
          printError(error, options);
        }
        return undefined;
      },
    );
  withConnection(token.command('list').description('list tokens (never their secrets)')).action(
    async (options: ConnectionOptions) => {
      try {
        const result = await (await clientFor(options)).tokens();
        const rows = result.tokens.map((t) => ({
          ...t,
          createdAt: new Date(Number(t.createdAt)).toISOString(),
          revokedAt: t.revokedAt === undefined ? '' : new Date(Number(t.revokedAt)).toISOString(),
        }));
        print(result, options, ['id', 'name', 'scope', 'createdBy', 'createdAt', 'revokedAt'], rows);
      } catch (error) {
        printError(error, options);
      }
    },
  );
  dataDirOptions(
    withConnection(token.command('revoke').description('revoke a token').argument('<id>')),
    false,
  )
    .option('--offline', 'write to the token store directly')
    .action(
      async (
        id: string,
        options: ConnectionOptions & { offline?: boolean; dataDir?: string; config?: string },
      ) => {
        try {
          if (options.offline === true) {
            const { revokeOfflineToken } = await import('../../app/token-files');
            revokeOfflineToken(await dataDirFrom(options), id);
            print({ id, revoked: true }, { json: true });
            return;
          }
          print(await (await clientFor(options)).revokeToken(id), { json: true });
        } catch (error) {
          printError(error, options);
        }
      },
    );
  return token;
}

/** The data directory: --data-dir, else the configuration's store.dataDir. */
async function dataDirFrom(options: { dataDir?: string; config?: string }): Promise<string> {
  if (options.dataDir !== undefined) return resolve(options.dataDir);
  const { loadConfig } = await import('../../app/config/load');
  const loaded = loadConfig(options.config === undefined ? {} : { path: options.config });
  return resolve(loaded.baseDir, loaded.config.store.dataDir);
}

const dataDirOptions = (command: Command, json = true) => {
  command
    .option('-d, --data-dir <dir>', 'data directory (default: store.dataDir of the configuration)')
    .option('-c, --config <path>', 'configuration file');
  return json ? command.option('--json', 'machine-readable output') : command;
};

export function auditCommand(): Command {
  const audit = new Command('audit').description('the audit log: list entries, verify the chain');
  withConnection(audit.command('list').description('audit entries, oldest first (admin)'))
    .option('--after <sequence>', 'entries after this sequence')
    .option('--actor <actor>', 'only this actor, e.g. token:<id>')
    .option('--limit <n>', 'at most n', '50')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tmt audit list --limit 20\n  $ tmt audit list --after 120 --json\n',
    )
    .action(async (options: ConnectionOptions & { after?: string; actor?: string; limit: string }) => {
      try {
        for (const [name, value] of [
          ['--after', options.after],
          ['--limit', options.limit],
        ] as const)
          if (value !== undefined && !/^\d+$/.test(value))
            throw new Error(`${name} must be a whole number (found ${JSON.stringify(value)})`);
        const result = await (
          await clientFor(options)
        ).audit({
          ...(options.after === undefined ? {} : { after: Number(options.after) }),
          ...(options.actor === undefined ? {} : { actor: options.actor }),
          limit: Number(options.limit),
        });
        print(
          result,
          options,
          ['sequence', 'at', 'actor', 'action', 'target', 'outcome'],
          result.entries.map((e) => ({ ...e, at: new Date(Number(e.at)).toISOString() })),
        );
      } catch (error) {
        printError(error, options);
      }
    });
  dataDirOptions(
    audit
      .command('verify')
      .description(
        'check the audit hash chain and its anchor; reports the first altered, removed or reordered entry',
      ),
  ).action(async (options: { dataDir?: string; config?: string; json?: boolean }) => {
    try {
      const { verifyAuditFiles } = await import('../../app/audit-files');
      const result = verifyAuditFiles(await dataDirFrom(options));
      if (!result.ok) process.exitCode = 1;
      if (options.json === true) return print(result, { json: true });
      if (result.ok)
        console.log(`ok: ${result.checked} audit entries, chain and anchor intact (${result.path})`);
      else
        console.log(
          `BROKEN at entry ${result.problem?.sequence} (${result.problem?.kind}): ${result.problem?.message}`,
        );
    } catch (error) {
      printError(error, options);
    }
    return undefined;
  });
  return audit;
}

export function journalCommand(): Command {
  const journal = new Command('journal').description('journal tools');
  dataDirOptions(
    journal
      .command('verify')
      .description('walk the whole journal hash chain (read-only; safe beside a running service)'),
  ).action(async (options: { dataDir?: string; config?: string; json?: boolean }) => {
    try {
      const { controlPlaneFiles } = await import('../../app/audit-files');
      const { journalRecordCount, verifyJournalFile } = await import('../../app/journal-files');
      const { SingleBar, Presets } = await import('cli-progress');
      const postgres = await postgresJournal(options);
      if (postgres !== undefined) {
        const { openJournalForVerification } = await import('../../store');
        // No cheap total for a bar: the walk reports as it goes.
        const report = await openJournalForVerification(postgres.url, { schema: postgres.schema });
        return reportJournal(report, options);
      }
      const path = controlPlaneFiles(await dataDirFrom(options)).journal;
      if (!existsSync(path))
        throw Object.assign(new Error(`no journal at ${path}`), { code: 'STORE_UNAVAILABLE' });
      const total = journalRecordCount(path);
      const bar =
        options.json === true || !process.stderr.isTTY
          ? undefined
          : new SingleBar(
              { stream: process.stderr, format: 'verifying {bar} {value}/{total} records' },
              Presets.shades_classic,
            );
      bar?.start(total, 0);
      const report = await verifyJournalFile(path, (walked) => bar?.update(walked));
      bar?.stop();
      return reportJournal(report, options);
    } catch (error) {
      printError(error, options);
    }
    return undefined;
  });
  return journal;
}

function reportJournal(report: IntegrityReport, options: { json?: boolean }): void {
  if (!report.ok) process.exitCode = 1;
  if (options.json === true) return print(report, { json: true });
  if (report.ok) console.log(`ok: ${report.checked} records, last sequence ${report.lastSequence}`);
  else
    console.log(
      `BROKEN at sequence ${report.problem?.sequence} (${report.problem?.code}): ${report.problem?.message}`,
    );
  return undefined;
}

/** The configuration's PostgreSQL journal (its URL resolved from the reference), unless --data-dir is given. */
async function postgresJournal(options: {
  dataDir?: string;
  config?: string;
}): Promise<{ url: string; schema: string } | undefined> {
  if (options.dataDir !== undefined) return undefined;
  const { loadConfig } = await import('../../app/config/load');
  const loaded = loadConfig(options.config === undefined ? {} : { path: options.config });
  const url = loaded.secrets.get('store.url');
  if (loaded.config.store.kind !== 'postgres' || url === undefined) return undefined;
  return { url, schema: loaded.config.store.schema ?? 'tmt' };
}
