// A client may keep a connection idle for a while and reuse it: the server must not have closed it
// (Node's default of 5 s made a client reusing a connection at that moment see "socket hang up").
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_ALIVE_MS } from '../server/src/http/app.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/** Sends one request on `socket` and resolves with the status line of its answer. */
function request(socket: net.Socket, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk;
      const headerEnd = seen.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(seen);
      if (headerEnd >= 0 && length && seen.length >= headerEnd + 4 + Number(length[1])) {
        socket.off('data', onData);
        resolve(seen.slice(0, seen.indexOf('\r\n')));
      }
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`the server closed the connection (after: ${JSON.stringify(seen.slice(0, 40))})`)));
    socket.write(`GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

describe('HTTP keep-alive', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer('sqlite'); });
  afterAll(async () => { await server?.stop(); });

  it('keeps an idle connection open well past Node\'s 5 s default', async () => {
    expect(KEEP_ALIVE_MS).toBeGreaterThan(60_000);
    const { hostname, port } = new URL(server.url);
    const socket = net.connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    try {
      expect(await request(socket, hostname)).toBe('HTTP/1.1 200 OK');
      await new Promise((r) => setTimeout(r, 6_000));
      expect(await request(socket, hostname)).toBe('HTTP/1.1 200 OK');
    } finally {
      socket.destroy();
    }
  }, 20_000);
});
