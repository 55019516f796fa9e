// Durable outbox: no event is lost and no history is half-written. Events leave
// Directus through the durable `event_outbox`; while n8n's routing workflow is
// off they wait, and the bundle's schedule sweep (KANAL_OUTBOX_SWEEP_SECONDS,
// 20 s by default, 5 s in the test stack) delivers them once it is back: the officers get their
// WhatsApp exactly once. A move committed without its rows (a save Directus does
// not log is recorded by the action after its commit, and Directus stopped in
// between) is healed by the same sweep from `complaints.last_transition`, and so
// is a public follow-up whose event was never queued (from the follow-up row
// and Directus's activity log). Delivered events past the retention are pruned.
import { randomUUID } from 'node:crypto';
import { signBody } from '@kanal-aduan/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directus, env, fileReport, loginAs, n8nData, n8nRest, sim } from './helpers.ts';

type SimEntry = { seq: number; wa_id: string; type: string; body: Record<string, any> };
type Complaint = Record<string, any> & { id: number; ticket: string; status: string };
type OutboxRow = { id: string; event: string; complaint: number; attempts: number; delivered_at: string | null; received_at: string | null; last_error: string | null; payload: any };

const OFFICER_DPUPR = '6281100000002'; // opd.pupr@example.com (seeds/src/users.ts)
const ROUTING_WORKFLOW = 'kaRouting0000001'; // workflows/flows/routing.json
const SWEEP_WAIT_MS = 120_000;
/** The stack's sweep interval (global-setup sets it; the bundle's default otherwise). */
const sweepMs = () => Number(process.env.KANAL_OUTBOX_SWEEP_SECONDS ?? 20) * 1000;

