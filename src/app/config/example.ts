/**
 * The commented example that `tmt init` writes, and the embedded defaults when no tmt.yaml exists: one
 * text, so the documented example is always a configuration that starts.
 */
export const EXAMPLE_CONFIG = `# TMT configuration. Every key is checked at start-up: a misspelt key or a bad value stops the service
# with a message naming the field, the rule and the value found. Check a file with: tmt config check
#
# Environment overrides: TMT_<SECTION>__<KEY>=value, path segments joined by "__", names in UPPER_SNAKE
# (TMT_API__PORT=9000, TMT_LOGGING__LEVEL=debug, TMT_ACCOUNTS__0__ENABLED=false).
#
# Secrets are never written here: a credential is {env: VAR_NAME} or {file: path/to/secret}.

accounts:
  # In-process paper trading on a seeded synthetic feed: no keys, no network.
  - id: paper-fx
    venue: paper
    environment: paper
    baseCurrency: USD
    startingBalance: "100000"
    instruments: [EUR_USD, GBP_USD, USD_JPY, AUD_USD, EUR_GBP]
    riskLimits:
      maxOrderNotional: "1000000"
      maxOpenOrders: 200
  - id: paper-crypto
    venue: paper
    environment: paper
    baseCurrency: USDT
    startingBalance: "100000"
    instruments: [BTCUSDT, ETHUSDT]
    riskLimits:
      # Crypto's trading day (daily loss limit) ends at 00:00 UTC; FX's at 17:00 New York (the default).
      tradingDayTimeZone: UTC
      tradingDayEnd: "00:00"
  # A real venue takes credentials by reference:
  # - id: 101-004-1234567-001      # an OANDA account id is the account's id
  #   venue: oanda
  #   environment: practice
  #   credentials:
  #     token: {env: OANDA_TOKEN}
  #   compliance: us-fx          # FIFO, no hedging
  # - id: binance-testnet
  #   venue: binance
  #   environment: testnet
  #   credentials:
  #     apiKey: {env: BINANCE_API_KEY}
  #     apiSecret: {file: ./secrets/binance.secret}

risk:
  # Limits for the whole system; per-account limits sit under each account's riskLimits.
  # Names: maxOrderNotional, maxPositionNotionalPerInstrument, maxPositionNotionalPerAccount,
  # maxPositionNotionalSystem, maxOpenOrders, maxConcurrentPositions, riskPerTrade, maxLeverage,
  # dailyLossLimit, maxDrawdown, submitRatePerSecond, ... (see src/engine/risk/limits.ts)
  global:
    maxOpenOrders: 1000

compliance:
  profile: none               # none | us-fx

# tradingHours: "America/New_York;Sun 17:00-Fri 17:00"   # absent: always open (accounts may set their own)

paper:
  seed: 42                    # the synthetic feed is reproducible from its seed
  tickIntervalMs: 250
  # latency: {kind: log-normal, medianMs: 20, p99Ms: 120}   # or {kind: fixed, ms: 5}, {kind: uniform, minMs, maxMs}
  fees:                       # fractions of notional; a negative maker fee is a rebate
    fx: {maker: "0", taker: "0"}
    crypto: {maker: "0.001", taker: "0.001"}
  slippage:
    levelSizeFactor: "1"      # scales the synthetic book's depth: "0.1" makes market orders walk ten times further
  # replay: {path: eurusd.jsonl, format: jsonl, speed: 1}   # a recording (docs/backtest.md) instead of the synthetic walk

api:
  host: 127.0.0.1             # loopback; any other address needs tls or insecure: true
  port: 8004
  rateLimitPerSecond: 200     # per token, unless the token has its own
  # tls: {certFile: ./tls/cert.pem, keyFile: ./tls/key.pem}

alerts:
  webhooks: []
  # - name: ops
  #   url: {env: OPS_WEBHOOK_URL}   # by reference ({env} or {file}): a URL like Slack's is a secret
  #   minSeverity: warning
  #   headers:
  #     Authorization: {env: OPS_WEBHOOK_AUTH}

store:
  kind: sqlite
  dataDir: ./data
  durability: process         # process: survives a crash; power: fsync, survives power loss
  # PostgreSQL instead (tokens, audit log and paper venue still keep their files in dataDir):
  # kind: postgres
  # url: {env: TMT_POSTGRES_URL}   # by reference: the URL carries the password
  # schema: tmt

logging:
  level: info
`;
