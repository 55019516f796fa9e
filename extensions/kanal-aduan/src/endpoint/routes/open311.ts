import { complaintRow, DomainError, findTicket, open311Report } from '@kanal-aduan/core';
import { z } from 'zod';
import { referenceCache } from '../../intake/references.ts';
import { filingTriage } from '../../intake/triage.ts';
import { hashApiKey, looksLikeApiKey, newApiKey, ticketOfToken } from '../../open311/keys.ts';
import { A_SERVICE_REQUEST, formFields, Open311Error, parseRequestsQuery, postInput, requestsFilter } from '../../open311/query.ts';
import { render, splitFormat, type Format, type Node } from '../../open311/serialize.ts';
import { discovery, REQUEST_FIELDS, RequestRow, requestView, serviceDefinition, serviceView } from '../../open311/views.ts';
import { schemaOf, type DirectusRequest, type RouteContext, type RouteModule } from '../context.ts';
import { clientAddress, trackBudget, trackLimitsFromEnv, type SharedStore, type TrackBudget } from '../track-limiter.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under
 * /kanal-aduan/open311: discovery, services, requests (GET: public, POST: API
 * key), tokens. Answers and errors are the spec's (JSON or XML by the path's
 * suffix), not Directus's. Status mapping, privacy and limits: OPEN311.md (beside the bundle's package.json).
 *
 * Admins: POST /kanal-aduan/open311/clients {name, rate_limit_per_minute?, note?}
 * and POST /kanal-aduan/open311/clients/:id/key draw an API key and show it once.
 */
export const open311Routes: RouteModule = (router, ctx) => {
  const limits = trackLimitsFromEnv(process.env);
  const store = ctx.database as SharedStore;
  mountOpen311(router, ctx, {
    address: trackBudget(limits, store, 'open311'),
    missCost: limits.missCost,
    perKey: (points) => trackBudget({ points, durationSeconds: 60 }, store, `open311-key-${points}`),
    secret: process.env['SECRET'] || process.env['KANAL_EVENTS_SECRET'] || null,
  });
};

export type Open311Budgets = {
  /** Per client address, shared with no other route; the public tracker's limits. */
  address: TrackBudget;
  missCost: number;
  /** The per-minute budget of a client key allowed `points` reports a minute. */
  perKey: (points: number) => TrackBudget;
  /** Signs request tokens; null: no tokens. */
  secret: string | null;
};

/** Rows read per budget point on list calls (a page of 50 costs 6, one request 1). */
const ROWS_PER_POINT = 10;

type Req = DirectusRequest & { params: Record<string, string>; query: Record<string, unknown> };
type Res = { status(code: number): Res; set(h: string, v: string): Res; send(body: string): unknown; json(body: unknown): unknown };

class RateLimited extends Error {
  constructor(readonly wait: number, message: string) {
    super(message);
  }
}

const NOT_FOUND = 'Tidak ditemukan. / Not found.';

function reply(res: Res, format: Format, root: string, body: Node, status = 200): void {
  const out = render(format, root, body);
  res.status(status).set('Content-Type', out.contentType).set('Cache-Control', 'no-store').send(out.body);
}

function errorStatus(error: unknown): { status: number; description: string; wait?: number } | null {
  if (error instanceof RateLimited) return { status: 429, description: error.message, wait: error.wait };
  if (error instanceof Open311Error) return { status: error.status, description: error.message };
  // The spec's POST errors: 404 for a service_code that is not found, 400 for the rest.
  if (error instanceof DomainError) return { status: error.code === 'OPEN311.UNKNOWN_SERVICE' ? 404 : 400, description: error.message };
  if (error instanceof z.ZodError) {
    const where = error.issues.slice(0, 3).map((i) => i.path.join('.') || '(isi)').join(', ');
    return { status: 400, description: `Isian tidak sah: ${where}. / Invalid field: ${where}.` };
  }
  return null;
}

