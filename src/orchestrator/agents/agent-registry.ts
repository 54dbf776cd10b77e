import {
  Decimal,
  TmtError,
  type AgentHealthState,
  type AgentKind,
  type AgentView,
  type Clock,
  type Timestamp,
} from '../../core';

export interface AgentRegistryOptions {
  /** The seed's AGENT_HEALTH_CHECK_INTERVAL: 30 s. */
  readonly heartbeatIntervalMs?: number;
  /** Heartbeats an agent may miss before it is unhealthy (default 2). */
  readonly missedHeartbeats?: number;
  /** The seed's AGENT_STARTUP_TIMEOUT: 60 s from registration to the first heartbeat. */
  readonly startupTimeoutMs?: number;
  /** Results kept per agent for its error rate. */
  readonly errorWindow?: number;
}

interface AgentEntry {
  readonly agentId: string;
  kind: AgentKind;
  enabled: boolean;
  registeredAt: Timestamp;
  lastSeenAt: Timestamp | undefined;
  lastSignalAt: Timestamp | undefined;
  responseTimes: number[];
  results: boolean[];
  restarts: number;
  pid: number | undefined;
  stopped: boolean;
}

const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Who may send signals, and whether they are alive: health is derived from the clock at every read. */
export class AgentRegistry {
  private readonly agents = new Map<string, AgentEntry>();
  private readonly interval: number;
  private readonly missed: number;
  private readonly startupTimeout: number;
  private readonly errorWindow: number;

  constructor(
    private readonly clock: Clock,
    options: AgentRegistryOptions = {},
  ) {
    this.interval = options.heartbeatIntervalMs ?? 30_000;
    this.missed = options.missedHeartbeats ?? 2;
    this.startupTimeout = options.startupTimeoutMs ?? 60_000;
    this.errorWindow = options.errorWindow ?? 50;
  }

  /** Registers (or re-registers) an agent; a registration counts as being seen, except for a managed start. */
  register(agentId: string, kind: AgentKind, seen = true): AgentView {
    if (!AGENT_ID.test(agentId))
      throw new TmtError(
        'API_VALIDATION',
        `agentId must be 1-64 of [A-Za-z0-9._:-], found ${JSON.stringify(agentId)}`,
        { field: 'agentId' },
      );
    const now = this.clock.now();
    const existing = this.agents.get(agentId);
    if (existing !== undefined) {
      // An external process cannot take over the name of a managed or built-in agent.
      // A managed agent's child registers itself over HTTP as any agent would: that is its first sign of life.
      const ownChild = existing.kind === 'managed' && kind === 'external';
      if (existing.kind !== kind && existing.kind !== 'external' && !ownChild)
        throw new TmtError(
          'API_CONFLICT',
          `agent ${agentId} is ${existing.kind}; it cannot register as ${kind}`,
          { field: 'agentId' },
        );
      if (!ownChild) existing.stopped = false;
      if (seen) existing.lastSeenAt = now;
      else {
        existing.registeredAt = now;
        existing.lastSeenAt = undefined;
      }
      return this.view(existing);
    }
    const entry: AgentEntry = {
      agentId,
      kind,
      enabled: true,
      registeredAt: now,
      lastSeenAt: seen ? now : undefined,
      lastSignalAt: undefined,
      responseTimes: [],
      results: [],
      restarts: 0,
      pid: undefined,
      stopped: false,
    };
    this.agents.set(agentId, entry);
    return this.view(entry);
  }

  heartbeat(agentId: string, responseTimeMs?: number): AgentView {
    const entry = this.entry(agentId);
    entry.lastSeenAt = this.clock.now();
    if (responseTimeMs !== undefined && Number.isFinite(responseTimeMs) && responseTimeMs >= 0) {
      entry.responseTimes.push(responseTimeMs);
      if (entry.responseTimes.length > 20) entry.responseTimes.shift();
    }
    return this.view(entry);
  }

  setEnabled(agentId: string, enabled: boolean): AgentView {
    const entry = this.entry(agentId);
    entry.enabled = enabled;
    return this.view(entry);
  }

