import { z } from 'zod/v4';

import { CANDLE_TIMEFRAMES, InstrumentId, TmtError, type CandleTimeframe } from '../../core';
import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import type { CandleHistory } from '../market/candle-history';
import { instrumentIdSchema, queryInteger } from '../schemas/common';

const TIMEFRAMES = Object.keys(CANDLE_TIMEFRAMES) as [CandleTimeframe, ...CandleTimeframe[]];

const candleQuery = z.strictObject({
  instrumentId: instrumentIdSchema,
  timeframe: z.enum(TIMEFRAMES).default('1m'),
  limit: queryInteger(1, 1000).optional(),
});

export function registerMarketRoutes(ctx: ApiContext, candles: CandleHistory): void {
  const { app, routes, engine } = ctx;

  defineRoute(
    app,
    routes,
    {
      method: 'GET',
      url: '/api/v1/candles',
      scope: 'read',
      tag: 'market',
      summary: 'Candles from the engine’s quote mids, oldest first; the last may still be building',
      query: candleQuery,
    },
    async ({ query }) => {
      const instrumentId = InstrumentId.parse(query.instrumentId);
      if (!engine.instruments().some((i) => i.id === instrumentId))
        throw new TmtError('API_NOT_FOUND', `no instrument ${instrumentId}`, { field: 'instrumentId' });
      const { candles: bars, building } = candles.candles(instrumentId, query.timeframe, query.limit ?? 500);
      return {
        instrumentId,
        timeframe: query.timeframe,
        building,
        candles: bars.map(({ openTime, closeTime, open, high, low, close, ticks }) => ({
          openTime,
          closeTime,
          open,
          high,
          low,
          close,
          ticks,
        })),
      };
    },
  );
}
