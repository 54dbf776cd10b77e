import type { MessageBus } from '../../core';
import type { AuditLog } from './audit-log';

const AUDITED_ALERTS = new Set(['kill-switch', 'risk-limit', 'circuit-breaker', 'drift', 'reconciliation']);

/**
 * Risk and kill-switch actions the engine takes by itself (a daily-loss trip to HALTED, a circuit breaker
 * opening) reach the audit log too, with the engine's actor. Changes made through the API are already
 * recorded by their route with the token as actor, so TradingStateChanged from a token is not recorded twice.
 */
export function auditEngineActions(bus: MessageBus, audit: AuditLog): () => void {
  const offState = bus.subscribe('TradingStateChanged', (event) => {
    if (event.actor.startsWith('token:')) return;
    audit.record({
      actor: event.actor,
      action: 'trading-state.changed',
      target: event.accountId ?? 'global',
      details: { previous: event.previous, current: event.current, reason: event.reason },
    });
  });
  const offAlert = bus.subscribe('AlertRaised', (event) => {
    if (!AUDITED_ALERTS.has(event.kind)) return;
    audit.record({
      actor: event.details.actor ?? 'system',
      action: `alert.${event.kind}`,
      target: event.accountId ?? event.venue ?? 'global',
      details: { severity: event.severity, message: event.message, ...event.details },
    });
  });
  return () => {
    offState();
    offAlert();
  };
}
