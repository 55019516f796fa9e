// The bare-Node baseline for the intake bench: node:http, no framework. For each
// webhook POST it checks Meta's signature over the raw bytes, INSERTs each
// message into a scratch Postgres table, answers 200, then sends one text reply
// (quoting the message) to the simulator's Graph API send endpoint. Status
// webhooks are acknowledged and dropped.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@kanal-aduan/core';
import pg from 'pg';

export type Baseline = { url: string; close(): Promise<void>; inserted(): Promise<number> };

export async function startBaseline(opts: {
  appSecret: string;
  /** The simulator's base URL (its fake Graph API). */
  graphUrl: string;
  accessToken: string;
  phoneNumberId: string;
  /** A scratch database; the table is created here. */
  database: string;
}): Promise<Baseline> {
  const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: opts.database, max: 10 });
  // The scratch database is dropped WITH (FORCE) after the run: a connection the pool still holds then ends
  // under it. That is expected; unheard, the pool's 'error' would end the bench before it prints.
  pool.on('error', () => undefined);
  await pool.query('CREATE TABLE IF NOT EXISTS inbound (wamid text PRIMARY KEY, wa_id text NOT NULL, body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())');
  const sendUrl = `${opts.graphUrl}/v23.0/${opts.phoneNumberId}/messages`;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (req.method !== 'POST' || !verifySignature(raw, req.headers['x-hub-signature-256'] as string | undefined, opts.appSecret)) {
        res.writeHead(401).end();
        return;
      }
      void handle(raw).then(
        () => res.writeHead(200).end('ok'),
        () => res.writeHead(500).end(),
      );
    });
  });

  type Msg = { id: string; from: string };
  async function handle(raw: Buffer): Promise<void> {
    const body = JSON.parse(raw.toString('utf8')) as { entry?: Array<{ changes?: Array<{ value?: { messages?: Msg[] } }> }> };
    const messages = (body.entry ?? []).flatMap((e) => (e.changes ?? []).flatMap((c) => c.value?.messages ?? []));
    for (const m of messages) {
      const r = await pool.query('INSERT INTO inbound (wamid, wa_id, body) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [m.id, m.from, m]);
      // Reply after the ack, as a real bot would; only for a message stored for the first time.
      if (r.rowCount === 1) setImmediate(() => void reply(m));
    }
  }

  async function reply(m: Msg): Promise<void> {
    await fetch(sendUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.accessToken}` },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: m.from,
        context: { message_id: m.id },
        type: 'text',
        text: { body: 'Terima kasih, pesan Anda sudah kami terima.' },
      }),
    }).then((r) => r.arrayBuffer(), () => undefined);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    inserted: async () => Number((await pool.query('SELECT count(*) AS n FROM inbound')).rows[0].n),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
