import { encodeExact, type BusEnvelope, type EngineEvent, type JournalEntry } from '../../core';

/** The journal record type of a submit: one record holding OrderInitialized and OrderSubmitted. */
const SUBMIT_COMMAND = 'CommandSubmitOrder';

/**
 * Journal records as bus messages, carrying the journal sequence. A submit command becomes its two events
 * (parts 0 and 1) so that consumers see only events; every other record goes as it is, payload untouched.
 */
export function journalEnvelopes(origin: string, entry: JournalEntry): BusEnvelope[] {
  const base = { v: 1 as const, origin, seq: entry.sequence, stream: entry.stream, at: entry.recordedAt };
  if (entry.type === SUBMIT_COMMAND) {
    const parsed = JSON.parse(entry.payload) as { initialized?: unknown; submitted?: unknown };
    return [parsed.initialized, parsed.submitted]
      .filter((event) => event !== undefined)
      .map((event, part) => ({
        ...base,
        part,
        type: (event as { type: string }).type,
        body: JSON.stringify(event),
      }));
  }
  return [{ ...base, type: entry.type, body: entry.payload }];
}

/** A live (not journaled) event as a bus message, with a unique id instead of a sequence. */
export function liveEnvelope(origin: string, id: string, event: EngineEvent, now: number): BusEnvelope {
  const accountId = (event as { accountId?: string }).accountId;
  const occurredAt = (event as { occurredAt?: number }).occurredAt;
  return {
    v: 1,
    origin,
    id,
    type: event.type,
    stream: accountId ?? 'system',
    at: occurredAt ?? now,
    body: encodeExact(event),
  };
}
