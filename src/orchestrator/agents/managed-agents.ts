import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

import { TmtError, type CancelTimer, type Clock, type MessageBus } from '../../core';
import type { Logger } from '../../shared/logger';
import type { AgentRegistry } from './agent-registry';

export interface ManagedAgentSpec {
  readonly id: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly restart: {
    readonly initialDelayMs: number;
    readonly maxDelayMs: number;
    readonly maxRestarts: number;
    readonly windowMs: number;
  };
  readonly stopTimeoutMs: number;
}

interface Running {
  readonly spec: ManagedAgentSpec;
  child: ChildProcess | undefined;
  stopping: boolean;
  crashes: number[];
  pendingRestart: CancelTimer | undefined;
  exited: Promise<void>;
}

/** Backoff before the n-th consecutive restart (1-based): doubling from the initial delay, capped. */
export function restartDelay(spec: ManagedAgentSpec['restart'], attempt: number): number {
  return Math.min(spec.maxDelayMs, spec.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Agents declared in the configuration, run as child processes: restarted with backoff when they exit on
 * their own, given up on (with an alert) after too many restarts in a window, stopped gracefully (SIGTERM,
 * then SIGKILL after the stop timeout). Their output goes to the log, one line per entry.
 */
export class ManagedAgents {
  private readonly running = new Map<string, Running>();
  private environment: Readonly<Record<string, string>> = {};
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly specs: readonly ManagedAgentSpec[],
    private readonly registry: AgentRegistry,
    private readonly clock: Clock,
    private readonly bus: MessageBus,
    private readonly logger: Logger,
  ) {}

  /** Starts every declared agent; `environment` reaches each child (API URL, token), never the log. */
  startAll(environment: Readonly<Record<string, string>>): void {
    this.environment = environment;
    for (const spec of this.specs) this.start(spec);
  }

  /** The API token the agent's child receives as TMT_API_TOKEN (a secret: environment only, never logged). */
  setToken(agentId: string, token: string): void {
    this.tokens.set(agentId, token);
  }

  async restart(agentId: string): Promise<void> {
    const running = this.running.get(agentId);
    if (running === undefined)
      throw new TmtError('ORCH_AGENT_NOT_MANAGED', `agent ${agentId} is not managed`, { field: 'agentId' });
    await this.stopOne(running);
    running.crashes = [];
    this.start(running.spec);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((running) => this.stopOne(running)));
  }

  pid(agentId: string): number | undefined {
    return this.running.get(agentId)?.child?.pid;
  }

  private start(spec: ManagedAgentSpec): void {
    const previous = this.running.get(spec.id);
    const running: Running = previous ?? {
      spec,
      child: undefined,
      stopping: false,
      crashes: [],
      pendingRestart: undefined,
      exited: Promise.resolve(),
    };
    running.stopping = false;
    running.pendingRestart = undefined;
    this.running.set(spec.id, running);
    this.registry.register(spec.id, 'managed', false);
    const child = spawn(spec.command, [...spec.args], {
      env: {
        ...process.env,
        ...spec.env,
        ...this.environment,
        TMT_AGENT_ID: spec.id,
        ...(this.tokens.has(spec.id) ? { TMT_API_TOKEN: this.tokens.get(spec.id) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.child = child;
    if (child.pid !== undefined) this.registry.markProcess(spec.id, { pid: child.pid, stopped: false });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on('line', (line) =>
        this.logger.info({ agentId: spec.id, line }, 'agent output'),
      );
    }
    running.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.logger.error({ agentId: spec.id, err: error.message }, 'managed agent failed to start');
      });
      child.once('close', (code, signal) => {
        running.child = undefined;
        this.registry.markProcess(spec.id, { stopped: true });
        if (!running.stopping) this.crashed(running, code, signal);
        resolve();
      });
    });
  }

  private crashed(running: Running, code: number | null, signal: NodeJS.Signals | null): void {
    const { spec } = running;
    const now = this.clock.now();
    running.crashes = running.crashes.filter((at) => at > now - spec.restart.windowMs);
    running.crashes.push(now);
    const attempt = running.crashes.length;
    if (attempt > spec.restart.maxRestarts) {
      this.logger.error(
        { agentId: spec.id, code, signal, attempt },
        'managed agent exits too often: not restarted',
      );
      this.bus.publish({
        type: 'AlertRaised',
        alertId: `agent:${spec.id}:${now}`,
        kind: 'circuit-breaker',
        severity: 'critical',
        message: `managed agent ${spec.id} exited ${attempt} times in ${spec.restart.windowMs} ms: not restarted`,
        details: { agentId: spec.id, exitCode: String(code), signal: String(signal) },
        occurredAt: now,
      });
      return;
    }
    const delay = restartDelay(spec.restart, attempt);
    this.logger.warn(
      { agentId: spec.id, code, signal, attempt, delayMs: delay },
      'managed agent exited: restarting',
    );
    running.pendingRestart = this.clock.setTimeout(delay, () => {
      if (running.stopping) return;
      this.registry.markProcess(spec.id, { restarted: true });
      this.start(spec);
    });
  }

  private async stopOne(running: Running): Promise<void> {
    running.stopping = true;
    running.pendingRestart?.();
    running.pendingRestart = undefined;
    const child = running.child;
    if (child === undefined) return;
    child.kill('SIGTERM');
    // Real time on purpose: a child process lives in wall-clock time whatever clock the engine runs on.
    const kill = setTimeout(() => child.kill('SIGKILL'), running.spec.stopTimeoutMs);
    await running.exited;
    clearTimeout(kill);
  }
}
