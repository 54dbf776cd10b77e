import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApi, type RunningApi } from './support/harness';

interface Received {
  readonly url: string;
  readonly body: Record<string, unknown>;
}

/**
 * Slack, Discord and Telegram channels: a local receiver on each of their paths checks that the body has
 * the shape that receiver's API takes (Slack incoming webhooks, Discord webhooks, Telegram Bot API
 * sendMessage), answering as each does.
 */
describe('alert channels in their receivers own formats', () => {
  let api: RunningApi;
  let receiver: Server;
  const received: Received[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        received.push({ url: request.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
        // Slack answers 200 "ok", Discord 204, Telegram 200 {ok: true}.
        if (request.url?.startsWith('/discord')) response.statusCode = 204;
        response.end(request.url?.startsWith('/bot') ? '{"ok":true}' : 'ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    api = await startApi({
      env: {
        TMT_SLACK_URL: `${base}/slack/services/T000/B000/xyz`,
        TMT_DISCORD_URL: `${base}/discord/api/webhooks/1/abc`,
        TMT_TELEGRAM_URL: `${base}/bot123456:ABC/sendMessage`,
      },
      extraConfig: `alerts:
  webhooks:
    - {name: slack, url: {env: TMT_SLACK_URL}, format: slack, minSeverity: warning}
    - {name: discord, url: {env: TMT_DISCORD_URL}, format: discord, minSeverity: warning}
    - {name: telegram, url: {env: TMT_TELEGRAM_URL}, format: telegram, chatId: "-1001234567890", minSeverity: warning}`,
    });
  });
  afterAll(async () => {
    await api.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('posts one alert to each channel in its format', async () => {
    api.engine.alert('venue-disconnected', 'critical', 'OANDA stream lost');
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(3);
    const by = (prefix: string) => received.find((r) => r.url.startsWith(prefix))?.body;

    const slack = by('/slack') as {
      text: string;
      blocks: { type: string; text?: { type: string; text: string } }[];
    };
    expect(slack.text).toContain('OANDA stream lost');
    expect(slack.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(slack.blocks[0]?.text?.text).toContain('CRITICAL');

    const discord = by('/discord') as {
      content: string;
      embeds: { title: string; description: string; color: number; timestamp: string }[];
    };
    expect(discord.content.length).toBeLessThanOrEqual(2000);
    expect(discord.content).toContain('OANDA stream lost');
    expect(discord.embeds[0]?.color).toBe(0xef4444);
    expect(Number.isNaN(Date.parse(discord.embeds[0]?.timestamp ?? ''))).toBe(false);

    const telegram = by('/bot123456:ABC/sendMessage') as { chat_id: string; text: string };
    expect(telegram.chat_id).toBe('-1001234567890');
    expect(telegram.text).toContain('OANDA stream lost');
    expect(Object.keys(received.find((r) => r.url.startsWith('/slack'))?.body ?? {})).not.toContain('alert');
  });

  it('refuses a telegram channel without a chat id, naming the field', async () => {
    const { loadConfig } = await import('../../../src/app/config/load');
    const { ConfigError } = await import('../../../src/app/config/problems');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = `${mkdtempSync(`${tmpdir()}/tmt-alert-`)}/tmt.yaml`;
    writeFileSync(
      path,
      'accounts:\n  - {id: p, venue: paper, environment: paper}\nalerts:\n  webhooks:\n    - {name: t, url: "http://127.0.0.1:1/bot1:A/sendMessage", format: telegram}\n',
    );
    let problems: readonly { field: string }[] = [];
    try {
      loadConfig({ path, env: {} });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems.map((p) => p.field)).toContain('alerts.webhooks.0.chatId');
  });
});
