import { Agency, Category, overdueState, Region, RoutingRule, SlaPolicy, type Complaint } from '@kanal-aduan/core';
import { directusRest, type DirectusRest } from '../directus-rest.ts';
import { DEMO_USERS } from '../users.ts';
import { chunk } from '../upsert.ts';
import { demoContext } from './context.ts';
import { createDemoGenerator, type DemoBatch, type DemoContext } from './generate.ts';

export type SeedDemoOptions = {
  url: string;
  token: string;
  count: number;
  timezone?: string;
  seed?: number;
  now?: Date;
  /** Parallel report histories (default 4). */
  concurrency?: number;
  log?: (line: string) => void;
};

export type SeedDemoResult = { complaints: number; citizens: number; assignments: number; updates: number; ms: number };

const all = <T>(api: DirectusRest, collection: string, fields = '*') =>
  api.request<T[]>('GET', `/items/${collection}?limit=-1&fields=${fields}`);

/** Generator context read through REST from a seeded Directus. */
export async function demoContextFromDirectus(api: DirectusRest, now: Date, timezone?: string): Promise<DemoContext> {
  const settings = await api.request<Record<string, unknown> | null>('GET', '/items/settings').catch(() => null);
  const tz = String(settings?.timezone ?? timezone ?? 'Asia/Jakarta');
  const regions = (await all<Record<string, unknown>>(api, 'regions', 'code,name,level,parent')).map((r) => Region.parse(r));
  const agencies = (await all(api, 'agencies')).map((a) => Agency.parse(a));
  const categories = (await all(api, 'categories')).map((c) => Category.parse(c));
  const routingRules = (await all(api, 'routing_rules')).map((r) => RoutingRule.parse(r));
  const policies = (await all(api, 'sla_policies')).map((p) => SlaPolicy.parse(p));
  const holidays = (await all<{ date: string }>(api, 'holidays', 'date')).map((h) => h.date.slice(0, 10));
  if (policies.length === 0 || regions.length === 0) throw new Error('Data rujukan belum ada: jalankan dulu `npx tsx seeds/src/cli.ts apply`.');
  const users = await api.request<{ id: string }[]>('GET', `/users?limit=-1&fields=id&filter=${encodeURIComponent(JSON.stringify({ id: { _in: DEMO_USERS.map((u) => u.id) } }))}`);
  const ref = { timezone: tz, holidays, policies, ticketPrefix: settings?.ticket_prefix, regencyCode: settings?.regency_code, categories, routingRules, agencies, regions };
  return demoContext(ref, now, new Set(users.map((u) => u.id)));
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * A demo report's generated timeline as written after its status walk: the
 * stage times, and the overdue flags the SLA scan would set (core's
 * overdueState), so "Lewat batas waktu" is right before the first scan runs.
 * `realId` maps the generator's ids to Directus's (for duplicate_of).
 */
export function timelinePatch(c: Complaint, ctx: Pick<DemoContext, 'now' | 'calendar'>, realId: (generated: number) => number | null) {
  const late = overdueState(c, ctx.now, ctx.calendar);
  return {
    overdue: late.overdue, days_late: late.days_late, overdue_stage: late.stage,
    status_reason: c.status_reason, assigned_agency: c.assigned_agency, verify_due: c.verify_due, respond_due: c.respond_due,
    resolve_due: c.resolve_due, autoclose_due: c.autoclose_due, verified_at: c.verified_at, dispositioned_at: c.dispositioned_at,
    first_response_at: c.first_response_at, resolved_at: c.resolved_at, closed_at: c.closed_at, satisfaction: c.satisfaction,
    reopen_count: c.reopen_count, duplicate_of: c.duplicate_of === null ? null : realId(c.duplicate_of),
  };
}

export const DEMO_EVENT_NOTE = 'Riwayat data demo: tidak dikirim ke n8n';

/**
 * The demo's history is the past: the hooks queued an event for each move and
 * follow-up (event_outbox), and delivering them would send hundreds of
 * WhatsApp messages about months-old moves to demo citizens and officers as
 * soon as n8n's flows are active. They are parked instead (no next attempt,
 * kept for the record). A sweep that claimed a row at that moment gives it a
 * next attempt again when it settles, so this repeats until none is left.
 * Returns how many rows were parked.
 */
export async function parkDemoEvents(api: DirectusRest, complaintIds: readonly number[]): Promise<number> {
  let parked = 0;
  for (const part of chunk(complaintIds, 200)) {
    const filter = { _and: [{ complaint: { _in: part } }, { delivered_at: { _null: true } }, { next_attempt_at: { _nnull: true } }] };
    for (let pass = 0; pass < 5; pass++) {
      const keys = await api.request<unknown[]>('PATCH', '/items/event_outbox?fields=id', {
        query: { filter, limit: -1 },
        data: { next_attempt_at: null, last_error: DEMO_EVENT_NOTE },
      });
      if (pass === 0) parked += keys.length;
      if (keys.length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return parked;
}

/**
 * Demo reports through the Directus REST API, so they pass the same hooks a
 * real report does: the create hook numbers the ticket, every status move goes
 * through the transition guard one legal step at a time. Directus stamps those
 * moves with the current time, so afterwards the stage times and the history
 * rows are set back to the generated timeline (fields outside `status` are not
 * guarded). For large volumes use writeDemoWithKnex.
 */
export async function seedDemoReports(o: SeedDemoOptions): Promise<SeedDemoResult> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const api = directusRest(o.url, o.token);
  const ctx = await demoContextFromDirectus(api, o.now ?? new Date(), o.timezone);
  // Ids and tickets are Directus's: the generator's own are mapped below.
  const batch: DemoBatch = createDemoGenerator(o.count, ctx, o.seed ?? 42).next(o.count);

  // Citizens: reuse one with the same wa_id.
  const citizenId = new Map<string, string>();
  for (const part of chunk(batch.citizens, 200)) {
    const q = encodeURIComponent(JSON.stringify({ wa_id: { _in: part.map((c) => c.wa_id) } }));
    const existing = await api.request<{ id: string; wa_id: string }[]>('GET', `/items/citizens?limit=-1&fields=id,wa_id&filter=${q}`);
    const byWa = new Map(existing.map((c) => [c.wa_id, c.id]));
    const missing = part.filter((c) => !byWa.has(c.wa_id));
    if (missing.length) await api.request('POST', '/items/citizens', missing.map(({ date_created: _d, ...c }) => c));
    for (const c of part) citizenId.set(c.id, byWa.get(c.wa_id) ?? c.id);
  }
  log(`warga demo: ${batch.citizens.length}`);

  // Reports: created in arrival order so the ticket hook numbers them by month.
  const realId = new Map<number, number>();
  for (const part of chunk(batch.complaints, 100)) {
    const created = await api.request<{ id: number }[]>(
      'POST',
      '/items/complaints?fields=id',
      part.map((c) => ({
        type: c.type, category: c.category, title: c.title, description: c.description, region: c.region, latitude: c.latitude,
        longitude: c.longitude, address: c.address, channel: c.channel, reporter: citizenId.get(c.reporter!) ?? c.reporter,
        confidential: c.confidential, locale: c.locale, received_at: c.received_at, spam_score: c.spam_score, suggested_agency: c.suggested_agency,
      })),
    );
    part.forEach((c, i) => realId.set(c.id, created[i]!.id));
    log(`laporan demo dibuat: ${realId.size}/${batch.complaints.length}`);
  }

  const updatesOf = new Map<number, typeof batch.updates>();
  for (const u of batch.updates) updatesOf.set(u.complaint, [...(updatesOf.get(u.complaint) ?? []), u]);
  const assignmentsOf = new Map<number, typeof batch.assignments>();
  for (const a of batch.assignments) assignmentsOf.set(a.complaint, [...(assignmentsOf.get(a.complaint) ?? []), a]);

  let done = 0;
  await pool(batch.complaints, o.concurrency ?? 4, async (c) => {
    const id = realId.get(c.id)!;
    const history = updatesOf.get(c.id) ?? [];
    const assignments = assignmentsOf.get(c.id) ?? [];
    // 1. Walk the status graph one legal move at a time (the guard checks each).
    for (const u of history.filter((h) => h.kind === 'status_change' && h.status_from !== null)) {
      const reason = u.body?.split(':')[0];
      const to = u.status_to!;
      const active = to === 'dispositioned' ? assignments.find((a) => a.assigned_at <= u.date_created! && (!a.returned_at || a.returned_at >= u.date_created!)) : undefined;
      await api.request('PATCH', `/items/complaints/${id}?fields=id`, {
        status: to,
        ...(reason && ['spam', 'duplicate', 'out_of_scope', 'invalid', 'not_authority', 'citizen_confirmed', 'no_response'].includes(reason) ? { status_reason: reason } : {}),
        ...(active ? { assigned_agency: active.agency } : {}),
      });
    }
    // 2. Set the stage times back to the generated timeline (not guarded: no `status`).
    await api.request('PATCH', `/items/complaints/${id}?fields=id`, timelinePatch(c, ctx, (orig) => realId.get(orig) ?? null));
    // 3. History: replace the rows the hook wrote "now" with the generated ones.
    const hookRows = await api.request<{ id: number }[]>('GET', `/items/complaint_updates?limit=-1&fields=id&filter=${encodeURIComponent(JSON.stringify({ complaint: { _eq: id } }))}`);
    if (hookRows.length) await api.request('DELETE', '/items/complaint_updates', hookRows.map((r) => r.id));
    if (history.length) {
      const created = await api.request<{ id: number }[]>('POST', '/items/complaint_updates?fields=id', history.map(({ id: _i, date_created: _d, ...u }) => ({ ...u, complaint: id })));
      await api.request('PATCH', '/items/complaint_updates?fields=id', created.map((r, i) => ({ id: r.id, date_created: history[i]!.date_created })));
    }
    if (assignments.length) await api.request('POST', '/items/assignments?fields=id', assignments.map(({ id: _i, ...a }) => ({ ...a, complaint: id })));
    if (++done % 50 === 0 || done === batch.complaints.length) log(`riwayat laporan demo: ${done}/${batch.complaints.length}`);
  });

  const parked = await parkDemoEvents(api, [...realId.values()]);
  if (parked) log(`peristiwa riwayat demo ditahan (tidak dikirim ke n8n): ${parked}`);

  return {
    complaints: batch.complaints.length,
    citizens: batch.citizens.length,
    assignments: batch.assignments.length,
    updates: batch.updates.length,
    ms: Date.now() - started,
  };
}
