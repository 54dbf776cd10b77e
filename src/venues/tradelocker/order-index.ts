/**
 * TradeLocker holds a client id (strategyId) on each order but does not keep it unique, so the adapter keeps
 * the pairing itself: what it sent, and what it has read back (orders and history rows). After a restart it
 * relearns from the venue's rows, and a lookup after a lost answer searches them by strategyId.
 */
export class OrderIndex {
  private readonly clientOf = new Map<string, string>();
  private readonly orderOf = new Map<string, string>();

  add(accountId: string, orderId: string, strategyId: string | undefined): void {
    if (strategyId === undefined) return;
    this.clientOf.set(orderId, strategyId);
    this.orderOf.set(`${accountId}|${strategyId}`, orderId);
  }

  clientId(orderId: string): string | undefined {
    return this.clientOf.get(orderId);
  }

  orderId(accountId: string, strategyId: string): string | undefined {
    return this.orderOf.get(`${accountId}|${strategyId}`);
  }
}
