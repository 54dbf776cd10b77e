import type { AccountId, ClientOrderId, OrderRequest, VenueName } from '../../core';
import { ClientOrderId as Cid, Quantity } from '../../core';
import type { EngineContext } from '../context';
import type { OrderEmulator } from '../emulation/emulator';
import type { Dispatcher } from '../execution/dispatcher';
import { errorText } from '../execution/venue-gateway';
import type { OrderEntry } from '../oms/order-cache';
import type { KillSwitchOptions, KillSwitchProgress, KillSwitchResult, SubmitOutcome } from '../trading-engine';
import { detach } from '../detach';
import { CANCEL_CONCURRENCY, KillCancels, pool } from './kill-cancels';

export type FlattenSubmit = (request: OrderRequest) => Promise<SubmitOutcome>;

const DEFAULT_WAIT_MS = 10_000;

/**
 * The kill switch. In order, synchronously up to the first venue answer: HALTED globally (every new submit is
 * denied from this instant, and submits still waiting for the journal are canceled before they leave);
 * emulated and held orders removed; cancels dispatched for every open order, all venues at once, each venue
 * concurrently up to its rate limit and in batches where it cancels in batches. A cancel refused by a rate
 * limit or ban is sent again after the venue's wait until the order is canceled or gone. Then a sweep of each
 * venue's open orders catches any the engine did not know, and, when asked, positions are flattened with
 * reduce-only market orders (the only submits HALTED lets through). The call returns when all is done or
 * after `waitMs`, naming what is still open; the retries go on. Leaving HALTED is an admin action.
 */
export class KillSwitch {
  private flattenSequence = 0;

  constructor(
    private readonly context: EngineContext,
    private readonly emulator: OrderEmulator,
    private readonly dispatcher: Dispatcher,
    private readonly flattenSubmit: FlattenSubmit,
  ) {}

  async engage(options: KillSwitchOptions, actor: string): Promise<KillSwitchResult> {
    const { context } = this;
    const { book, cache } = context;
    context.risk.setTradingState('global', 'HALTED', 'kill switch', actor);
    context.alert('kill-switch', 'critical', `kill switch engaged by ${actor}`, {
      details: { flatten: String(options.flatten), actor },
    });

    this.emulator.clear();
    let emulatedRemoved = 0;
    const byVenue = new Map<VenueName, OrderEntry[]>();
    let total = 0;
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
        const list = byVenue.get(entry.venue);
        if (list === undefined) byVenue.set(entry.venue, [entry]);
        else list.push(entry);
        total++;
      }
    }
    const failures: string[] = [];
    let canceled = 0;
    let phase: KillSwitchProgress['phase'] = 'halted';
    const report = (next?: KillSwitchProgress['phase']) => {
      if (next !== undefined) phase = next;
      options.onProgress?.({ phase, total, canceled, failures: failures.length });
    };
    report();
    const counted = new Set<OrderEntry>();
    const cancels = new KillCancels(context, this.dispatcher, {
      onCanceled: (entry) => {
        if (entry !== undefined && counted.has(entry)) return;
        if (entry !== undefined) counted.add(entry);
        canceled++;
        report();
      },
      onFailure: (text) => {
        failures.push(text);
        report();
      },
    });
    report('canceling');
    const work = Promise.all(
      [...byVenue].map(async ([venue, entries]) => {
        const gateway = context.gateways.get(venue);
        if (gateway !== undefined) await cancels.cancelAtVenue(gateway, entries);
      }),
    )
      .then(() => {
        report('sweeping');
        return this.sweepVenues(cancels, failures);
      })
      .then(() => true);
    const finished = await this.within(work, options.waitMs ?? DEFAULT_WAIT_MS);
    const flattenOrders = options.flatten ? await this.flatten(actor, failures) : 0;
    await context.journal.flush();
    const stillOpen = this.stillOpen();
    if (!finished) {
      context.alert(
        'kill-switch',
        'critical',
        `kill switch: ${stillOpen.length} order(s) still open at venues; cancels keep retrying`,
        { details: { stillOpen: stillOpen.slice(0, 50).join(','), actor } },
      );
      detach(
        work.then(() => {
          context.alert('kill-switch', 'info', 'kill switch: every cancel completed', { details: { actor } });
          report('done');
        }),
        context.logger,
        'kill switch cancels',
      );
    } else report('done');
    return { canceled, emulatedRemoved, flattenOrders, failures: [...failures], stillOpen };
  }

  /** Orders the engine still holds open at a venue (the operator's list while cancels retry). */
  private stillOpen(): string[] {
    const out: string[] = [];
    for (const entry of this.context.cache.openEntries()) {
      if (entry.order.status !== 'initialized') out.push(entry.order.clientOrderId);
    }
    return out;
  }

  private within(work: Promise<boolean>, waitMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const cancel = this.context.clock.setTimeout(waitMs, () => resolve(false));
      work.then(
        () => {
          cancel();
          resolve(true);
        },
        (error: unknown) => {
          cancel();
          this.context.logger.error({ err: error }, 'kill switch cancels failed');
          resolve(true);
        },
      );
    });
  }

  /** Cancels whatever each venue still shows open (orders placed outside TMT, or reports not yet seen). */
  private async sweepVenues(cancels: KillCancels, failures: string[]): Promise<void> {
    const { context } = this;
    await Promise.all(
      [...context.accountVenues].map(async ([accountId, venue]) => {
        const gateway = context.gateways.get(venue);
        if (gateway === undefined) return;
        try {
          const open = await cancels.retrying(() => gateway.client.openOrders(accountId), `${accountId} open orders`);
          const unknown = open.filter((report) => {
            if (report.venueClientOrderId === undefined) return false;
            const known = context.cache.byVenueClientOrderId(report.venueClientOrderId);
            return known === undefined || !known.order.isTerminal();
          });
          await pool(unknown, CANCEL_CONCURRENCY, async (report) => {
            const known =
              report.venueClientOrderId === undefined
                ? undefined
                : context.cache.byVenueClientOrderId(report.venueClientOrderId);
            if (known !== undefined) await cancels.cancelOne(gateway, known);
            else await cancels.cancelUnknown(gateway, report, accountId);
          });
        } catch (error) {
          failures.push(`${accountId} sweep: ${errorText(error)}`);
        }
      }),
    );
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
