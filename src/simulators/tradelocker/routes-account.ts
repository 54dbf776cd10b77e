import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { TL_ERRORS } from './errors';
import { specById, TL_INSTRUMENTS, type TlInstrumentSpec } from './instruments';
import { idField, number, stringField, type Json } from './json';
import { error, ok, type RouteContext, type TlSimServer } from './server';
import { accountDetails, configBody, executionsOf, ordersOf, positionsOf } from './wire-format';

type Query = Record<string, string | undefined>;

/** Auth (token, refresh, all-accounts), config, and the account reads. */
export function registerAccountRoutes(server: TlSimServer, { venue }: RouteContext): void {
  // POST /auth/jwt/token: email, password, server → 201 with accessToken, refreshToken, expireDate.
  server.route('POST', '/auth/jwt/token', 'AUTH', (request) => {
    const body = (request.body ?? {}) as Json;
    const login = server.login();
    for (const field of ['email', 'password', 'server']) {
      if (stringField(body[field]) === undefined) return error({ status: 400, errmsg: `Missing required field: ${field}` });
    }
    if (body['email'] !== login.email || body['password'] !== login.password || body['server'] !== login.server) return error(TL_ERRORS.invalidCredentials);
    server.issued++;
    return { status: 201, body: { ...server.auth.issue(`${login.email}|${login.server}`) } };
  }, false);

  // POST /auth/jwt/refresh: refreshToken → a new pair; the old refresh token is spent.
  server.route('POST', '/auth/jwt/refresh', 'AUTH', (request) => {
    const token = stringField(((request.body ?? {}) as Json)['refreshToken']);
    if (token === undefined) return error({ status: 400, errmsg: 'Missing required field: refreshToken' });
    const verified = server.auth.spendRefresh(token);
    if (!verified.ok) return error(TL_ERRORS.invalidRefreshToken);
    server.refreshed++;
    return { status: 201, body: { ...server.auth.issue(verified.subject) } };
  }, false);

  // GET /auth/jwt/all-accounts: no accNum yet, the token alone.
  server.route('GET', '/auth/jwt/all-accounts', 'AUTH', (request) => {
    const verified = server.auth.verifyAccess(request.headers.authorization);
    if (!verified.ok) return error(verified.reason === 'expired' ? TL_ERRORS.tokenExpired : TL_ERRORS.unauthorized);
    return { status: 200, body: { accounts: [...venue.accounts.values()].map((a) => accountEntry(a.id)) } };
  }, false);

  const accountEntry = (id: string): Json => {
    const options = venue.accounts.get(id);
    const balance = venue.engine.account(AccountId.parse(id)).balances.find((b) => b.currency === 'USD')?.total ?? Decimal.ZERO;
    return { id, name: options?.name ?? `TL-${id}`, currency: 'USD', accNum: options?.accNum ?? '', accountBalance: balance.rescale(2, 'half-even').toString(), status: 'ACTIVE' };
  };

  server.route('GET', '/trade/config', 'GET_ACCOUNTS', () => ok(configBody(server.limiter.limits)));

  server.route('GET', '/trade/accounts', 'GET_ACCOUNTS', (_request, account) => ok([accountEntry(account?.id ?? '')]));

  server.route('GET', '/trade/accounts/:accountId/instruments', 'GET_INSTRUMENTS', () =>
    ok({ instruments: TL_INSTRUMENTS.map(instrumentEntry) }),
  );

  for (const history of [false, true]) {
    const name = history ? 'ordersHistory' : 'orders';
    server.route('GET', `/trade/accounts/:accountId/${name}`, history ? 'GET_ORDERS_HISTORY' : 'GET_ORDERS', (request, account) => {
      const query = request.query as Query;
      const spec = query['tradableInstrumentId'] === undefined ? undefined : specById(query['tradableInstrumentId']);
      if (query['tradableInstrumentId'] !== undefined && spec === undefined) return error(TL_ERRORS.instrumentNotFound);
      const from = timeParameter(query['from']);
      const to = timeParameter(query['to']);
      const rows = ordersOf(venue, account?.id ?? '', history, {
        ...(spec === undefined ? {} : { instrument: spec.name }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
      });
      return ok({ [name]: rows });
    });
  }

  server.route('GET', '/trade/accounts/:accountId/positions', 'GET_POSITIONS', (_request, account) => ok({ positions: positionsOf(venue, account?.id ?? '') }));
  server.route('GET', '/trade/accounts/:accountId/executions', 'GET_EXECUTIONS', (_request, account) => ok({ executions: executionsOf(venue, account?.id ?? '') }));
  server.route('GET', '/trade/accounts/:accountId/state', 'GET_ACCOUNTS_STATE', (_request, account) => ok({ accountDetailsData: accountDetails(venue, account?.id ?? '') }));

  // GET /trade/instruments/{tradableInstrumentId}?routeId=INFO: the trading rules.
  server.route('GET', '/trade/instruments/:tradableInstrumentId', 'GET_INSTRUMENT_DETAILS', (request) => {
    const spec = specById(idField((request.params as { tradableInstrumentId: string }).tradableInstrumentId) ?? '');
    if (spec === undefined) return error(TL_ERRORS.instrumentNotFound);
    const routeId = (request.query as Query)['routeId'];
    if (routeId !== String(spec.infoRouteId) && routeId !== String(spec.tradeRouteId)) return error(TL_ERRORS.routeNotFound);
    return ok(instrumentDetails(spec));
  });

  // GET /trade/sessions/{sessionId}: the trading hours the adapter's profile states (FX: Sunday 22:00 to Friday 22:00 UTC).
  server.route('GET', '/trade/sessions/:sessionId', 'GET_TRADE_SESSIONS', (request) => {
    const id = (request.params as { sessionId: string }).sessionId;
    if (id !== '1' && id !== '2') return error({ status: 404, errmsg: 'Session not found' });
    const fx = id === '1';
    return ok({
      id: number(id), name: fx ? 'FX' : '24x7', timezone: 'UTC', holidays: [],
      schedule: fx
        ? [{ openDay: 'SUNDAY', openTime: '22:00', closeDay: 'FRIDAY', closeTime: '22:00' }]
        : [{ openDay: 'MONDAY', openTime: '00:00', closeDay: 'SUNDAY', closeTime: '24:00' }],
    });
  });
}

function timeParameter(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

export function instrumentEntry(spec: TlInstrumentSpec): Json {
  return {
    tradableInstrumentId: number(String(spec.tradableInstrumentId)), id: number(String(spec.id)), name: spec.name, description: spec.description,
    type: spec.type, tradingExchange: 'TradeLocker', marketDataExchange: 'TradeLocker', country: null, logoUrl: null, localizedName: spec.name,
    routes: [{ id: number(String(spec.tradeRouteId)), type: 'TRADE' }, { id: number(String(spec.infoRouteId)), type: 'INFO' }],
    barSource: 'BID', hasIntraday: true, hasDaily: true,
  };
}

export function instrumentDetails(spec: TlInstrumentSpec): Json {
  return {
    tradableInstrumentId: number(String(spec.tradableInstrumentId)), id: number(String(spec.id)), name: spec.name, description: spec.description, type: spec.type,
    baseCurrency: spec.baseCurrency, quotingCurrency: spec.quotingCurrency, lotSize: number(spec.lotSize), lotStep: number(spec.lotStep),
    minLot: number(spec.minLot), maxLot: number(spec.maxLot), leverage: number(Decimal.ONE.div(Decimal.parse(spec.marginRate), 0, 'half-even')),
    tickSize: [{ leftEdgePrice: number('0'), tickSize: number(spec.tickSize) }], tickCost: [{ leftEdgePrice: number('0'), tickCost: number(Decimal.parse(spec.tickSize).mul(Decimal.parse(spec.lotSize))) }],
    tradeSessionId: number(String(spec.tradeSessionId)), tradeSessionStatusId: number('1'), symbolStatus: 'FULLY_OPEN',
    marketDataExchange: 'TradeLocker', tradingExchange: 'TradeLocker', country: null, isin: null, hasDaily: true, hasIntraday: true,
  };
}
