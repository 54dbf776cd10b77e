import { Decimal } from '../../core/money/decimal';
import { RESOLUTION_MS } from './candles';
import { TL_ERRORS } from './errors';
import { specById, type TlInstrumentSpec } from './instruments';
import { number } from './json';
import { error, ok, type Answer, type RouteContext, type TlSimServer } from './server';

type Query = Record<string, string | undefined>;

/** Market data is read over the instrument's INFO route (routeId), as the Python client's get_info_route_id does. */
export function registerMarketRoutes(server: TlSimServer, { venue, candles }: RouteContext): void {
  const instrument = (query: Query): TlInstrumentSpec | Answer => {
    if (query['tradableInstrumentId'] === undefined) return error({ status: 400, errmsg: 'Missing required parameter: tradableInstrumentId' });
    if (query['routeId'] === undefined) return error({ status: 400, errmsg: 'Missing required parameter: routeId' });
    const spec = specById(query['tradableInstrumentId']);
    if (spec === undefined) return error(TL_ERRORS.instrumentNotFound);
    if (query['routeId'] !== String(spec.infoRouteId)) return error(TL_ERRORS.routeNotFound);
    return spec;
  };

  // GET /trade/quotes → {"s":"ok","d":{"ap":..,"bp":..,"as":..,"bs":..}}
  server.route('GET', '/trade/quotes', 'QUOTES', (request) => {
    const spec = instrument(request.query as Query);
    if ('status' in spec) return spec;
    const book = venue.engine.book(venue.instrumentIdOf(spec.name));
    const levels = book?.levels(1);
    const bid = levels?.bids[0];
    const ask = levels?.asks[0];
    if (bid === undefined || ask === undefined) return { status: 200, body: { s: 'no_data' } };
    const lots = (units: Decimal) => number(units.div(Decimal.parse(spec.lotSize), 2, 'down').normalize());
    return ok({ ap: number(ask.price), bp: number(bid.price), as: lots(ask.quantity), bs: lots(bid.quantity) });
  });

  // GET /trade/history?resolution&from&to → {"s":"ok","d":{"barDetails":[{t,o,h,l,c,v}]}} or {"s":"no_data"}
  server.route('GET', '/trade/history', 'QUOTES_HISTORY', (request) => {
    const query = request.query as Query;
    const spec = instrument(query);
    if ('status' in spec) return spec;
    const resolution = RESOLUTION_MS[query['resolution'] ?? ''];
    if (resolution === undefined) return error({ status: 400, errmsg: `Invalid resolution: expected one of ${Object.keys(RESOLUTION_MS).join(', ')}` });
    const from = Number(query['from'] ?? 'NaN');
    const to = Number(query['to'] ?? 'NaN');
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) return error({ status: 400, errmsg: 'Invalid from/to: expected millisecond timestamps with from <= to' });
    if ((to - from) / resolution > 30_000) return error({ status: 400, errmsg: 'Too many bars requested: the limit is 30000 (QUOTES_HISTORY_BARS)' });
    const bars = candles.bars(spec.name, resolution, from, to);
    if (bars.length === 0) return { status: 200, body: { s: 'no_data' } };
    return ok({ barDetails: bars.map((bar) => ({ t: number(String(bar.t)), o: number(bar.o), h: number(bar.h), l: number(bar.l), c: number(bar.c), v: number(bar.v) })) });
  });
}
