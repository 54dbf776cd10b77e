import { Command } from 'commander';

import { clientFor, withConnection, type ConnectionOptions } from '../connection';
import { guarded } from '../run';

/**
 * `tmt events`: recent events, or with --follow the live stream, resumed by cursor after a dropped connection so
 * that nothing is missed. One JSON line per event with --json (for scripts: `{cursor, event}`), else a summary.
 */

interface EventsOptions extends ConnectionOptions {
  follow?: boolean;
  types?: string;
  cursor?: string;
  limit: string;
}

interface Envelope {
  readonly cursor: number;
  readonly event: Record<string, unknown>;
}

const RECONNECT_DELAY_MS = 1_000;

function show(envelope: Envelope, o: EventsOptions): void {
  if (o.json === true) {
    console.log(JSON.stringify(envelope));
    return;
  }
  const e = envelope.event;
  const at = typeof e.occurredAt === 'number' ? new Date(e.occurredAt).toISOString() : '';
  const about = [e.accountId, e.instrumentId, e.clientOrderId].filter((x) => typeof x === 'string').join(' ');
  console.log(`${envelope.cursor}\t${at}\t${String(e.type)}\t${about}`);
}

export function eventsCommand(): Command {
  return withConnection(new Command('events').description('recent events, or the live stream with --follow'))
    .option('-f, --follow', 'keep streaming; reconnects and resumes from the last cursor seen')
    .option('--types <list>', 'comma-separated event types, e.g. OrderFilled,AlertRaised')
    .option(
      '--cursor <n>',
      'start after this cursor (default: the last --limit events, or now with --follow)',
    )
    .option('--limit <n>', 'without --follow: at most n events', '50')
    .addHelpText(
      'after',
      '\nExamples:\n  $ tmt events --types OrderFilled --limit 20\n  $ tmt events --follow --types OrderFilled,AlertRaised --json\n',
    )
    .action(
      guarded<[]>(async (options) => {
        const o = options as EventsOptions;
        for (const [name, value] of [
          ['--cursor', o.cursor],
          ['--limit', o.limit],
        ] as const)
          if (value !== undefined && !/^\d+$/.test(value))
            throw new Error(`${name} must be a whole number (found ${JSON.stringify(value)})`);
        const types = o.types
          ?.split(',')
          .map((t) => t.trim())
          .filter((t) => t.length > 0);
        if (o.follow === true) return follow(o, types);
        const client = await clientFor(o);
        const after = o.cursor === undefined ? undefined : Number(o.cursor);
        const page = await client.events(after, Number(o.limit));
        for (const envelope of page.events)
          if (types === undefined || types.includes(String(envelope.event.type))) show(envelope, o);
      }),
    );
}

async function follow(o: EventsOptions, types: readonly string[] | undefined): Promise<void> {
  const { WebSocket } = await import('ws');
  const token = o.token ?? process.env.TMT_TOKEN;
  const base = new URL(o.url ?? 'http://127.0.0.1:8004');
  base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  base.pathname = '/api/v1/stream';
  let cursor = o.cursor === undefined ? undefined : Number(o.cursor);
  let connected = false;
  let current: { close(): void } | undefined;
  process.once('SIGINT', () => {
    current?.close();
    process.exit(0);
  });
  for (;;) {
    const url = new URL(base);
    if (cursor !== undefined) url.searchParams.set('cursor', String(cursor));
    if (types !== undefined) url.searchParams.set('types', types.join(','));
    const outcome = await new Promise<'closed' | 'expired' | 'refused'>((resolve, reject) => {
      const socket = new WebSocket(url, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        ...(o.insecureTls === true ? { rejectUnauthorized: false } : {}),
      });
      current = socket;
      socket.on('open', () => {
        connected = true;
      });
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8')) as Partial<Envelope> & { type?: string };
        if (typeof message.cursor !== 'number' || message.event === undefined) return;
        cursor = message.cursor;
        show(message as Envelope, o);
      });
      socket.on('close', (code: number) => {
        if (code === 4401) reject(new Error('the stream refused the token: set TMT_TOKEN or pass --token'));
        else resolve(code === 4410 ? 'expired' : code === 4400 ? 'refused' : 'closed');
      });
      // Before the first connection an error is the answer (service down, wrong URL); later it is a dropped
      // connection, and 'close' follows it to reconnect.
      socket.on('error', (error: Error) => {
        if (!connected) reject(error);
      });
    });
    if (outcome === 'refused') throw new Error(`the stream refused cursor ${String(cursor)}`);
    if (outcome === 'expired') {
      console.error(
        'cursor expired (older than the retention): continuing from now; reload state with `tmt order list`',
      );
      cursor = undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
  }
}
