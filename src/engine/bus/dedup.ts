import type { BusEnvelope } from '../../core';

/**
 * What a consumer uses to see each message once in effect, though the bus delivers at least once: journaled
 * messages by (origin, seq, part), which only grow, so one high-water mark per origin suffices; the others
 * by id, remembered in a bounded window.
 */
export class Deduplicator {
  private readonly highWater = new Map<string, { seq: number; part: number }>();
  private readonly ids = new Set<string>();

  constructor(private readonly idWindow = 100_000) {}

  /** True the first time a message is seen; false for a duplicate (drop it). */
  firstTime(envelope: BusEnvelope): boolean {
    if (envelope.seq !== undefined) {
      const part = envelope.part ?? 0;
      const last = this.highWater.get(envelope.origin);
      if (last !== undefined && (envelope.seq < last.seq || (envelope.seq === last.seq && part <= last.part)))
        return false;
      this.highWater.set(envelope.origin, { seq: envelope.seq, part });
      return true;
    }
    if (envelope.id === undefined) return true;
    const key = `${envelope.origin}\u0000${envelope.id}`;
    if (this.ids.has(key)) return false;
    this.ids.add(key);
    if (this.ids.size > this.idWindow) {
      // Sets iterate in insertion order: the first one is the oldest.
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }

  /** The highest journal sequence seen from an origin (0: none). */
  lastSequence(origin: string): number {
    return this.highWater.get(origin)?.seq ?? 0;
  }
}
