/**
 * A set of callbacks with subscribe-returns-unsubscribe, as every venue client's report and connection streams
 * need. A handler removed while an emit is under way is not called by it if its turn has not come yet.
 */
export class Listeners<T> {
  private readonly handlers = new Set<(value: T) => void>();

  add(handler: (value: T) => void): () => void {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  emit(value: T): void {
    for (const handler of this.handlers) handler(value);
  }

  get size(): number {
    return this.handlers.size;
  }
}
