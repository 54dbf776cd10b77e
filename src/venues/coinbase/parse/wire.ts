import { z } from 'zod';

/** Response shapes of the Advanced Trade REST API, validated at the edge (fields the adapter reads). */
export const productSchema = z.object({
  product_id: z.string(),
  base_increment: z.string(),
  quote_increment: z.string(),
  price_increment: z.string().optional(),
  base_min_size: z.string(),
  base_max_size: z.string(),
  quote_min_size: z.string(),
  quote_max_size: z.string(),
  base_currency_id: z.string(),
  quote_currency_id: z.string(),
  status: z.string(),
  trading_disabled: z.boolean(),
  cancel_only: z.boolean(),
  limit_only: z.boolean(),
  post_only: z.boolean(),
  product_type: z.string(),
  is_disabled: z.boolean().optional(),
});
export type WireProduct = z.infer<typeof productSchema>;
export const productsSchema = z.object({ products: z.array(productSchema), num_products: z.number().optional() });

export const orderSchema = z.object({
  order_id: z.string(),
  product_id: z.string(),
  order_configuration: z.record(z.record(z.unknown())),
  side: z.string(),
  client_order_id: z.string(),
  status: z.string(),
  time_in_force: z.string(),
  created_time: z.string(),
  filled_size: z.string(),
  average_filled_price: z.string(),
  number_of_fills: z.string(),
  filled_value: z.string(),
  order_type: z.string(),
  trigger_status: z.string().optional(),
  reject_reason: z.string().optional(),
  reject_message: z.string().optional(),
  cancel_message: z.string().optional(),
  last_fill_time: z.string().nullable().optional(),
});
export type WireOrder = z.infer<typeof orderSchema>;
export const orderResponseSchema = z.object({ order: orderSchema });
export const ordersPageSchema = z.object({ orders: z.array(orderSchema), has_next: z.boolean(), cursor: z.string().optional() });

export const fillSchema = z.object({
  entry_id: z.string(),
  trade_id: z.string(),
  order_id: z.string(),
  trade_time: z.string(),
  price: z.string(),
  size: z.string(),
  commission: z.string(),
  product_id: z.string(),
  liquidity_indicator: z.string(),
  side: z.string(),
  size_in_quote: z.boolean().optional(),
});
export type WireFill = z.infer<typeof fillSchema>;
export const fillsPageSchema = z.object({ fills: z.array(fillSchema), cursor: z.string().optional() });

const amount = z.object({ value: z.string(), currency: z.string() });
export const accountsPageSchema = z.object({
  accounts: z.array(z.object({ uuid: z.string(), currency: z.string(), available_balance: amount, hold: amount.optional(), active: z.boolean().optional() })),
  has_next: z.boolean(),
  cursor: z.string().optional(),
});

export const createOrderResponseSchema = z.object({
  success: z.boolean(),
  failure_reason: z.string().optional(),
  order_id: z.string().optional(),
  success_response: z.object({ order_id: z.string(), product_id: z.string().optional(), side: z.string().optional(), client_order_id: z.string().optional() }).optional(),
  error_response: z
    .object({ error: z.string().optional(), message: z.string().optional(), error_details: z.string().optional(), preview_failure_reason: z.string().optional(), new_order_failure_reason: z.string().optional() })
    .optional(),
});
export type CreateOrderResponse = z.infer<typeof createOrderResponseSchema>;

export const cancelResponseSchema = z.object({ results: z.array(z.object({ success: z.boolean(), failure_reason: z.string().optional(), order_id: z.string() })) });
export const editResponseSchema = z.object({
  success: z.boolean().optional(),
  errors: z.array(z.object({ edit_failure_reason: z.string().optional(), preview_failure_reason: z.string().optional() })).optional(),
});

export const transactionSummarySchema = z.object({
  fee_tier: z.object({ pricing_tier: z.string(), taker_fee_rate: z.string(), maker_fee_rate: z.string() }),
});

export const productBookSchema = z.object({
  pricebook: z.object({ product_id: z.string(), bids: z.array(z.object({ price: z.string(), size: z.string() })), asks: z.array(z.object({ price: z.string(), size: z.string() })), time: z.string().optional() }),
});
