// Report handling, confidentiality: the reporter's identity (name, number, wa_id) is
// never readable by OPD, Camat or Pimpinan through any path the REST API
// offers: items, relations, wildcard fields, aggregate, revisions, activity,
// exports, the WhatsApp logs, our public endpoint. And one OPD cannot read,
// change or even count another OPD's reports.
import { beforeAll, describe, expect, it } from 'vitest';
import { directus, loginAs, uniqueWaId } from './helpers.ts';

const NAME = `Rahasia${Date.now()}`;
const waId = uniqueWaId();
let reportId = 0;
let ticket = '';
let otherId = 0;
const tokens: Record<string, string> = {};

const ROLES = {
  opd_officer: 'opd.pupr@example.com',
  opd_head: 'kepala.pupr@example.com',
  camat: 'camat.kayuagung@example.com',
  pimpinan: 'bupati@example.com',
} as const;

beforeAll(async () => {
  const citizen = await directus<{ data: { id: string } }>('/items/citizens', {
    method: 'POST',
    body: JSON.stringify({ wa_id: waId, phone: `+${waId}`, display_name: NAME, locale: 'id', blocked: false }),
  });
  const mk = async (agency: string) => {
    const c = await directus<{ data: { id: number; ticket: string } }>('/items/complaints', {
      method: 'POST',
      body: JSON.stringify({ type: 'pengaduan', category: 'JALAN', description: 'Jalan berlubang di depan kantor camat, mohon segera ditangani.', region: '16.02.05', channel: 'whatsapp', reporter: citizen.body.data.id, confidential: true }),
    });
    const id = c.body.data.id;
    // The admin moves it along so the agencies can see it.
    await directus(`/items/complaints/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'verified' }) });
    await directus(`/items/complaints/${id}`, { method: 'PATCH', body: JSON.stringify({ status: 'dispositioned', assigned_agency: agency }) });
    // A revision of the citizen row too, so revisions/activity have something to leak.
    await directus(`/items/citizens/${citizen.body.data.id}`, { method: 'PATCH', body: JSON.stringify({ display_name: NAME }) });
    return c.body.data;
  };
  const mine = await mk('DPUPR');
  reportId = mine.id;
  ticket = mine.ticket;
  otherId = (await mk('DINKES')).id;
  for (const [role, email] of Object.entries(ROLES)) tokens[role] = await loginAs(email);
}, 60_000);

/** Every way we know to ask Directus for the reporter. */
const PATHS = () => [
  `/items/complaints/${reportId}?fields=reporter.*`,
  `/items/complaints/${reportId}?fields=reporter`,
  `/items/complaints/${reportId}?fields=*.*.*`,
  `/items/complaints?fields=*,reporter.wa_id&filter[id][_eq]=${reportId}`,
  `/items/complaints?filter[reporter][wa_id][_eq]=${waId}&fields=id`,
  `/items/complaints?aggregate[countDistinct]=reporter`,
  `/items/complaints?groupBy[]=reporter&aggregate[count]=id`,
  `/items/complaints?export=json&fields=*.*&filter[id][_eq]=${reportId}`,
  `/items/complaint_updates?fields=*.*.*&filter[complaint][_eq]=${reportId}`,
  `/items/assignments?fields=*.*.*&filter[complaint][_eq]=${reportId}`,
  `/items/citizens`,
  `/items/citizens?aggregate[count]=id`,
  `/items/conversations`,
  `/items/wa_messages`,
  `/revisions?filter[collection][_eq]=citizens&fields=*`,
  `/revisions?filter[collection][_eq]=complaints&fields=data,delta`,
  `/activity?fields=*.*`,
  `/users?fields=*`,
  `/files?fields=*`,
  `/kanal-aduan/track/${ticket}`,
];

describe('confidentiality of the reporter', () => {
  for (const role of Object.keys(ROLES)) {
    it(`${role} cannot reach the reporter's name, number or wa_id by any path`, async () => {
      for (const path of PATHS()) {
        const res = await directus<unknown>(path, { token: tokens[role]! });
        const text = JSON.stringify(res.body);
        expect(text, `${role} GET ${path}`).not.toContain(waId);
        expect(text, `${role} GET ${path}`).not.toContain(NAME);
      }
      // Asking for the relation by name: Directus 11.17 either refuses (403) or leaves the field out.
      const asked = await directus<{ data?: Record<string, unknown> }>(`/items/complaints/${reportId}?fields=id,reporter.wa_id`, { token: tokens[role]! });
      if (asked.status !== 403) expect(asked.body.data ?? {}, `${role}: reporter must not be in the answer`).not.toHaveProperty('reporter');
      expect((await directus('/items/citizens', { token: tokens[role]! })).status).toBe(403);
    });
  }

  it('the verifikator does see the reporter (they need to contact them)', async () => {
    const verifikator = await loginAs('verifikator@example.com');
    const res = await directus<{ data: { reporter: { wa_id: string } } }>(`/items/complaints/${reportId}?fields=reporter.wa_id`, { token: verifikator });
    expect(res.body.data.reporter.wa_id).toBe(waId);
  });

  it("the public tracking endpoint shows a confidential report's status but none of its content", async () => {
    const res = await directus<unknown>(`/kanal-aduan/track/${ticket}`, { token: '' });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('Jalan berlubang di depan kantor camat');
    expect(text).not.toContain(waId);
  });
});

