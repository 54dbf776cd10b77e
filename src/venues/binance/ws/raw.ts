import type WebSocket from 'ws';

/** A WebSocket frame as text (ws hands over a Buffer, an ArrayBuffer or fragments). */
export function frameText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
