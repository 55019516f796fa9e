// A status change, its history row, its assignment row and its outbox event
// commit in one transaction: a fault between the report's UPDATE and the commit
// leaves nothing behind, and without the fault every row is there when the
// save answers (no polling). The faults are Postgres triggers this file sets up
// on one marked report, so they fire inside Directus's own transaction.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directus, env, fileReport, loginAs } from './helpers.ts';

type Complaint = Record<string, any> & { id: number; ticket: string; status: string };

const newReport = (description: string) => fileReport<Complaint>({ description, name: 'Dewi', address: 'Jl. Merdeka' });
const patch = (id: number, token: string, body: Record<string, unknown>) =>
  directus<any>(`/items/complaints/${id}`, { method: 'PATCH', token, body: JSON.stringify(body) });

describe('a status change and its rows commit together', () => {
  let db: pg.Client;
  const faults: string[] = [];

  /** Makes every insert into `table` that `condition` (SQL over NEW) matches fail, inside whatever transaction does it. */
  async function fault(table: 'complaint_updates' | 'assignments' | 'event_outbox', condition: string): Promise<() => Promise<void>> {
    const name = `kanal_test_fault_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await db.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF ${condition} THEN RAISE EXCEPTION 'injected fault in %', TG_TABLE_NAME; END IF; RETURN NEW; END $$`);
    await db.query(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    const drop = async () => {
      await db.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
      await db.query(`DROP FUNCTION IF EXISTS ${name}()`);
    };
    faults.push(name);
    return drop;
  }

  /** The rows of a report straight from the database (no Directus cache in between). */
  async function rowsOf(id: number) {
    const q = async (sql: string) => (await db.query(sql, [id])).rows;
    const [complaint] = await q('SELECT status, assigned_agency, dispositioned_at, respond_due, pending_transition FROM complaints WHERE id = $1');
    return {
      complaint,
      history: (await q(`SELECT status_from, status_to FROM complaint_updates WHERE complaint = $1 AND kind = 'status_change' ORDER BY id`)).map((r) => `${r.status_from ?? '-'}>${r.status_to}`),
      assignments: (await q('SELECT agency, active FROM assignments WHERE complaint = $1 ORDER BY id')).map((r) => [r.agency, r.active]),
      events: (await q('SELECT event FROM event_outbox WHERE complaint = $1 ORDER BY created_at, id')).map((r) => r.event),
    };
  }

  beforeAll(async () => {
    db = new pg.Client({ connectionString: env('KANAL_PG_URL') });
    await db.connect();
  });
  afterAll(async () => {
    for (const name of faults) {
      for (const table of ['complaint_updates', 'assignments', 'event_outbox']) await db.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`).catch(() => undefined);
      await db.query(`DROP FUNCTION IF EXISTS ${name}()`).catch(() => undefined);
    }
    await db?.end();
  });

  it('a disposition whose assignment, history or event cannot be written changes nothing; without the fault all of it is there at once', async () => {
    const verifikator = await loginAs('verifikator@example.com');
    const report = await newReport('Jembatan kayu di Desa Muara retak, warga takut melintas.');
    expect((await patch(report.id, verifikator, { status: 'verified' })).status).toBe(200);
    // Written by the same request: readable the moment it answers.
    const verified = await rowsOf(report.id);
    expect(verified.history).toEqual(['->received', 'received>verified']);
    expect(verified.events).toEqual(['complaint.created', 'complaint.verified']);
    expect(verified.complaint.pending_transition).toBeNull();

    // Each fault in turn: the event (first row of the move), the history row, the assignment (last row).
    for (const table of ['event_outbox', 'complaint_updates', 'assignments'] as const) {
      const drop = await fault(table, `NEW.complaint = ${report.id}`);
      const refused = await patch(report.id, verifikator, { status: 'dispositioned', assigned_agency: 'DPUPR', status_note: 'Mohon segera ditangani.' });
      await drop();
      expect(refused.status, `${table}: ${JSON.stringify(refused.body)}`).toBeGreaterThanOrEqual(400);
      expect(await rowsOf(report.id), `after a fault in ${table}`).toEqual({
        complaint: { status: 'verified', assigned_agency: null, dispositioned_at: null, respond_due: null, pending_transition: null },
        history: ['->received', 'received>verified'],
        assignments: [],
        events: ['complaint.created', 'complaint.verified'],
      });
    }
    // Through Directus too (its cache included), the report is still where it was.
    expect((await directus<{ data: Complaint }>(`/items/complaints/${report.id}?fields=status`, { token: verifikator })).body.data.status).toBe('verified');

    const done = await patch(report.id, verifikator, { status: 'dispositioned', assigned_agency: 'DPUPR', status_note: 'Mohon segera ditangani.' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const after = await rowsOf(report.id);
    expect(after.complaint).toMatchObject({ status: 'dispositioned', assigned_agency: 'DPUPR', pending_transition: null });
    expect(after.history).toEqual(['->received', 'received>verified', 'verified>dispositioned']);
    expect(after.assignments).toEqual([['DPUPR', true]]);
    expect(after.events).toEqual(['complaint.created', 'complaint.verified', 'complaint.status_changed']);
    // And as officers and the app read it, through Directus.
    const history = (await directus<{ data: Array<{ status_to: string; body: string | null }> }>(
      `/items/complaint_updates?filter[complaint][_eq]=${report.id}&filter[kind][_eq]=status_change&sort=id&fields=status_to,body`, { token: verifikator },
    )).body.data;
    expect(history.at(-1)).toEqual({ status_to: 'dispositioned', body: 'Mohon segera ditangani.' });
  });

  it('a bulk move is one transaction: a fault on one report keeps every report where it was', async () => {
    const verifikator = await loginAs('verifikator@example.com');
    const a = await newReport('Saluran air di Jl. Kartini tersumbat sampah.');
    const b = await newReport('Saluran air di Jl. Sudirman meluap tiap hujan.');
    const drop = await fault('complaint_updates', `NEW.complaint = ${b.id} AND NEW.kind = 'status_change'`);
    const refused = await directus<any>('/items/complaints', { method: 'PATCH', token: verifikator, body: JSON.stringify({ keys: [a.id, b.id], data: { status: 'verified' } }) });
    await drop();
    expect(refused.status, JSON.stringify(refused.body)).toBeGreaterThanOrEqual(400);
    for (const r of [a, b]) {
      expect(await rowsOf(r.id)).toMatchObject({ complaint: { status: 'received', pending_transition: null }, history: ['->received'], events: ['complaint.created'] });
    }
    const moved = await directus<any>('/items/complaints', { method: 'PATCH', token: verifikator, body: JSON.stringify({ keys: [a.id, b.id], data: { status: 'verified' } }) });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    for (const r of [a, b]) {
      expect(await rowsOf(r.id)).toMatchObject({ complaint: { status: 'verified', pending_transition: null }, history: ['->received', 'received>verified'], events: ['complaint.created', 'complaint.verified'] });
    }
  });

  it('a new report whose first event cannot be queued is not filed at all', async () => {
    const tag = randomUUID().slice(0, 8);
    const drop = await fault('event_outbox', `EXISTS (SELECT 1 FROM complaints c WHERE c.id = NEW.complaint AND c.description LIKE '%${tag}%')`);
    await expect(newReport(`Lampu taman kota padam, kode ${tag}.`)).rejects.toThrow(/creating a report: HTTP (4|5)\d\d/);
    await drop();
    expect((await db.query('SELECT count(*)::int AS n FROM complaints WHERE description LIKE $1', [`%${tag}%`])).rows[0].n).toBe(0);
    const filed = await newReport(`Lampu taman kota padam, kode ${tag}.`);
    expect(await rowsOf(filed.id)).toMatchObject({ complaint: { status: 'received', pending_transition: null }, history: ['->received'], events: ['complaint.created'] });
  });

  it('two verifikators moving one report at once: one move wins, and the history never skips a step', async () => {
    const [first, second] = await Promise.all([loginAs('verifikator@example.com'), loginAs('verifikator@example.com')]);
    for (let round = 0; round < 3; round++) {
      const report = await newReport(`Pohon tumbang menutup jalan desa, laporan ${round + 1}.`);
      expect((await patch(report.id, first, { status: 'verified' })).status).toBe(200);
      const answers = await Promise.all([
        patch(report.id, first, { status: 'dispositioned', assigned_agency: 'DPUPR' }),
        patch(report.id, second, { status: 'rejected', status_reason: 'invalid' }),
      ]);
      expect(answers.map((r) => r.status).sort(), JSON.stringify(answers.map((r) => r.body))).toEqual([200, 400]);
      // Which guard refused the loser: the transition rule (the saves took turns) or the in-transaction check (they overlapped).
      console.log(`[move-atomicity] round ${round + 1}: refused with ${answers.find((r) => r.status === 400)?.body?.errors?.[0]?.extensions?.domain_code}`);
      const rows = await rowsOf(report.id);
      const final = rows.complaint.status as string;
      expect(rows.history).toEqual(['->received', 'received>verified', `verified>${final}`]);
      expect(rows.assignments).toEqual(final === 'dispositioned' ? [['DPUPR', true]] : []);
      expect(rows.events).toEqual(['complaint.created', 'complaint.verified', 'complaint.status_changed']);
      expect(rows.complaint.pending_transition).toBeNull();
    }
  });
});
