/**
 * DXtrade's errors as its REST spec documents them: an HTTP status plus a body `{ "errorCode", "description" }`
 * (the spec's Error entity; errorCode is a string of digits). Where the spec lists a code it is used as is:
 * 2 entity not found (404), 3 incorrect username or password (401), 32 incorrect request parameters (400),
 * 33 incorrect request (400), 99 conditional request header missing (403), 100 order id already exists (409),
 * 101 client-originated identifier not valid (400). For the 409 "order didn't pass pre-issue checks" and
 * "cannot be cancelled" cases the spec says `<various>` codes without listing them: this simulator uses the
 * codes below (1000+), marked SIM, and the adapter maps them by code and, for any other 409, by description.
 */
export interface DxtradeError {
  readonly status: number;
  readonly errorCode: string;
  readonly description: string;
}

function error(status: number, errorCode: string, description: string): DxtradeError {
  return { status, errorCode, description };
}

export const DX_ERRORS = {
  notFound: () => error(404, '2', 'Entity not found at server'),
  badCredentials: () => error(401, '3', 'Incorrect username or password'),
  /** 401 without a code: the session token is unknown or has timed out (client repeats POST /login). */
  unauthorized: () => error(401, '1', 'Session is not authorized or has expired'),
  badParameters: (detail: string) => error(400, '32', `Incorrect request parameters (${detail})`),
  badRequest: (detail: string) => error(400, '33', `Incorrect request (${detail})`),
  conditionalMissing: () => error(403, '99', 'Conditional request header If-Match is required'),
  /** SIM: If-Match carried an old version of the order. */
  preconditionFailed: (version: number) => error(412, '98', `Precondition failed: order version is ${version}`),
  duplicateOrder: (orderCode: string) => error(409, '100', `Order with this id already exists (${orderCode})`),
  invalidClientId: () => error(400, '101', 'Client-originated identifier is not valid'),
  tooManyRequests: () => error(429, '429', 'Too many requests'),
  /** SIM pre-issue checks (409, the spec's `<various>`). */
  insufficientMargin: () => error(409, '1001', 'Not enough margin to place the order'),
  priceIncrement: (price: string, increment: string) => error(409, '1002', `Price ${price} does not match the price increment ${increment}`),
  quantityBelowMinimum: (minimum: string) => error(409, '1003', `Order quantity is less than the minimum order size ${minimum}`),
  quantityAboveMaximum: (maximum: string) => error(409, '1004', `Order quantity is greater than the maximum order size ${maximum}`),
  quantityIncrement: (increment: string) => error(409, '1005', `Order quantity does not match the order size increment ${increment}`),
  instrumentNotTradable: (symbol: string) => error(409, '1006', `Instrument ${symbol} is not available for trading`),
  marketClosed: (symbol: string) => error(409, '1007', `Market is closed for ${symbol}`),
  finalState: (orderCode: string) => error(409, '1008', `Order ${orderCode} is in a final state and cannot be changed`),
  immutableField: (field: string) => error(409, '1011', `Field ${field} cannot be changed after the order is issued`),
  positionNotFound: (positionCode: string) => error(409, '1012', `Position ${positionCode} not found`),
  internal: () => error(500, '0', 'Internal server error'),
} as const;

export class DxtradeRequestError extends Error {
  constructor(readonly dx: DxtradeError) {
    super(dx.description);
  }
}

export function fail(dx: DxtradeError): never {
  throw new DxtradeRequestError(dx);
}
