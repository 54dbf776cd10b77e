/** The envelope of every Advanced Trade WebSocket message. */
export interface CoinbaseMessage {
  readonly channel: string;
  readonly timestamp?: string;
  readonly sequence_num: number;
  readonly events: readonly Record<string, unknown>[];
}
