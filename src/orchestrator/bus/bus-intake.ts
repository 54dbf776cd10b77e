import { TmtError, type Broker, type BrokerDelivery, type Consumption } from '../../core';
import { silentLogger, type Logger } from '../../shared/logger';
import type { Orchestrator } from '../orchestrator';

export interface BusIntakeOptions {
  readonly broker: Broker;
  readonly orchestrator: Pick<Orchestrator, 'registerAgent' | 'heartbeat' | 'submitSignal'>;
  /** The consumer group; one per engine, so each engine sees every signal (it trades its own accounts). */
  readonly group: string;
  readonly consumer: string;
  readonly ackWaitMs?: number;
  readonly logger?: Logger;
}

/**
 * Signals, registrations and heartbeats from agents in other processes, read from `{prefix}:signals` with a
 * consumer group. A signal is idempotent by its clientSignalId (the orchestrator's intake), so a redelivered
 * or duplicated message never makes a second order. A refusal that will not change (bad input, unknown
 * agent) is acknowledged and logged; a retryable failure is thrown so the broker redelivers it.
 */
export class BusIntake {
  private consumption: Consumption | undefined;
  private readonly logger: Logger;
  readonly stats = { signals: 0, duplicates: 0, refused: 0, heartbeats: 0 };

  constructor(private readonly options: BusIntakeOptions) {
    this.logger = options.logger ?? silentLogger();
  }

  async start(): Promise<void> {
    const { broker, group, consumer, ackWaitMs } = this.options;
    this.consumption = await broker.signals.consumeGroup(
      { group, consumer, ...(ackWaitMs === undefined ? {} : { ackWaitMs }) },
      (delivery) => this.receive(delivery),
    );
  }

  async stop(): Promise<void> {
    await this.consumption?.stop();
    this.consumption = undefined;
  }

  private async receive({ envelope }: BrokerDelivery): Promise<void> {
    const { orchestrator } = this.options;
    const agentId = envelope.origin;
    try {
      switch (envelope.type) {
        case 'AgentRegistered':
          orchestrator.registerAgent(agentId, `bus:${agentId}`);
          return;
        case 'AgentHeartbeat': {
          const body = parseBody(envelope.body);
          const responseTime = typeof body.responseTimeMs === 'number' ? body.responseTimeMs : undefined;
          this.stats.heartbeats++;
          orchestrator.heartbeat(agentId, responseTime);
          return;
        }
        case 'Signal': {
          const input = parseBody(envelope.body);
          if (input.agentId !== undefined && input.agentId !== agentId)
            throw new TmtError(
              'API_VALIDATION',
              `signal agentId ${JSON.stringify(input.agentId)} differs from the sender ${agentId}`,
              {
                field: 'agentId',
              },
            );
          const result = await orchestrator.submitSignal({ ...input, agentId }, 'bus', `agent:${agentId}`);
          if (result.existing) this.stats.duplicates++;
          else this.stats.signals++;
          return;
        }
        default:
          this.logger.warn(
            { type: envelope.type, agentId },
            'unknown message type on the signals stream: skipped',
          );
      }
    } catch (error) {
      if (error instanceof TmtError && !error.retryable) {
        this.stats.refused++;
        this.logger.warn({ err: error.toJSON(), agentId, type: envelope.type }, 'bus message refused');
        return;
      }
      throw error;
    }
  }
}

function parseBody(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new TmtError('STORE_BROKER_MESSAGE_INVALID', 'bus message field body is not JSON', {
      field: 'body',
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new TmtError('STORE_BROKER_MESSAGE_INVALID', 'bus message field body must be a JSON object', {
      field: 'body',
    });
  return parsed as Record<string, unknown>;
}