describe('one OPD cannot see another OPD’s reports', () => {
  it('DPUPR cannot read, count, update or follow up a DINKES report', async () => {
    const t = tokens.opd_officer!;
    expect((await directus(`/items/complaints/${otherId}`, { token: t })).status).toBe(403);
    const count = await directus<{ data: Array<{ count: { id: number | string } }> }>(`/items/complaints?aggregate[count]=id&filter[id][_eq]=${otherId}`, { token: t });
    expect(Number(count.body.data[0]!.count.id)).toBe(0);
    const all = await directus<{ data: Array<{ assigned_agency: string }> }>('/items/complaints?fields=assigned_agency&limit=-1', { token: t });
    expect(new Set(all.body.data.map((r) => r.assigned_agency))).toEqual(new Set(['DPUPR']));
    expect((await directus(`/items/complaints/${otherId}`, { method: 'PATCH', token: t, body: JSON.stringify({ status: 'in_progress' }) })).status).toBe(403);
    const followUp = await directus(`/items/complaint_updates`, { method: 'POST', token: t, body: JSON.stringify({ complaint: otherId, kind: 'follow_up', public: true, body: 'Bukan laporan kami.' }) });
    expect(followUp.status).toBe(403);
    expect((await directus(`/items/assignments?filter[complaint][_eq]=${otherId}`, { token: t })).body).toEqual({ data: [] });
  });

  it('the Camat reads reports in the kecamatan but cannot move ones assigned elsewhere', async () => {
    const t = tokens.camat!;
    expect((await directus(`/items/complaints/${otherId}?fields=id,ticket`, { token: t })).status).toBe(200);
    const move = await directus(`/items/complaints/${otherId}`, { method: 'PATCH', token: t, body: JSON.stringify({ status: 'in_progress' }) });
    expect(move.status).toBe(403);
  });

  it('Pimpinan reads everything and writes nothing but «Pesan pimpinan»', async () => {
    const t = tokens.pimpinan!;
    expect((await directus(`/items/complaints/${otherId}?fields=id`, { token: t })).status).toBe(200);
    expect((await directus(`/items/complaints/${otherId}`, { method: 'PATCH', token: t, body: JSON.stringify({ status_note: 'x' }) })).status).toBe(403);
    // Any other kind of update fails the policy's validation (kind must be leader_message).
    const note = await directus<{ errors?: Array<{ extensions?: { code?: string } }> }>(`/items/complaint_updates`, { method: 'POST', token: t, body: JSON.stringify({ complaint: otherId, kind: 'internal_note', body: 'x' }) });
    expect(note.status).toBe(400);
    expect(note.body.errors?.[0]?.extensions?.code).toBe('FAILED_VALIDATION');
  });
});
