import type { OandaConfig } from './config';

export interface OandaUrls {
  /** REST origin without the `/v3` prefix. */
  readonly rest: string;
  readonly stream: string;
}

const HOSTS = {
  practice: { rest: 'https://api-fxpractice.oanda.com', stream: 'https://stream-fxpractice.oanda.com' },
  live: { rest: 'https://api-fxtrade.oanda.com', stream: 'https://stream-fxtrade.oanda.com' },
} as const;

export function oandaUrls(config: OandaConfig): OandaUrls {
  switch (config.environment) {
    case 'practice':
    case 'live':
      return {
        rest: config.baseUrl ?? HOSTS[config.environment].rest,
        stream: config.streamUrl ?? HOSTS[config.environment].stream,
      };
    case 'simulator': {
      const rest = (config.baseUrl ?? '').replace(/\/+$/, '');
      return { rest, stream: (config.streamUrl ?? rest).replace(/\/+$/, '') };
    }
  }
}
