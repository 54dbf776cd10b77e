import type { ApiClient } from './api';
import type { ViewData } from './view-data';
import { isRecord } from './wire';

export type Act = (done: string, action: () => Promise<unknown>) => Promise<void>;

/**
 * What an operator does from the views besides trading (accounts, limits, agents, breakers, dead letters).
 * Each goes through the controller's `act`: a notice with the outcome, then a refresh.
 */
export class OperatorActions {
  constructor(
    private readonly client: ApiClient,
    private readonly data: ViewData,
    private readonly act: Act,
  ) {}

  setAccountEnabled(accountId: string, enabled: boolean): Promise<void> {
    const verb = enabled ? 'enable' : 'disable';
    return this.act(`account ${accountId} ${verb}d`, () =>
      this.client.post(`/api/v1/accounts/${encodeURIComponent(accountId)}/${verb}`),
    );
  }

  /** An empty value removes the limit; a whole number replaces a number, anything else travels as text. */
  updateLimit(scope: string, key: string, value: string): Promise<void> {
    const current = this.data.risk?.limits;
    const held = isRecord(current)
      ? scope === 'global'
        ? current.global
        : isRecord(current.accounts)
          ? current.accounts[scope]
          : undefined
      : undefined;
    const wasNumber = isRecord(held) && typeof held[key] === 'number';
    const sent = value === '' ? null : wasNumber && /^\d+$/.test(value) ? Number(value) : value;
    return this.act(`limit ${key} of ${scope} saved`, () =>
      this.client.put('/api/v1/risk/limits', { scope, limits: { [key]: sent } }),
    );
  }

  agentAction(agentId: string, action: 'enable' | 'disable' | 'restart'): Promise<void> {
    return this.act(`agent ${agentId}: ${action} done`, () =>
      this.client.post(`/api/v1/agents/${encodeURIComponent(agentId)}/${action}`),
    );
  }

  resumeBreaker(id: string): Promise<void> {
    return this.act(`breaker ${id} resumed`, () =>
      this.client.post(`/api/v1/breakers/${encodeURIComponent(id)}/resume`),
    );
  }

  /** The orchestrator's emergency stop: signal intake closed, agents' orders stopped, kill switch fired. */
  signalsEmergencyStop(): Promise<void> {
    if (
      !window.confirm(
        'Emergency stop: close signal intake, stop the agents’ orders and fire the kill switch?',
      )
    )
      return Promise.resolve();
    return this.act('emergency stop: signal intake closed and trading halted', () =>
      this.client.post('/api/v1/signals/emergency-stop'),
    );
  }

  resumeSignals(): Promise<void> {
    return this.act('signal intake reopened', () => this.client.post('/api/v1/signals/resume'));
  }

  /** A price sets or moves the order, an empty field leaves it, "none" removes it. */
  changeTradeOrders(accountId: string, tradeId: string, takeProfit: string, stopLoss: string): Promise<void> {
    const change = (value: string) => (value === '' ? {} : value === 'none' ? null : value);
    const body: Record<string, unknown> = {};
    if (takeProfit !== '') body.takeProfit = change(takeProfit);
    if (stopLoss !== '') body.stopLoss = change(stopLoss);
    return this.act(`trade ${tradeId}: orders changed`, () =>
      this.client.patch(
        `/api/v1/accounts/${encodeURIComponent(accountId)}/trades/${encodeURIComponent(tradeId)}/orders`,
        body,
      ),
    );
  }

  closeTrade(accountId: string, tradeId: string, units: string): Promise<void> {
    return this.act(`trade ${tradeId}: close sent`, () =>
      this.client.post(
        `/api/v1/accounts/${encodeURIComponent(accountId)}/trades/${encodeURIComponent(tradeId)}/close`,
        units === '' ? {} : { units },
      ),
    );
  }

  /** The venue's own position close (FIFO-correct on US accounts). */
  closePositionAtVenue(accountId: string, instrumentId: string): Promise<void> {
    return this.act(`${instrumentId}: position close sent to the venue`, () =>
      this.client.post(
        `/api/v1/positions/${encodeURIComponent(accountId)}/${encodeURIComponent(instrumentId)}/close-at-venue`,
        {},
      ),
    );
  }

  resolveDeadLetter(id: string, action: 'retry' | 'discard'): Promise<void> {
    return this.act(`dead letter ${id}: ${action} done`, () =>
      this.client.post(`/api/v1/dead-letters/${encodeURIComponent(id)}/${action}`),
    );
  }
}
