/**
 * Dependencies point inward. `core` is the domain and imports nothing of ours; `shared` holds small
 * I/O-free helpers (backoff, token bucket, line splitting) usable by every outer layer.
 * See README "Architecture".
 */
const layer = (name) => `^src/${name}/`;
const forbid = (name, from, to, comment) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    forbid('core-is-pure', layer('core'), '^src/(?!core/)', 'core imports nothing of ours outside core'),
    forbid('shared-is-leaf', layer('shared'), '^src/(?!shared/|core/)', 'shared helpers import only core'),
    forbid('engine-inward', layer('engine'), '^src/(?!engine/|core/|shared/)', 'engine imports only core and shared'),
    forbid('store-inward', layer('store'), '^src/(?!store/|core/|shared/)', 'store imports only core and shared'),
    forbid('bus-inward', layer('bus'), '^src/(?!bus/|core/|shared/)', 'bus implementations (Redis, NATS) import only core and shared'),
    forbid('venues-inward', layer('venues'), '^src/(?!venues/|core/|shared/)', 'venue adapters import only core and shared (never a simulator)'),
    forbid('simulators-inward', layer('simulators'), '^src/(?!simulators/|core/|shared/)', 'simulators import only core and shared (never a venue adapter)'),
    forbid('venue-not-other-venue', '^src/venues/([^/]+)/', '^src/venues/(?!$1/|common/|fix/)', 'one venue adapter never imports another (shared protocol layers: common/, fix/)'),
    forbid('api-inward', layer('api'), '^src/(?!api/|engine/|core/|shared/)', 'api imports engine, core and shared'),
    forbid('orchestrator-inward', layer('orchestrator'), '^src/(?!orchestrator/|engine/|core/|shared/)', 'orchestrator imports engine and core'),
    forbid('dashboard-over-http', layer('dashboard'), '^src/(?!dashboard/|api/client|core/)', 'the dashboard talks to the api over HTTP only'),
    forbid('cli-outward-only', layer('cli'), '^src/(?!cli/|app/|api/client|core/|shared/|store/)', 'cli imports app, the api client, and the store for offline verification'),
    forbid('nothing-imports-app', '^src/(?!app/|cli/)', layer('app'), 'only the cli may import the composition root'),
    forbid('nothing-imports-cli', '^src/(?!cli/)', layer('cli'), 'nothing imports the cli'),
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.test\\.ts$|/fixtures/|src/dashboard/web/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
