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
/** Meta's delivery statuses sent to our Directus endpoint instead of n8n (see proxy.mjs). */
export interface StatusShortcut {
  /** Key in `served` for the calls it answered. */
  name: string;
  /** Directus's POST /kanal-aduan/wa-webhook/statuses; the call's query string is passed on. */
  url: string;
  /** Which requests are Meta's WhatsApp webhook (a POST that matches is read whole, up to 3 MB). */
  match: (req: IncomingMessage) => boolean;
}
export declare function isStatusesOnly(body: Buffer): boolean;
export declare function roundRobin(upstreams: Upstream[]): (req: IncomingMessage) => Upstream;
export declare function roundRobinDns(host: string, port: number, refreshMs?: number): Promise<(req: IncomingMessage) => Upstream>;
export declare function startProxy(o: {
  name: string;
  host: string;
  port: number;
  upstreamHost?: string;
  pick: (req: IncomingMessage) => Upstream;
  statusShortcut?: StatusShortcut;
}): Promise<Proxy>;
