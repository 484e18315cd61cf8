import net from 'node:net';

/**
 * A TCP proxy on loopback for outage tests: forwards to a target until `cut()`, which destroys
 * every live socket pair and stops listening, so new connections are refused (ECONNREFUSED) as
 * when the database host is down. `restore()` listens again on the same port.
 * `cut('blackhole')` instead keeps accepting connections but forwards nothing, as a network
 * partition does: clients wait until their own timeouts fire.
 */
export interface TcpProxy {
  port: number;
  cut(mode?: 'refuse' | 'blackhole'): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
  /** Connections forwarded since start (to see that clients reconnected). */
  readonly accepted: number;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const live = new Set<net.Socket>();
  let mode: 'open' | 'refuse' | 'blackhole' = 'open';
  let accepted = 0;

  const onConnection = (client: net.Socket) => {
    live.add(client);
    client.on('close', () => live.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'blackhole') return; // hold it, say nothing
    accepted++;
    const upstream = net.connect(targetPort, targetHost);
    live.add(upstream);
    upstream.on('close', () => { live.delete(upstream); client.destroy(); });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  };

  let server = net.createServer(onConnection);
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const stopListening = () => new Promise<void>((resolve) => { if (server.listening) server.close(() => resolve()); else resolve(); });
  const destroyAll = () => { for (const socket of live) socket.destroy(); live.clear(); };

  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get accepted() { return accepted; },
    async cut(how = 'refuse') {
      mode = how;
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
