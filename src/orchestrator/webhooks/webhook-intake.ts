import { createHash, timingSafeEqual } from 'node:crypto';

import {
  isTmtError,
  TmtError,
  type Clock,
  type SignalSubmitResult,
  type Timestamp,
  type WebhookAlertInput,
} from '../../core';
import type { Orchestrator } from '../orchestrator';
import { fillTemplate, lookup } from './template';

export interface WebhookSpec {
  readonly name: string;
  /** The resolved secret (never logged, never echoed). */
  readonly secret: string;
  readonly agentId: string;
  readonly template: Readonly<Record<string, unknown>>;
  readonly idField: string;
  readonly allowlist?: readonly string[];
}

/** One alert as received, accepted or refused, with the reason: the webhook's own trace. */
export interface AlertRecord {
  readonly webhook: string;
  readonly receivedAt: Timestamp;
  readonly sourceAddress: string;
  readonly accepted: boolean;
  readonly reason: string;
  readonly code?: string;
  readonly signalId?: string;
}

const MAX_ALERTS = 1_000;
const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * TradingView-style alert webhooks. Senders cannot set headers, so each webhook has a secret in its path or
 * the body's `secret` field, compared in constant time; the alert's id (or time) is the replay key and the
 * signal's idempotency key; a template maps the alert to a signal, which then takes the normal intake.
 */
export class WebhookIntake {
  private readonly specs: ReadonlyMap<string, WebhookSpec>;
  private readonly log: AlertRecord[] = [];

  constructor(
    specs: readonly WebhookSpec[],
    private readonly orchestrator: Orchestrator,
    private readonly clock: Clock,
  ) {
    this.specs = new Map(specs.map((spec) => [spec.name, spec]));
    for (const spec of specs) orchestrator.registry.register(spec.agentId, 'built-in');
  }

  alerts(name?: string): readonly AlertRecord[] {
    return name === undefined ? [...this.log] : this.log.filter((record) => record.webhook === name);
  }

  async receive(alert: WebhookAlertInput): Promise<SignalSubmitResult> {
    const spec = this.specs.get(alert.name);
    try {
      if (spec === undefined)
        throw new TmtError('ORCH_WEBHOOK_UNKNOWN', `no alert webhook ${alert.name}`, { field: 'name' });
      const result = await this.process(spec, alert);
      this.record(alert, {
        accepted: true,
        reason: result.existing ? 'duplicate' : 'signal taken',
        signalId: result.record.signal.signalId,
      });
      return result;
    } catch (error) {
      const code = isTmtError(error) ? error.code : 'API_INTERNAL';
      this.record(alert, {
        accepted: false,
        reason: error instanceof Error ? error.message : String(error),
        code,
      });
      throw error;
    }
  }

  private async process(spec: WebhookSpec, alert: WebhookAlertInput): Promise<SignalSubmitResult> {
    if (spec.allowlist !== undefined && !spec.allowlist.includes(alert.sourceAddress))
      throw new TmtError(
        'ORCH_WEBHOOK_SOURCE',
        `sender ${alert.sourceAddress} is not in the allowlist of ${spec.name}`,
      );
    const body = parseBody(alert.body);
    const presented = alert.pathSecret ?? (typeof body.secret === 'string' ? body.secret : undefined);
    // Digests of equal length, so that the comparison takes the same time whatever was presented.
    if (
      presented === undefined ||
      spec.secret === '' ||
      !timingSafeEqual(digest(presented), digest(spec.secret))
    )
      throw new TmtError('ORCH_WEBHOOK_SECRET', `the secret of webhook ${spec.name} is missing or wrong`, {
        field: 'secret',
      });
    const key = lookup(body, spec.idField, alert.rawBody);
    if (typeof key !== 'string' && typeof key !== 'number')
      throw new TmtError(
        'ORCH_WEBHOOK_TEMPLATE',
        `the alert needs ${spec.idField} (its id or time) to refuse replays`,
        {
          field: spec.idField,
        },
      );
    const signalId = replayId(spec.name, String(key));
    if (this.orchestrator.signal(signalId) !== undefined)
      throw new TmtError(
        'ORCH_WEBHOOK_REPLAY',
        `alert ${String(key)} of webhook ${spec.name} was already received`,
        {
          field: spec.idField,
        },
      );
    const { secret: _secret, ...visible } = body;
    const mapped = fillTemplate(spec.template, visible, alert.rawBody) as Record<string, unknown>;
    return this.orchestrator.submitSignal(
      { ...mapped, clientSignalId: signalId, agentId: spec.agentId },
      'webhook',
      `webhook:${spec.name}`,
    );
  }

  private record(
    alert: WebhookAlertInput,
    outcome: Omit<AlertRecord, 'webhook' | 'receivedAt' | 'sourceAddress'>,
  ): void {
    this.log.push({
      webhook: alert.name,
      receivedAt: this.clock.now(),
      sourceAddress: alert.sourceAddress,
      ...outcome,
    });
    if (this.log.length > MAX_ALERTS) this.log.shift();
  }
}

/** A JSON object, or plain text (which may itself be JSON: TradingView sends JSON as text/plain). */
function parseBody(body: unknown): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return body as Record<string, unknown>;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // plain text: the template reads it as {{text}}
    }
    return {};
  }
  return {};
}

/** The signal id for an alert key: readable when it fits the id alphabet, hashed when it does not. */
function replayId(name: string, key: string): string {
  const readable = `wh.${name}.${key}`;
  if (/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(readable)) return readable;
  return `wh.${name}.${createHash('sha256').update(key).digest('hex').slice(0, 32)}`.slice(0, 64);
}
