import { loadConfig, type LoadOptions } from './config/load';
import { createApp, type App, type AppOptions } from './create-app';

export interface StartedService {
  readonly app: App;
  readonly url: string;
  /** Set only on the first start: the admin token, shown once (only its hash is stored). */
  readonly bootstrapAdminToken?: string;
}

/**
 * `tmt start`: load and validate the configuration (throws ConfigError: the service refuses to start on any
 * error), build the app, create the first admin token when there is none, then listen.
 */
export async function startService(
  load: LoadOptions = {},
  options: AppOptions = {},
): Promise<StartedService> {
  const loaded = loadConfig(load);
  const app = await createApp(loaded, options);
  try {
    let bootstrapAdminToken: string | undefined;
    if (!app.api.tokens.hasActiveAdmin()) {
      const created = app.api.tokens.create({ name: 'bootstrap-admin', scope: 'admin', createdBy: 'system' });
      app.api.audit.record({
        actor: 'system',
        action: 'token.create',
        target: created.record.id,
        details: { scope: 'admin', bootstrap: true },
      });
      bootstrapAdminToken = created.token;
    }
    const url = await app.listen();
    app.logger.info(
      { url, config: loaded.source, dataDir: app.dataDir, accounts: loaded.config.accounts.map((a) => a.id) },
      'TMT service started',
    );
    return { app, url, ...(bootstrapAdminToken === undefined ? {} : { bootstrapAdminToken }) };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
