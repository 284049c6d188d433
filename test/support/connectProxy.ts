import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

/** Hosts the proxy opens tunnels to: this machine only. */
const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"];

export interface ConnectProxy {
  /** http://127.0.0.1:<port>, for HTTPS_PROXY. */
  url: string;
  /** Tunnels opened so far, by target "host:port" as the CONNECT request named it. */
  tunnels(): Record<string, number>;
  /** From now on, answers every CONNECT 403, as a proxy does for a host its policy forbids. */
  refuseTunnels(refuse: boolean): void;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy that does what a corporate one does for https: answers CONNECT host:port with a
 * tunnel and pipes bytes both ways, seeing only TLS. It refuses targets off loopback (403) and
 * plain requests for a URL (405), which the provider never sends through a proxy.
 */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: Record<string, number> = {};
  const sockets = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((_req, res) => {
    res.writeHead(405, { "content-type": "text/plain" });
    res.end("only CONNECT is served");
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    const target = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(req.url ?? "");
    if (refusing || !target || !LOOPBACK_HOSTS.includes(target[1])) {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const key = `${target[1]}:${target[2]}`;
    tunnels[key] = (tunnels[key] ?? 0) + 1;
    const upstream = connect({ host: target[1].replace(/^\[|\]$/g, ""), port: Number(target[2]) });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    let established = false;
    upstream.once("connect", () => {
      established = true;
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => {
      if (established) client.destroy();
      else client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
    });
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels: () => ({ ...tunnels }),
    refuseTunnels: (refuse) => {
      refusing = refuse;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
