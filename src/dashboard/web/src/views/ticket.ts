import { html, nothing, type TemplateResult } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import {
  ORDER_TYPES,
  TIME_IN_FORCE,
  requiresPrice,
  requiresTrigger,
  type OrderType,
} from '../../../../core/orders/types';
import type { Controller } from '../controller';
import { formatExact, formatPrice } from '../format';

/** What the ticket remembers between renders; the typed values live in the inputs themselves. */
export class TicketModel {
  instrumentId = '';
  accountId = '';
  side: 'buy' | 'sell' = 'buy';
  type: OrderType = 'market';
  timeInForce = 'IOC';
  sending = false;

  /** A new instrument: the account goes back to the default for it. */
  pick(instrumentId: string): void {
    this.instrumentId = instrumentId;
    this.accountId = '';
  }
}

export function ticketView(controller: Controller, model: TicketModel, rerender: () => void): TemplateResult {
  const state = controller.state;
  const instruments = [...state.instruments.values()].sort((a, b) => a.id.localeCompare(b.id));
  const accounts = [...state.accounts.values()];
  if (model.instrumentId === '' && instruments[0] !== undefined) model.instrumentId = instruments[0].id;
  const instrument = state.instruments.get(model.instrumentId);
  const venueAccounts = accounts.filter(
    (a) => instrument === undefined || a.venue === '' || a.venue === instrument.venue,
  );
  if (!venueAccounts.some((a) => a.accountId === model.accountId)) {
    // Accounts do not list their instruments: an account kept in the quote currency is the likely home.
    const home = venueAccounts.find(
      (a) => a.baseCurrency !== '' && a.baseCurrency === instrument?.quoteCurrency,
    );
    model.accountId = (home ?? venueAccounts[0])?.accountId ?? '';
  }
  const quote = state.quotes.get(model.instrumentId);
  const halted = state.tradingState === 'HALTED';

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    model.sending = true;
    rerender();
    await controller.submitOrder({
      accountId: model.accountId,
      instrumentId: model.instrumentId,
      side: model.side,
      type: model.type,
      quantity: field('quantity'),
      price: requiresPrice(model.type) ? field('price') : '',
      triggerPrice: requiresTrigger(model.type) ? field('triggerPrice') : '',
      timeInForce: model.timeInForce,
    });
    model.sending = false;
    rerender();
  };
  const set = (apply: (value: string) => void) => (event: Event) => {
    apply((event.currentTarget as HTMLInputElement | HTMLSelectElement).value);
    rerender();
  };
  const last = state.lastTicketOrder === undefined ? undefined : state.orders.get(state.lastTicketOrder);

  return html`<section class="panel ticket" data-testid="order-ticket">
    <h2>Order ticket</h2>
    <form @submit=${submit}>
      <div class="side-toggle" role="radiogroup" aria-label="side">
        ${(['buy', 'sell'] as const).map(
          (side) =>
            html`<button
              type="button"
              role="radio"
              aria-checked=${model.side === side}
              class="side-${side} ${model.side === side ? 'on' : ''}"
              @click=${() => ((model.side = side), rerender())}
              data-testid="ticket-side-${side}"
            >
              ${side === 'buy' ? 'Buy' : 'Sell'}
            </button>`,
        )}
      </div>
      <label
        >Instrument
        <select
          name="instrumentId"
          .value=${live(model.instrumentId)}
          @change=${set((v) => model.pick(v))}
          data-testid="ticket-instrument"
        >
          ${instruments.map((i) => html`<option value=${i.id} ?selected=${i.id === model.instrumentId}>${i.id}</option>`)}
        </select>
      </label>
      <label
        >Account
        <select
          name="accountId"
          .value=${live(model.accountId)}
          @change=${set((v) => (model.accountId = v))}
          data-testid="ticket-account"
        >
          ${venueAccounts.map((a) => html`<option value=${a.accountId} ?selected=${a.accountId === model.accountId}>${a.accountId}</option>`)}
        </select>
      </label>
      <div class="row">
        <label
          >Type
          <select
            name="type"
            .value=${live(model.type)}
            @change=${set((v) => {
              model.type = v as OrderType;
              model.timeInForce = v === 'market' ? 'IOC' : 'GTC';
            })}
            data-testid="ticket-type"
          >
            ${ORDER_TYPES.filter((t) => t !== 'trailing-stop').map((t) => html`<option value=${t} ?selected=${t === model.type}>${t}</option>`)}
          </select>
        </label>
        <label
          >Time in force
          <select
            name="timeInForce"
            .value=${live(model.timeInForce)}
            @change=${set((v) => (model.timeInForce = v))}
            data-testid="ticket-tif"
          >
            ${TIME_IN_FORCE.filter((t) => t !== 'GTD').map((t) => html`<option value=${t} ?selected=${t === model.timeInForce}>${t}</option>`)}
          </select>
        </label>
      </div>
      <label
        >Quantity
        <input
          name="quantity"
          inputmode="decimal"
          autocomplete="off"
          required
          placeholder=${instrument === undefined ? '' : `min ${formatExact(instrument.minQuantity)}, step ${formatExact(instrument.sizeIncrement)}`}
          data-testid="ticket-quantity"
        />
      </label>
      <div class="row">
        <label class=${requiresPrice(model.type) ? '' : 'off'}
          >Limit price
          <input
            name="price"
            inputmode="decimal"
            autocomplete="off"
            ?disabled=${!requiresPrice(model.type)}
            ?required=${requiresPrice(model.type)}
            placeholder=${instrument === undefined ? '' : `tick ${formatExact(instrument.priceIncrement)}`}
            data-testid="ticket-price"
          />
        </label>
        <label class=${requiresTrigger(model.type) ? '' : 'off'}
          >Trigger price
          <input
            name="triggerPrice"
            inputmode="decimal"
            autocomplete="off"
            ?disabled=${!requiresTrigger(model.type)}
            ?required=${requiresTrigger(model.type)}
            data-testid="ticket-trigger"
          />
        </label>
      </div>
      <p class="quote-line muted">
        ${quote === undefined ? 'no quote yet' : html`bid <span class="bid" data-testid="ticket-bid">${formatPrice(quote.bid, instrument?.priceIncrement)}</span> · ask <span class="ask" data-testid="ticket-ask">${formatPrice(quote.ask, instrument?.priceIncrement)}</span>`}
      </p>
      <button
        type="submit"
        class=${halted ? 'halted' : `primary side-${model.side}`}
        ?disabled=${model.sending || halted || model.accountId === ''}
        data-testid="ticket-submit"
      >
        ${halted ? 'Trading halted' : `${model.side === 'buy' ? 'Buy' : 'Sell'} ${model.instrumentId}`}
      </button>
      ${
        last === undefined
          ? nothing
          : html`<p
              class="ticket-status"
              data-testid="ticket-status"
              data-order-id=${last.clientOrderId}
              data-status=${last.status}
            >
              <span class="mono">${last.clientOrderId}</span>
              <span class="status status-${last.status}">${last.status}</span>
              ${last.reason === undefined ? nothing : html`<span class="muted">${last.reason}</span>`}
            </p>`
      }
    </form>
  </section>`;
}
