import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP receiver of Standard Webhooks deliveries for tests. It verifies each signature with
 * its own code (node:crypto directly, not the server's signing module), keeps the applied state
 * (external id → data) and drops a delivery whose webhook-id it has applied already, as the spec
 * asks receivers to. `behave` decides each answer before anything is applied.
 */
export interface Delivery { id: string; timestamp: number; body: string; signatures: string[]; valid: boolean; status: number; at: number }
export type Behaviour = (n: number, delivery: { id: string; records: { id: string; op: string; customerId: string }[] }) =>
  { status?: number; headers?: Record<string, string>; delayMs?: number; applyFirst?: boolean } | void;

export function verifyIndependently(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = 'v1,' + crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return header.split(' ').includes(expected);
}

export async function startReceiver(opts: { secrets: () => string[]; behave?: Behaviour }) {
  const state = new Map<string, unknown>();
  const applied = new Set<string>();
  const deliveries: Delivery[] = [];
  const bodiesById = new Map<string, string>();
  let count = 0;
  let invalid = 0;
  let inconsistentRepeats = 0;
  const apply = (id: string, records: { op: string; customerId: string; data: unknown }[]) => {
    if (applied.has(id)) return;
    applied.add(id);
    for (const r of records) {
      if (r.op === 'removed') state.delete(r.customerId); else state.set(r.customerId, r.data);
    }
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', async () => {
      const id = String(req.headers['webhook-id'] ?? '');
      const timestamp = String(req.headers['webhook-timestamp'] ?? '');
      const header = String(req.headers['webhook-signature'] ?? '');
      const valid = opts.secrets().some((s) => verifyIndependently(s, id, timestamp, body, header));
      if (!valid) invalid++;
      // A repeated webhook-id must carry the same body: the same batch, sent again.
      if (bodiesById.has(id) && bodiesById.get(id) !== body) inconsistentRepeats++;
      bodiesById.set(id, body);
      const parsed = JSON.parse(body) as { records: { id: string; op: string; customerId: string; data: unknown }[] };
      const n = count++;
      const answer = opts.behave?.(n, { id, records: parsed.records }) ?? {};
      const status = answer.status ?? 200;
      deliveries.push({ id, timestamp: Number(timestamp), body, signatures: header.split(' '), valid, status, at: Date.now() });
      if (answer.applyFirst && valid) apply(id, parsed.records);
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      if (status >= 200 && status < 300 && valid) apply(id, parsed.records);
      if (res.destroyed) return;
      res.writeHead(valid ? status : 401, answer.headers ?? {});
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url, state, deliveries,
    get invalid() { return invalid; },
    get inconsistentRepeats() { return inconsistentRepeats; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
