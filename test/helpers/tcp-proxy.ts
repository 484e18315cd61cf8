import net from 'node:net';

/**
 * A TCP proxy on loopback for outage tests: forwards to a target until `cut()`, which destroys
 * every live socket pair and stops listening, so new connections are refused (ECONNREFUSED) as
 * when the database host is down. `restore()` listens again on the same port.
 * `cut('blackhole')` instead keeps accepting connections but forwards nothing, as a network
 * partition does: clients wait until their own timeouts fire. `cut('freeze')` goes further and
 * keeps the live connections open but silent too (a partition in the middle of a query).
 */
export type CutMode = 'refuse' | 'blackhole' | 'freeze';

export interface TcpProxy {
  port: number;
  cut(mode?: CutMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
  /** Connections forwarded since start (to see that clients reconnected). */
  readonly accepted: number;
  /** Client connections open now. */
  readonly open: number;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const live = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  const pairs: [net.Socket, net.Socket][] = [];
  let mode: 'open' | CutMode = 'open';
  let accepted = 0;

  const onConnection = (client: net.Socket) => {
    live.add(client);
    clients.add(client);
    client.on('close', () => { live.delete(client); clients.delete(client); });
    client.on('error', () => client.destroy());
    if (mode === 'blackhole' || mode === 'freeze') return; // hold it, say nothing
    accepted++;
    const upstream = net.connect(targetPort, targetHost);
    live.add(upstream);
    upstream.on('close', () => { live.delete(upstream); client.destroy(); });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    pairs.push([client, upstream]);
  };

  let server = net.createServer(onConnection);
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const stopListening = () => new Promise<void>((resolve) => { if (server.listening) server.close(() => resolve()); else resolve(); });
  const destroyAll = () => { for (const socket of live) socket.destroy(); live.clear(); pairs.length = 0; };

  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get accepted() { return accepted; },
    get open() { return clients.size; },
    async cut(how = 'refuse') {
      mode = how;
      if (how === 'freeze') {
        for (const [client, upstream] of pairs) { client.unpipe(upstream); upstream.unpipe(client); client.pause(); upstream.pause(); }
        return;
      }
      destroyAll();
      if (how === 'refuse') await stopListening();
    },
    async restore() {
      destroyAll();
      mode = 'open';
      if (!server.listening) {
        server = net.createServer(onConnection);
        await listen(port);
      }
    },
    async close() {
      mode = 'refuse';
      destroyAll();
      await stopListening();
    },
  };
}