  /** Throws the code that says why this agent's signals are refused, if they are. */
  checkMaySignal(agentId: string): void {
    const entry = this.agents.get(agentId);
    if (entry === undefined)
      throw new TmtError(
        'ORCH_AGENT_UNKNOWN',
        `agent ${agentId} is not registered: register it first (POST /agents)`,
        { field: 'agentId' },
      );
    const health = this.health(entry);
    if (health === 'disabled')
      throw new TmtError('ORCH_AGENT_DISABLED', `agent ${agentId} is disabled`, { field: 'agentId' });
    if (health !== 'healthy')
      throw new TmtError(
        'ORCH_AGENT_UNHEALTHY',
        `agent ${agentId} is ${health}: last seen ${this.sinceSeen(entry) ?? 'never'} ms ago`,
        {
          field: 'agentId',
        },
      );
  }

  /** A signal from the agent counts as being seen, and its result feeds the error rate. */
  recordSignal(agentId: string, ok: boolean): void {
    const entry = this.agents.get(agentId);
    if (entry === undefined) return;
    const now = this.clock.now();
    entry.lastSignalAt = now;
    entry.lastSeenAt = now;
    entry.results.push(ok);
    if (entry.results.length > this.errorWindow) entry.results.shift();
  }

  markProcess(agentId: string, change: { pid?: number; stopped?: boolean; restarted?: boolean }): void {
    const entry = this.entry(agentId);
    if (change.pid !== undefined) entry.pid = change.pid;
    if (change.stopped !== undefined) entry.stopped = change.stopped;
    if (change.restarted === true) entry.restarts++;
  }

  get(agentId: string): AgentView | undefined {
    const entry = this.agents.get(agentId);
    return entry === undefined ? undefined : this.view(entry);
  }

  list(): readonly AgentView[] {
    return [...this.agents.values()].map((entry) => this.view(entry));
  }

  private entry(agentId: string): AgentEntry {
    const entry = this.agents.get(agentId);
    if (entry === undefined)
      throw new TmtError('ORCH_AGENT_UNKNOWN', `agent ${agentId} is not registered`, { field: 'agentId' });
    return entry;
  }

  private sinceSeen(entry: AgentEntry): number | undefined {
    return entry.lastSeenAt === undefined ? undefined : this.clock.now() - entry.lastSeenAt;
  }

  private health(entry: AgentEntry): AgentHealthState {
    if (!entry.enabled) return 'disabled';
    if (entry.stopped) return 'stopped';
    if (entry.kind === 'built-in') return 'healthy';
    const since = this.sinceSeen(entry);
    if (since === undefined)
      return this.clock.now() - entry.registeredAt <= this.startupTimeout ? 'starting' : 'unhealthy';
    return since <= this.interval * this.missed ? 'healthy' : 'unhealthy';
  }

  private view(entry: AgentEntry): AgentView {
    const since = this.sinceSeen(entry);
    const errors = entry.results.filter((ok) => !ok).length;
    const rate =
      entry.results.length === 0
        ? '0'
        : Decimal.fromInteger(errors)
            .div(Decimal.fromInteger(entry.results.length), 4, 'half-even')
            .toString();
    const response =
      entry.responseTimes.length === 0
        ? undefined
        : entry.responseTimes.reduce((a, b) => a + b, 0) / entry.responseTimes.length;
    return {
      agentId: entry.agentId,
      kind: entry.kind,
      enabled: entry.enabled,
      health: this.health(entry),
      registeredAt: entry.registeredAt,
      ...(entry.lastSeenAt === undefined ? {} : { lastSeenAt: entry.lastSeenAt }),
      ...(since === undefined ? {} : { sinceLastSeenMs: since }),
      ...(response === undefined ? {} : { responseTimeMs: response }),
      errorRate: rate,
      ...(entry.lastSignalAt === undefined ? {} : { lastSignalAt: entry.lastSignalAt }),
      restarts: entry.restarts,
      ...(entry.pid === undefined ? {} : { pid: entry.pid }),
    };
  }
}
