import { z } from 'zod';

/** exchangeInfo as rest-api.md documents it; only what the adapter reads is required. */
const filter = z.object({ filterType: z.string() }).passthrough();

export const symbolInfoSchema = z
  .object({
    symbol: z.string(),
    status: z.string(),
    baseAsset: z.string(),
    quoteAsset: z.string(),
    baseAssetPrecision: z.number().int(),
    quoteAssetPrecision: z.number().int().optional(),
    orderTypes: z.array(z.string()),
    icebergAllowed: z.boolean().optional(),
    ocoAllowed: z.boolean().optional(),
    otoAllowed: z.boolean().optional(),
    quoteOrderQtyMarketAllowed: z.boolean().optional(),
    allowTrailingStop: z.boolean().optional(),
    cancelReplaceAllowed: z.boolean().optional(),
    amendAllowed: z.boolean().optional(),
    isSpotTradingAllowed: z.boolean().optional(),
    filters: z.array(filter),
  })
  .passthrough();

export const rateLimitSchema = z.object({
  rateLimitType: z.string(),
  interval: z.string(),
  intervalNum: z.number().int().positive(),
  limit: z.number().int().positive(),
});

export const exchangeInfoSchema = z
  .object({
    timezone: z.string().optional(),
    serverTime: z.number(),
    rateLimits: z.array(rateLimitSchema),
    exchangeFilters: z.array(filter).optional(),
    symbols: z.array(symbolInfoSchema),
  })
  .passthrough();

export type SymbolInfo = z.infer<typeof symbolInfoSchema>;
export type RateLimitInfo = z.infer<typeof rateLimitSchema>;
export type ExchangeInfo = z.infer<typeof exchangeInfoSchema>;
export type FilterInfo = z.infer<typeof filter>;
