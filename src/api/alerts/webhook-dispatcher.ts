import { request } from 'undici';

import type { AlertRaised, AlertSeverity, Clock, MessageBus } from '../../core';
import { alertBody, type AlertFormat } from './alert-formats';
import type { Logger } from '../../shared/logger';

export interface WebhookTarget {
  readonly name: string;
  /** Possibly a secret (resolved from a reference): never logged, see redactUrl. */
  readonly url: string;
  /** Only alerts at or above this severity are sent. */
  readonly minSeverity: AlertSeverity;
  /** Extra headers (an auth header resolved from a secret reference); never logged. */
  readonly headers: Readonly<Record<string, string>>;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  /** The receiver's body format (default generic: TMT's own JSON). */
  readonly format?: AlertFormat;
  /** Telegram: the chat to post to. */
  readonly chatId?: string;
}

/**
 * A webhook URL may be its own credential (Slack's carries the key in its path), and error texts from the
 * HTTP client can quote it: only the target's name and the error, with the URL and its path cut out, are
 * ever logged.
 */
export function redactUrl(text: string, url: string): string {
  let out = text.split(url).join('[webhook url]');
  try {
    const { pathname, search } = new URL(url);
    if (pathname.length > 1) out = out.split(pathname).join('[redacted]');
    if (search.length > 1) out = out.split(search).join('[redacted]');
  } catch {
    // Not parseable: the whole-URL replacement above is all there is to do.
  }
  return out;
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
const BASE_DELAY_MS = 250;

/**
 * Sends every AlertRaised on the bus to the configured webhooks as a JSON POST. A failed delivery (network
 * error or non-2xx) is retried with exponential backoff up to maxAttempts; deliveries never block the bus.
 */
export class WebhookDispatcher {
  private readonly unsubscribe: () => void;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly cancelTimers = new Set<() => void>();
  private closed = false;

  constructor(
    bus: MessageBus,
    private readonly targets: readonly WebhookTarget[],
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = bus.subscribe('AlertRaised', (alert) => this.dispatch(alert));
  }

  private dispatch(alert: AlertRaised): void {
    for (const target of this.targets) {
      if (SEVERITY_RANK[alert.severity] < SEVERITY_RANK[target.minSeverity]) continue;
      const delivery = this.deliver(target, alert, 1).finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  private async deliver(target: WebhookTarget, alert: AlertRaised, attempt: number): Promise<void> {
    if (this.closed) return;
    const body = JSON.stringify(
      alertBody(
        target.format ?? 'generic',
        alert,
        attempt,
        target.chatId === undefined ? {} : { chatId: target.chatId },
      ),
    );
    try {
      const response = await request(target.url, {
        method: 'POST',
        headers: { ...target.headers, 'content-type': 'application/json' },
        body,
        headersTimeout: target.timeoutMs,
        bodyTimeout: target.timeoutMs,
      });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) return;
      throw new Error(`webhook answered ${response.statusCode}`);
    } catch (error) {
      const message = redactUrl(error instanceof Error ? error.message : String(error), target.url);
      if (attempt >= target.maxAttempts) {
        this.logger.error(
          { webhook: target.name, alertId: alert.alertId, attempts: attempt, error: message },
          'alert webhook delivery failed',
        );
        return;
      }
      this.logger.warn(
        { webhook: target.name, alertId: alert.alertId, attempt, error: message },
        'alert webhook delivery failed; retrying',
      );
      await this.wait(BASE_DELAY_MS * 2 ** (attempt - 1));
      await this.deliver(target, alert, attempt + 1);
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const abort = () => {
        cancelTimer();
        resolve();
      };
      const cancelTimer = this.clock.setTimeout(ms, () => {
        this.cancelTimers.delete(abort);
        resolve();
      });
      this.cancelTimers.add(abort);
    });
  }

  /** Stops taking alerts and waits for deliveries under way (pending retries are dropped). */
  async close(): Promise<void> {
    this.unsubscribe();
    this.closed = true;
    for (const cancel of this.cancelTimers) cancel();
    await Promise.allSettled([...this.inFlight]);
  }
}
