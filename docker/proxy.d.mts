// Types for docker/proxy.mjs (plain JS: docker-compose runs it in the stock Node image, no build step).
import type { IncomingMessage } from 'node:http';

export interface Upstream {
  name: string;
  /** Defaults to the proxy's `upstreamHost`, then its own host. */
  host?: string;
  port: number;
}
export interface Proxy {
  url: string;
  /** Requests (and upgrades) each upstream received, by name. */
  served: Record<string, number>;
  close(): Promise<void>;
}
export declare function roundRobin(upstreams: Upstream[]): (req: IncomingMessage) => Upstream;
export declare function roundRobinDns(host: string, port: number, refreshMs?: number): Promise<(req: IncomingMessage) => Upstream>;
export declare function startProxy(o: {
  name: string;
  host: string;
  port: number;
  upstreamHost?: string;
  pick: (req: IncomingMessage) => Upstream;
}): Promise<Proxy>;