export function mountOpen311(router: Parameters<RouteModule>[0], ctx: RouteContext, budgets: Open311Budgets): void {
  const references = referenceCache({ services: ctx.services, database: ctx.database, getSchema: ctx.getSchema });
  const items = async (req: Req, collection: string) => new ctx.services.ItemsService(collection, { knex: ctx.database, schema: await schemaOf(req, ctx) });

  const spend = async (req: Req, cost: number) => {
    const wait = await budgets.address.take(clientAddress(req as never), cost);
    if (wait !== null) throw new RateLimited(wait, `Terlalu banyak permintaan dari alamat Anda; coba lagi dalam ${wait} detik. / Too many requests; retry in ${wait} s.`);
  };

  /** Runs `fn` and answers its result, or the spec's error list in the same format. */
  const handle = (fn: (req: Req, format: Format, res: Res) => Promise<{ root: string; body: Node; status?: number } | null>) =>
    async (req: Req, res: Res) => {
      const segment = req.params['file'] ?? '';
      const parsed = splitFormat(segment);
      const format: Format = parsed?.format ?? 'json';
      try {
        if (!parsed) throw new Open311Error(404, 'Format harus .json atau .xml. / Format must be .json or .xml.');
        const out = await fn(req, parsed.format, res);
        if (!out) throw new Open311Error(404, NOT_FOUND);
        reply(res, format, out.root, out.body, out.status);
      } catch (error) {
        const known = errorStatus(error);
        if (!known) ctx.logger.error(error, '[kanal-aduan] open311: permintaan gagal');
        const status = known?.status ?? 500;
        if (known?.wait) res.set('Retry-After', String(known.wait));
        const description = known?.description ?? 'Terjadi kesalahan di server; coba lagi nanti. / Server error; try again later.';
        reply(res, format, 'errors', [{ code: status, description }], status);
      }
    };

  const name = (req: Req) => splitFormat(req.params['file'] ?? '')?.name;
  const base = (req: Req) => `${req.protocol}://${req.get('host')}/kanal-aduan/open311`;

  const discoveryRoute = handle(async (req) => {
    await spend(req, 1);
    return name(req) === 'discovery' ? { root: 'discovery', body: discovery(base(req), 'Kanal Aduan — admin Diskominfo') } : null;
  });
  router.get('/open311/:file', discoveryRoute as never);

  router.get('/open311/v2/:file', handle(async (req) => {
    await spend(req, 1);
    const what = name(req);
    if (what === 'discovery') return { root: 'discovery', body: discovery(base(req), 'Kanal Aduan — admin Diskominfo') };
    if (what === 'services') {
      const ref = await references.get();
      return { root: 'services', body: ref.categories.filter((c) => c.active).map(serviceView) };
    }
    if (what !== 'requests') return null;
    const ref = await references.get();
    const q = parseRequestsQuery(req.query ?? {}, ref.ticket_prefix);
    const rows = await (await items(req, 'complaints')).readByQuery({
      filter: requestsFilter(q, new Date()),
      fields: REQUEST_FIELDS,
      sort: ['-received_at', '-id'],
      limit: q.limit,
      offset: (q.page - 1) * q.limit,
    });
    await spend(req, Math.floor(rows.length / ROWS_PER_POINT));
    return { root: 'service_requests', body: rows.map((r) => requestView(RequestRow.parse(r))) };
  }) as never);

  router.get('/open311/v2/services/:file', handle(async (req) => {
    await spend(req, 1);
    const code = name(req);
    const ref = await references.get();
    const category = ref.categories.find((c) => c.code === code && c.active);
    return category ? { root: 'service_definition', body: serviceDefinition(category.code) } : null;
  }) as never);

  router.get('/open311/v2/requests/:file', handle(async (req) => {
    await spend(req, 1);
    const ref = await references.get();
    const id = (name(req) ?? '').trim().toUpperCase();
    // The whole segment must be a ticket, as on the public tracker.
    const ticket = id.length <= 40 ? findTicket(id, ref.ticket_prefix) : null;
    const rows = ticket === id ? await (await items(req, 'complaints')).readByQuery({ filter: { _and: [{ ticket: { _eq: id } }, ...A_SERVICE_REQUEST] }, fields: REQUEST_FIELDS, limit: 1 }) : [];
    if (!rows[0]) {
      await spend(req, budgets.missCost);
      return null;
    }
    return { root: 'service_requests', body: [requestView(RequestRow.parse(rows[0]))] };
  }) as never);

  router.get('/open311/v2/tokens/:file', handle(async (req) => {
    await spend(req, 1);
    const token = name(req) ?? '';
    const ticket = budgets.secret ? ticketOfToken(token, budgets.secret) : null;
    const found = ticket ? await (await items(req, 'complaints')).readByQuery({ filter: { ticket: { _eq: ticket } }, fields: ['ticket'], limit: 1 }) : [];
    if (!found[0]) {
      await spend(req, budgets.missCost);
      return null;
    }
    return { root: 'service_requests', body: [{ service_request_id: ticket, token }] };
  }) as never);

  router.post('/open311/v2/:file', handle(async (req) => {
    if (name(req) !== 'requests') return null;
    if (req.query && 'api_key' in req.query) {
      throw new Open311Error(400, 'Kirim api_key di isi permintaan (form), jangan di URL: URL tercatat di log. / Send api_key in the body, never in the URL.');
    }
    const form = formFields(await readForm(req));
    const client = await authenticate(req, form['api_key'] ?? req.get('x-api-key') ?? '');
    const wait = await budgets.perKey(client.rate_limit_per_minute).take(String(client.id), 1);
    if (wait !== null) throw new RateLimited(wait, `Batas laporan per menit untuk kunci ini tercapai; coba lagi dalam ${wait} detik. / This key's rate limit is reached; retry in ${wait} s.`);

    const ref = await references.get();
    const report = open311Report(postInput(form), { categories: ref.categories, regions: ref.regions, min_description: MIN_DESCRIPTION });
    const schema = await schemaOf(req, ctx);
    const service = (collection: string) => new ctx.services.ItemsService(collection, { knex: ctx.database, schema });
    const complaints = service('complaints');
    // The intake's triage: likely spam lands in "Mungkin spam", a possible duplicate is suggested.
    const triage = await filingTriage({ items: (c) => service(c) as never, now: new Date(), sender: null, spamText: ref.spam_text ?? null }, report, null);
    // No accountability: the complaint hooks run as for an internal call (ticket, tracking code,
    // SLA deadline, history, outbox), the privacy hook redacts a confidential report's text.
    const id = await complaints.createOne({ ...complaintRow(report, null), ...triage });
    const row = await complaints.readOne(id, { fields: ['ticket', 'tracking_code', 'verify_due'] });
    const ticket = String(row['ticket']);
    await touchClient(req, client.id);
    const due = row['verify_due'] ? new Date(String(row['verify_due'])) : null;
    return {
      root: 'service_requests',
      status: 201,
      // Our services are `realtime`: the id is answered now, so no token beside it (the spec's
      // POST Service Request response: a token "should not be returned if service_request_id is returned").
      body: [{
        service_request_id: ticket,
        service_notice: `Laporan diterima dan akan diverifikasi${due ? ` paling lambat ${due.toISOString().slice(0, 10)}` : ''}. / Report received${due ? `; verified by ${due.toISOString().slice(0, 10)}` : ''}.`,
        account_id: null,
        // Ours, not the spec's: the reporter's code for /kanal-aduan/track/{ticket}, shown to the filer only.
        tracking_code: (row['tracking_code'] as string | null) ?? null,
      }],
    };
  }) as never);

  /** The client of an API key; a wrong key costs the address like a miss. */
  const authenticate = async (req: Req, key: string): Promise<{ id: string; rate_limit_per_minute: number }> => {
    await spend(req, 1);
    if (!key) throw new Open311Error(403, 'api_key wajib untuk mengirim laporan. / api_key is required.');
    const rows = looksLikeApiKey(key)
      ? await (await items(req, 'open311_clients')).readByQuery({ filter: { key_hash: { _eq: hashApiKey(key) } }, fields: ['id', 'active', 'rate_limit_per_minute'], limit: 1 })
      : [];
    const client = rows[0];
    if (!client || client['active'] !== true && client['active'] !== 1) {
      await spend(req, budgets.missCost);
      throw new Open311Error(403, 'api_key tidak sah atau tidak aktif. / Invalid or inactive api_key.');
    }
    return { id: String(client['id']), rate_limit_per_minute: Math.max(1, Number(client['rate_limit_per_minute']) || 10) };
  };

  const touched = new Map<string, number>();
  const touchClient = async (req: Req, id: string) => {
    const now = Date.now();
    if ((touched.get(id) ?? 0) > now - 60_000) return;
    touched.set(id, now);
    await (await items(req, 'open311_clients')).updateOne(id, { last_used_at: new Date(now).toISOString() });
  };

  // ——— admins: draw a key (shown once) ———

  const ClientBody = z.object({ name: z.string().trim().min(1).max(120), rate_limit_per_minute: z.number().int().min(1).max(1000).default(10), note: z.string().max(2000).nullish() });

  const assertAdmin = (req: Req) => {
    if (req.accountability?.admin !== true) throw new Open311Error(403, 'Hanya admin yang boleh mengelola kunci Open311. / Admins only.');
  };
  const adminJson = (fn: (req: Req) => Promise<unknown>) => async (req: Req, res: Res) => {
    try {
      res.json({ data: await fn(req) });
    } catch (error) {
      const known = errorStatus(error);
      if (!known) ctx.logger.error(error, '[kanal-aduan] open311: kunci gagal dibuat');
      res.status(known?.status ?? 500).json({ errors: [{ message: known?.description ?? 'Terjadi kesalahan di server.', extensions: { code: known?.status === 403 ? 'FORBIDDEN' : 'INVALID_PAYLOAD' } }] });
    }
  };

  router.post('/open311/clients', adminJson(async (req) => {
    assertAdmin(req);
    const body = ClientBody.parse(req.body ?? {});
    const drawn = newApiKey();
    const accountability = req.accountability;
    const clients = new ctx.services.ItemsService('open311_clients', { knex: ctx.database, schema: await schemaOf(req, ctx), accountability });
    const id = await clients.createOne({ ...body, active: true, key_hash: drawn.hash, key_hint: drawn.hint });
    return { id, name: body.name, api_key: drawn.key, note: 'Simpan kunci ini sekarang: tidak akan ditampilkan lagi. / Store this key now: it is not shown again.' };
  }) as never);

  router.post('/open311/clients/:id/key', adminJson(async (req) => {
    assertAdmin(req);
    const id = z.string().uuid().parse(req.params['id']);
    const drawn = newApiKey();
    const clients = new ctx.services.ItemsService('open311_clients', { knex: ctx.database, schema: await schemaOf(req, ctx), accountability: req.accountability });
    await clients.readOne(id, { fields: ['id'] }).catch(() => {
      throw new Open311Error(404, NOT_FOUND);
    });
    await clients.updateOne(id, { key_hash: drawn.hash, key_hint: drawn.hint });
    return { id, api_key: drawn.key, note: 'Kunci lama tidak berlaku lagi. / The old key no longer works.' };
  }) as never);
};

/** The chat's minimum story length (core ConversationLimits' default). */
const MIN_DESCRIPTION = 20;

const FORM_LIMIT = 64 * 1024;

/** The spec's form body: Directus parses only JSON, so a form is read here (bounded). */
async function readForm(req: Req): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (/json/i.test(type)) return req.body ?? {};
  if (!/application\/x-www-form-urlencoded/i.test(type)) {
    throw new Open311Error(400, 'Kirim sebagai application/x-www-form-urlencoded (atau JSON). / Send a form or JSON body.');
  }
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as unknown as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT) throw new Open311Error(413, 'Isi permintaan terlalu besar. / Body too large.');
    chunks.push(chunk);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

export type { RouteContext };
