import { readFileSync } from 'node:fs';
const { messages } = JSON.parse(readFileSync('/tmp/h3/binance-rec2.json', 'utf8')) as { messages: string[] };
const cpu = (name: string, fn: () => void) => { const t0 = process.cpuUsage(); for (let p = 0; p < 30; p++) fn(); const u = process.cpuUsage(t0); console.log(name, ((u.user + u.system) / (30 * messages.length)).toFixed(2)); };
let sink = 0;
function charLoop(t: string): number { let s = 0; for (let i = 0; i < t.length; i++) s += t.charCodeAt(i); return s; }
function digitLoop(t: string): number { let m = 0; for (let i = 0; i < t.length; i++) { const c = t.charCodeAt(i); if (c >= 48 && c <= 57) m = m * 10 + (c - 48); else m = 0; } return m; }
const buf = Buffer.alloc(4096);
function bufLoop(t: string): number { const n = buf.latin1Write(t, 0); let m = 0; for (let i = 0; i < n; i++) { const c = buf[i]!; if (c >= 48 && c <= 57) m = m * 10 + (c - 48); else m = 0; } return m; }
for (let r = 0; r < 3; r++) {
  cpu('charCodeAt sum', () => { for (const m of messages) sink += charLoop(m); });
  cpu('digit loop', () => { for (const m of messages) sink += digitLoop(m); });
  cpu('buffer loop', () => { for (const m of messages) sink += bufLoop(m); });
}
console.log(sink > 0, messages[0]!.length);
