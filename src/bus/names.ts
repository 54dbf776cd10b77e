import { TmtError } from '../core';

/**
 * The names other programs rely on (docs/bus.md): Redis keys `{prefix}:events` and `{prefix}:signals`;
 * NATS subjects `{prefix}.events.<type>` and `{prefix}.signals` on streams `{PREFIX}_EVENTS` and
 * `{PREFIX}_SIGNALS` (TMT_EVENTS, TMT_SIGNALS with the default prefix).
 */
export const DEFAULT_PREFIX = 'tmt';
const PREFIX = /^[a-z][a-z0-9_]{0,31}$/;

export function checkPrefix(prefix: string): string {
  if (!PREFIX.test(prefix))
    throw new TmtError(
      'CONFIG_INVALID',
      `bus.prefix must be 1-32 of [a-z0-9_] starting with a letter (it names keys, subjects and streams), found ${JSON.stringify(prefix)}`,
      { field: 'bus.prefix' },
    );
  return prefix;
}

export type ChannelName = 'events' | 'signals';

export function redisKey(prefix: string, channel: ChannelName): string {
  return `${prefix}:${channel}`;
}

export function natsStream(prefix: string, channel: ChannelName): string {
  return `${prefix.toUpperCase()}_${channel.toUpperCase()}`;
}

/** Events carry their type in the subject, so a consumer can filter on the server. */
export function natsSubject(prefix: string, channel: ChannelName, type: string): string {
  return channel === 'events' ? `${prefix}.events.${type}` : `${prefix}.signals`;
}

export function natsSubjectFilter(prefix: string, channel: ChannelName): string {
  return channel === 'events' ? `${prefix}.events.>` : `${prefix}.signals`;
}

/** EVENT_RETENTION_HOURS, default 24. */
export const DEFAULT_RETENTION_HOURS = 24;

export interface BrokerOptions {
  readonly url: string;
  readonly prefix?: string;
  readonly retentionHours?: number;
  /** Clock for retention cut-offs (MINID); epoch ms. */
  readonly now?: () => number;
}
