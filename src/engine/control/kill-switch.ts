import type { AccountId, ClientOrderId, OrderRequest } from '../../core';
import { ClientOrderId as Cid, Quantity } from '../../core';
import type { EngineContext } from '../context';
import type { OrderEmulator } from '../emulation/emulator';
import type { Dispatcher } from '../execution/dispatcher';
import { errorText } from '../execution/venue-gateway';
import type { OrderEntry } from '../oms/order-cache';
import type { KillSwitchResult, SubmitOutcome } from '../trading-engine';

export type FlattenSubmit = (request: OrderRequest) => Promise<SubmitOutcome>;

/**
 * The kill switch. In order, synchronously up to the first venue answer: HALTED globally (every new submit is
 * denied from this instant, and submits still waiting for the journal are canceled before they leave);
 * emulated and held orders removed; a cancel dispatched for every open order on every venue. Then a sweep of
 * each venue's open orders catches any the engine did not know, and, when asked, positions are flattened
 * with reduce-only market orders (the only submits HALTED lets through). Leaving HALTED is an admin action.
 */
export class KillSwitch {
  private flattenSequence = 0;

  constructor(
    private readonly context: EngineContext,
    private readonly emulator: OrderEmulator,
    private readonly dispatcher: Dispatcher,
    private readonly flattenSubmit: FlattenSubmit,
  ) {}

  async engage(options: { flatten: boolean }, actor: string): Promise<KillSwitchResult> {
    const { context } = this;
    const { book, cache } = context;
    context.risk.setTradingState('global', 'HALTED', 'kill switch', actor);
    context.alert('kill-switch', 'critical', `kill switch engaged by ${actor}`, {
      details: { flatten: String(options.flatten), actor },
    });

    this.emulator.clear();
    let emulatedRemoved = 0;
    const atVenue: OrderEntry[] = [];
    for (const entry of [...cache.openEntries()]) {
      if (entry.hold !== undefined && !entry.released) {
        book.apply(
          entry,
          book.events.make(entry.order, 'OrderCanceled', {
            code: 'RISK_TRADING_HALTED',
            reason: 'kill switch',
          }),
        );
        emulatedRemoved++;
      } else if (entry.order.status !== 'initialized') {
        atVenue.push(entry);
      }
    }
    const failures: string[] = [];
    const cancels = atVenue.map((entry) =>
      this.dispatcher.sendCancel(entry, 'kill switch', 'RISK_TRADING_HALTED').catch((error: unknown) => {
        failures.push(`${entry.order.clientOrderId}: ${errorText(error)}`);
      }),
    );
    await Promise.all(cancels);
    const swept = await this.sweepVenues(failures);
    const flattenOrders = options.flatten ? await this.flatten(actor, failures) : 0;
    await context.journal.flush();
    return { canceled: atVenue.length + swept, emulatedRemoved, flattenOrders, failures };
  }

  /** Cancels whatever each venue still shows open (orders placed outside TMT, or reports not yet seen). */
  private async sweepVenues(failures: string[]): Promise<number> {
    let swept = 0;
    const { context } = this;
    for (const [accountId, venue] of context.accountVenues) {
      const gateway = context.gateways.get(venue);
      if (gateway === undefined) continue;
      try {
        const open = await gateway.client.openOrders(accountId);
        await Promise.all(
          open.map(async (report) => {
            if (report.venueClientOrderId === undefined) return;
            const known = context.cache.byVenueClientOrderId(report.venueClientOrderId);
            if (known !== undefined && known.order.status === 'canceled') return;
            swept++;
            const result = await gateway.cancel({
              accountId,
              instrumentId: report.instrumentId,
              venueClientOrderId: report.venueClientOrderId,
              venueOrderId: report.venueOrderId,
            });
            if (result.status === 'rejected') failures.push(`${report.venueOrderId}: ${result.reason}`);
          }),
        );
      } catch (error) {
        failures.push(`${accountId} sweep: ${errorText(error)}`);
      }
    }
    return swept;
  }

  private async flatten(actor: string, failures: string[]): Promise<number> {
    let sent = 0;
    const { context } = this;
    for (const position of context.portfolio.positions()) {
      const net = position.signedQuantity;
      if (net.isZero()) continue;
      const request: OrderRequest = {
        clientOrderId: this.flattenId(position.accountId),
        accountId: position.accountId,
        instrumentId: position.instrumentId,
        side: net.isPositive() ? 'sell' : 'buy',
        type: 'market',
        quantity: Quantity.of(net.abs()),
        timeInForce: 'IOC',
        postOnly: false,
        reduceOnly: true,
        tag: 'kill-switch',
      };
      try {
        const outcome = await this.flattenSubmit(request);
        if (outcome.status === 'accepted') sent++;
        else
          failures.push(`flatten ${position.instrumentId}: ${outcome.denial.code} ${outcome.denial.reason}`);
      } catch (error) {
        failures.push(`flatten ${position.instrumentId}: ${errorText(error)}`);
      }
    }
    context.logger.info({ actor, sent }, 'kill switch flatten done');
    return sent;
  }

  private flattenId(accountId: AccountId): ClientOrderId {
    this.flattenSequence++;
    const stamp = this.context.clock.now().toString(36);
    return Cid.parse(`ks-${stamp}-${this.flattenSequence}-${accountId}`.slice(0, 64));
  }
}
