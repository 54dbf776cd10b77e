import type { AlertRaised } from '../../core';

/**
 * The body each kind of receiver expects. `generic` is TMT's own `{source, attempt, alert}`; the others are the
 * receivers' built-in formats, so an alert reaches a channel with no glue in between:
 * - Slack incoming webhooks: `{text, blocks}` (mrkdwn);
 * - Discord webhooks: `{content, embeds}` (content at most 2,000 characters, an embed title at most 256);
 * - the Telegram Bot API's sendMessage: `{chat_id, text}` (text at most 4,096 characters), POSTed to
 *   `https://api.telegram.org/bot<token>/sendMessage`, which is the webhook's URL (a secret: by reference).
 */
export type AlertFormat = 'generic' | 'slack' | 'discord' | 'telegram';

export interface AlertFormatOptions {
  /** Telegram only: the chat, group or channel to post to. */
  readonly chatId?: string;
}

const SEVERITY_MARK = { info: 'ℹ️', warning: '⚠️', critical: '🚨' } as const;
/** Discord embed colours: blue, amber, red. */
const SEVERITY_COLOUR = { info: 0x3b82f6, warning: 0xf59e0b, critical: 0xef4444 } as const;

function headline(alert: AlertRaised): string {
  const scope = [alert.accountId, alert.venue].filter((x) => x !== undefined).join(' ');
  return `${SEVERITY_MARK[alert.severity]} TMT ${alert.severity.toUpperCase()} ${alert.kind}${scope === '' ? '' : ` (${scope})`}`;
}

function detailLines(alert: AlertRaised): string[] {
  return Object.entries(alert.details).map(([key, value]) => `${key}: ${value}`);
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function alertBody(
  format: AlertFormat,
  alert: AlertRaised,
  attempt: number,
  options: AlertFormatOptions = {},
): unknown {
  const at = new Date(alert.occurredAt).toISOString();
  switch (format) {
    case 'generic':
      return { source: 'tmt', attempt, alert };
    case 'slack':
      return {
        text: `${headline(alert)}: ${alert.message}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${headline(alert)}*\n${alert.message}` } },
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: cut([at, `alert ${alert.alertId}`, ...detailLines(alert)].join(' · '), 3000),
              },
            ],
          },
        ],
      };
    case 'discord':
      return {
        content: cut(`${headline(alert)}: ${alert.message}`, 2000),
        embeds: [
          {
            title: cut(headline(alert), 256),
            description: cut([alert.message, ...detailLines(alert)].join('\n'), 4096),
            color: SEVERITY_COLOUR[alert.severity],
            timestamp: at,
            footer: { text: `alert ${alert.alertId}` },
          },
        ],
      };
    case 'telegram':
      if (options.chatId === undefined) throw new Error('a telegram alert channel needs chatId');
      return {
        chat_id: options.chatId,
        text: cut([headline(alert), alert.message, ...detailLines(alert), at].join('\n'), 4096),
        disable_web_page_preview: true,
      };
  }
}