const textOf = (m: SimEntry): string => m.body.text?.body ?? m.body.interactive?.body?.text ?? JSON.stringify(m.body.template ?? m.body);
const lastSeq = async () => (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;
const sentTo = async (to: string, since: number) => (await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${to}&since=${since}&direction=out`)).messages.map(textOf);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Turns the routing workflow (which holds the events trigger) off or on, and waits until its webhook answers accordingly. */
async function routing(active: boolean) {
  const data = await n8nData<{ versionId: string }>(`/rest/workflows/${ROUTING_WORKFLOW}`);
  const res = await n8nRest(`/rest/workflows/${ROUTING_WORKFLOW}/${active ? 'activate' : 'deactivate'}`, 'POST', { versionId: data.versionId });
  expect(res.ok, `n8n ${active ? 'activate' : 'deactivate'}: HTTP ${res.status} ${await res.clone().text()}`).toBe(true);
  // Inactive: the webhook is not registered (404); active: an unsigned body is refused (401).
  await expect
    .poll(async () => (await fetch(`${env('KANAL_N8N_URL')}/webhook/kanal-aduan-events`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status, { timeout: 30_000 })
    .toBe(active ? 401 : 404);
}

const newReport = (description: string) => fileReport<Complaint>({ description, name: 'Rina', address: 'Jl. Merdeka' });

const patch = (id: number, token: string, body: Record<string, unknown>) =>
  directus<any>(`/items/complaints/${id}`, { method: 'PATCH', token, body: JSON.stringify(body) });
const outbox = async (complaint: number) =>
  (await directus<{ data: OutboxRow[] }>(`/items/event_outbox?filter[complaint][_eq]=${complaint}&sort=created_at&fields=*`)).body.data;
const history = async (complaint: number) =>
  (await directus<{ data: Array<{ status_from: string | null; status_to: string }> }>(`/items/complaint_updates?filter[complaint][_eq]=${complaint}&filter[kind][_eq]=status_change&sort=id&fields=status_from,status_to`)).body.data;
const assignments = async (complaint: number) =>
  (await directus<{ data: Array<{ agency: string; active: boolean }> }>(`/items/assignments?filter[complaint][_eq]=${complaint}&fields=agency,active`)).body.data;
const dispositionsFor = async (ticket: string, since: number) => (await sentTo(OFFICER_DPUPR, since)).filter((t) => t.includes(ticket));

describe('durable event outbox', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = new pg.Client({ connectionString: env('KANAL_PG_URL') });
    await db.connect();
  });
  afterAll(async () => {
    await routing(true).catch(() => undefined);
    await db?.end();
  });

  it('keeps the disposition while n8n is off and delivers it exactly once when it is back', { timeout: 300_000 }, async () => {
    const verifikator = await loginAs('verifikator@example.com');
    await routing(false);
    // Whatever fails while n8n is off, turn it back on: the next test needs it.
    const { report, since } = await (async () => {
      try {
        const report = await newReport('Jalan di depan terminal berlubang, mobil pecah ban.');
        const since = await lastSeq();
        expect((await patch(report.id, verifikator, { status: 'verified' })).status).toBe(200);
        expect((await patch(report.id, verifikator, { status: 'dispositioned', assigned_agency: 'DPUPR' })).status).toBe(200);

        // History and assignment do not wait for n8n: written with the saves themselves.
        expect((await history(report.id)).map((h) => h.status_to)).toEqual(['received', 'verified', 'dispositioned']);
        expect(await assignments(report.id)).toEqual([{ agency: 'DPUPR', active: true }]);
        // The events are pending in the outbox, with the reason n8n did not take them.
        await expect.poll(async () => (await outbox(report.id)).every((r) => r.attempts >= 1), { timeout: 30_000 }).toBe(true);
        const pending = await outbox(report.id);
        expect(pending.map((r) => r.event)).toEqual(['complaint.created', 'complaint.verified', 'complaint.status_changed']);
        // n8n answers 404 for the inactive webhook (or nothing in time on a loaded machine): a failed attempt, kept.
        expect(pending.map((r) => [r.delivered_at, typeof r.last_error === 'string' && r.last_error.length > 0])).toEqual(pending.map(() => [null, true]));
        console.log(`[outbox] while n8n was off: ${pending.map((r) => `${r.event} attempts=${r.attempts} (${r.last_error?.slice(0, 60)})`).join('; ')}`);
        await sleep(3_000);
        expect(await dispositionsFor(report.ticket, since)).toEqual([]);
        return { report, since };
      } finally {
        await routing(true);
      }
    })();

    const t0 = Date.now();
    await expect.poll(async () => (await dispositionsFor(report.ticket, since)).length, { timeout: SWEEP_WAIT_MS, interval: 1_000 }).toBe(1);
    console.log(`[outbox] officers messaged ${Math.round((Date.now() - t0) / 1000)} s after n8n came back`);
    const delivered = await outbox(report.id);
    expect(delivered.every((r) => r.delivered_at !== null && r.received_at !== null)).toBe(true);

    // A late second delivery of the same event (n8n answered after Directus gave up waiting) is dropped by the trigger.
    const again = JSON.stringify(delivered[2]!.payload);
    const res = await fetch(`${env('KANAL_N8N_URL')}/webhook/kanal-aduan-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kanal-signature': signBody(again, env('KANAL_EVENTS_SECRET')) },
      body: again,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, duplicate: true });
    // One more sweep interval: still exactly one message.
    await sleep(sweepMs() + 5_000);
    expect(await dispositionsFor(report.ticket, since)).toHaveLength(1);
  });

  it('heals a save whose action never ran: history, assignment and the officers’ message come from last_transition', { timeout: 300_000 }, async () => {
    await routing(true);
    const verifikator = await loginAs('verifikator@example.com');
    const report = await newReport('Gorong-gorong tersumbat di Jl. Merdeka, banjir tiap hujan.');
    expect((await patch(report.id, verifikator, { status: 'verified' })).status).toBe(200);
    expect(await history(report.id)).toHaveLength(2);
    const since = await lastSeq();

    // What the update filter commits with a disposition, written as if Directus died before recording its rows.
    const move = randomUUID();
    const at = new Date().toISOString();
    const last = {
      id: move, at, to: 'dispositioned', role: 'verifikator', author: null, agency: null, note: null,
      assigned_agency: 'DPUPR', respond_due: null, rows: { [String(report.id)]: { from: 'verified', ticket: report.ticket } },
    };
    await db.query(
      `UPDATE complaints SET status = 'dispositioned', assigned_agency = 'DPUPR', dispositioned_at = now(), last_transition = $2, pending_transition = $3, date_updated = now() WHERE id = $1`,
      [report.id, JSON.stringify(last), move],
    );

    await expect.poll(async () => (await history(report.id)).map((h) => h.status_to), { timeout: SWEEP_WAIT_MS, interval: 1_000 }).toEqual(['received', 'verified', 'dispositioned']);
    expect(await assignments(report.id)).toEqual([{ agency: 'DPUPR', active: true }]);
    await expect.poll(async () => (await dispositionsFor(report.ticket, since)).length, { timeout: 60_000, interval: 1_000 }).toBe(1);
    const { rows } = await db.query('SELECT pending_transition FROM complaints WHERE id = $1', [report.id]);
    expect(rows[0].pending_transition).toBeNull();
    expect((await outbox(report.id)).map((r) => r.id)).toContain(`${move}:${report.id}`);
  });

  it('queues a public follow-up whose action never ran: the citizen hears it exactly once; an imported one is never announced', { timeout: 300_000 }, async () => {
    await routing(true);
    const verifikator = await loginAs('verifikator@example.com');
    const report = await newReport('Lampu jalan di simpang pasar mati sejak seminggu.');
    expect((await patch(report.id, verifikator, { status: 'verified' })).status).toBe(200);
    expect((await patch(report.id, verifikator, { status: 'dispositioned', assigned_agency: 'DPUPR' })).status).toBe(200);
    expect(await history(report.id)).toHaveLength(3);
    const since = await lastSeq();

    // What Directus commits when the DPUPR officer posts a public follow-up (the row and, in the
    // same transaction, its activity entry), as if Directus died before the action hook ran.
    // The second row is what a seed or backfill writes straight into the table: no activity entry.
    const lostBody = `Tim DPUPR sudah mengganti lampu; ${randomUUID().slice(0, 8)}.`;
    const importedBody = `Catatan lama hasil impor; ${randomUUID().slice(0, 8)}.`;
    await db.query('BEGIN');
    const lost = (await db.query(
      `INSERT INTO complaint_updates (complaint, kind, public, body, agency, date_created) VALUES ($1, 'follow_up', true, $2, 'DPUPR', now()) RETURNING id, date_created`,
      [report.id, lostBody],
    )).rows[0] as { id: number; date_created: Date };
    await db.query(`INSERT INTO directus_activity (action, collection, item, timestamp) VALUES ('create', 'complaint_updates', $1, now())`, [String(lost.id)]);
    const imported = (await db.query(
      `INSERT INTO complaint_updates (complaint, kind, public, body, agency, date_created) VALUES ($1, 'follow_up', true, $2, 'DPUPR', now()) RETURNING id`,
      [report.id, importedBody],
    )).rows[0] as { id: number };
    await db.query('COMMIT');

    const toCitizen = async () => await sentTo(report.waId, since);
    await expect.poll(async () => (await toCitizen()).filter((t) => t.includes(lostBody)).length, { timeout: SWEEP_WAIT_MS, interval: 1_000 }).toBe(1);
    const row = (await outbox(report.id)).find((r) => r.id === `update:${lost.id}`);
    expect(row).toMatchObject({ event: 'complaint.update_posted', payload: { update_id: lost.id, status_to: 'dispositioned', ticket: report.ticket } });
    // Dated when the follow-up was posted, not when the sweep found it.
    expect(row!.payload.at).toBe(new Date(lost.date_created).toISOString());
    await expect.poll(async () => (await outbox(report.id)).find((r) => r.id === `update:${lost.id}`)?.delivered_at ?? null, { timeout: 30_000 }).not.toBeNull();

    // Two more sweeps: still one message, one outbox row, and nothing for the imported row.
    await sleep(2 * sweepMs() + 5_000);
    expect((await toCitizen()).filter((t) => t.includes(lostBody))).toHaveLength(1);
    expect((await toCitizen()).filter((t) => t.includes(importedBody))).toEqual([]);
    const ids = (await outbox(report.id)).map((r) => r.id);
    expect(ids.filter((id) => id === `update:${lost.id}`)).toHaveLength(1);
    expect(ids).not.toContain(`update:${imported.id}`);
  });

  it('prunes delivered events past the retention (30 days) and keeps undelivered ones', { timeout: 120_000 }, async () => {
    const tag = randomUUID().slice(0, 8);
    const row = (id: string, delivered: string | null) =>
      db.query(
        `INSERT INTO event_outbox (id, event, complaint, payload, created_at, attempts, next_attempt_at, delivered_at, received_at)
         VALUES ($1, 'complaint.status_changed', NULL, $2, now() - interval '45 days', 1, NULL, ${delivered ?? 'NULL'}, ${delivered ?? 'NULL'})`,
        [id, JSON.stringify({ id })],
      );
    await row(`prune-old:${tag}`, `now() - interval '40 days'`);
    await row(`prune-recent:${tag}`, `now() - interval '20 days'`);
    await row(`prune-undelivered:${tag}`, null); // parked: never sent, never pruned
    const left = async () => (await db.query(`SELECT id FROM event_outbox WHERE id LIKE $1 ORDER BY id`, [`prune-%:${tag}`])).rows.map((r) => r.id);
    await expect.poll(left, { timeout: 60_000, interval: 1_000 }).toEqual([`prune-recent:${tag}`, `prune-undelivered:${tag}`]);
    await db.query(`DELETE FROM event_outbox WHERE id LIKE $1`, [`prune-%:${tag}`]);
  });

  it('keeps the outbox to admins: the verifikator and the n8n service cannot read it', async () => {
    const verifikator = await loginAs('verifikator@example.com');
    expect((await directus('/items/event_outbox?limit=1', { token: verifikator })).status).toBe(403);
    expect((await directus('/items/event_outbox?limit=1', { token: env('KANAL_SERVICE_TOKEN') })).status).toBe(403);
    // Only the service (and admin) may record a receipt.
    expect((await directus('/kanal-aduan/events/x/receipt', { method: 'POST', token: verifikator })).status).toBe(403);
    expect((await directus<any>('/kanal-aduan/events/no-such-event/receipt', { method: 'POST', token: env('KANAL_SERVICE_TOKEN') })).body.data.receipt).toBe('unknown');
  });
});
