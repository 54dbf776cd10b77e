import { createHash, randomUUID } from 'node:crypto';

import { decodeExact, type Broker, type BusEnvelope, type Consumption } from '../../core';

export interface AgentBusOptions {
  /** A connected broker (src/bus connectBroker), Redis Streams or NATS JetStream. */
  readonly broker: Broker;
  /**
   * The agent kind: instances with the same group share the event stream (consumer group: each event to one
   * instance, load balancing). Absent: this instance sees every event (fan-out).
   */
  readonly group?: string;
  /** Wait before another instance takes an event this one did not acknowledge (default 30 s). */
  readonly ackWaitMs?: number;
  /** How long a signal or heartbeat is retried while the broker is unreachable (default 60 s). */
  readonly sendTimeoutMs?: number;
}

/** The engine's client order id prefix for a signal's orders (see orchestrator/stages/execution-stage.ts). */
export function signalOrderPrefix(agentId: string, signalId: string): string {
  const digest = createHash('sha256').update(`${agentId}\u0000${signalId}`).digest('hex').slice(0, 24);
  return `sg-${digest}-`;
}

/**
 * The agent SDK's link over the bus instead of HTTP: registration, heartbeats and signals go to
 * `{prefix}:signals`; events come from `{prefix}:events`, as the same JSON the HTTP event stream sends
 * (decimals as strings), so the agent's own code does not change.
 */
export class AgentBusLink {
  private consumption: Consumption | undefined;

  constructor(
    private readonly options: AgentBusOptions,
    private readonly agentId: string,
  ) {}

  async register(): Promise<void> {
    await this.send('AgentRegistered', `reg.${Date.now()}`, {});
  }

  async heartbeat(responseTimeMs?: number): Promise<void> {
    await this.send(
      'AgentHeartbeat',
      `hb.${Date.now()}`,
      responseTimeMs === undefined ? {} : { responseTimeMs },
    );
  }

  /** Resolves once the broker holds the signal (it is persisted there); the engine takes it from there. */
  async signal(body: Record<string, unknown> & { clientSignalId: string }): Promise<void> {
    await this.send('Signal', body.clientSignalId, body);
  }

  /** Delivers events of the given types as the HTTP stream's text (`{"event": {...}}`). */
  async events(types: readonly string[], deliver: (text: string) => void): Promise<void> {
    const wanted = new Set(types);
    const handler = ({ envelope }: { envelope: BusEnvelope }) => {
      if (!wanted.has(envelope.type)) return;
      // Exact decimals in, plain strings out: the same shape the HTTP stream sends (Decimal.toJSON).
      deliver(JSON.stringify({ event: decodeExact(envelope.body) }));
    };
    const { broker, group, ackWaitMs } = this.options;
    this.consumption =
      group === undefined
        ? await broker.events.tail(handler)
        : await broker.events.consumeGroup(
            // Each instance a consumer of its own: they share the group's messages between them.
            {
              group,
              consumer: `${this.agentId}.${randomUUID().slice(0, 8)}`,
              types,
              ...(ackWaitMs === undefined ? {} : { ackWaitMs }),
            },
            handler,
          );
  }

  async close(): Promise<void> {
    await this.consumption?.stop();
  }

  /**
   * Retries through a broker outage (up to `sendTimeoutMs`): resending is safe, the engine takes a signal
   * once by its clientSignalId, and JetStream drops a resend with the same message id itself.
   */
  private async send(type: string, id: string, body: object): Promise<void> {
    const envelope = {
      v: 1 as const,
      origin: this.agentId,
      id,
      type,
      stream: 'system',
      at: Date.now(),
      body: JSON.stringify(body),
    };
    const deadline = Date.now() + (this.options.sendTimeoutMs ?? 60_000);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.options.broker.signals.publish([envelope]);
        return;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** Math.min(attempt, 6))));
      }
    }
  }
}
