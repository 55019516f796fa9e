// Against the running stack (test/e2e/global-setup.ts: Directus on Postgres
// with schema and seeds applied and this bundle loaded). URLs and tokens come
// only from KANAL_DIRECTUS_URL / KANAL_DIRECTUS_TOKEN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const need = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run under the integration project (test/e2e/global-setup.ts)`);
  return v;
};

async function api<T = any>(path: string, init: RequestInit & { token?: string | null } = {}) {
  const token = init.token === undefined ? need('KANAL_DIRECTUS_TOKEN') : init.token;
  const res = await fetch(`${need('KANAL_DIRECTUS_URL')}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The history row is written by an action after the response; give it a moment. */
async function historyOf(id: number, to: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const q = new URLSearchParams({
      'filter[complaint][_eq]': String(id),
      'filter[kind][_eq]': 'status_change',
      'filter[status_to][_eq]': to,
      fields: 'status_from,status_to,body,public,author',
    });
    const res = await api<{ data: Record<string, unknown>[] }>(`/items/complaint_updates?${q}`);
    if (res.body?.data?.length) return res.body.data;
    if (Date.now() > deadline) return [];
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Local YYMM of now in the instance timezone: the ticket's period. */
function periodNow(timezone: string) {
  const parts = new Intl.DateTimeFormat('en', { timeZone: timezone, year: '2-digit', month: '2-digit' }).formatToParts(new Date());
  return `${parts.find((p) => p.type === 'year')!.value}${parts.find((p) => p.type === 'month')!.value}`;
}

const created: number[] = [];
let category: string | undefined;

async function createComplaint(extra: Record<string, unknown> = {}) {
  const res = await api<{ data: Record<string, any> }>('/items/complaints', {
    method: 'POST',
    body: JSON.stringify({
      type: 'pengaduan',
      channel: 'admin',
      description: 'Uji integrasi: lampu jalan mati di depan sekolah.',
      ...(category ? { category } : {}),
      ...extra,
    }),
  });
  if (res.status === 200) created.push(res.body.data['id']);
  return res;
}

describe('complaint lifecycle hooks (Directus bundle)', () => {
  beforeAll(async () => {
    const health = await api('/kanal-aduan/health', { token: null });
    expect(health.status).toBe(200);
    const cats = await api<{ data: Array<{ code: string }> }>('/items/categories?limit=1&fields=code');
    category = cats.body?.data?.[0]?.code;
  });

  afterAll(async () => {
    for (const id of created) {
      const q = new URLSearchParams({ 'filter[complaint][_eq]': String(id), fields: 'id', limit: '-1' });
      const rows = await api<{ data: Array<{ id: number }> }>(`/items/complaint_updates?${q}`);
      const ids = rows.body?.data?.map((r) => r.id) ?? [];
      if (ids.length) await api('/items/complaint_updates', { method: 'DELETE', body: JSON.stringify(ids) });
      await api(`/items/complaints/${id}`, { method: 'DELETE' });
    }
  });

  it('gives a new report its ticket, status received and a verify deadline, and writes the first history row', async () => {
    const settings = await api<{ data: { ticket_prefix?: string; timezone?: string } }>('/items/settings');
    const prefix = settings.body?.data?.ticket_prefix || 'ADU';
    const tz = settings.body?.data?.timezone || process.env['KANAL_TIMEZONE'] || 'Asia/Jakarta';

    const res = await createComplaint({ ticket: 'ADU-0000-99999', status: null });
    expect(res.status).toBe(200);
    const c = res.body.data;
    expect(c['ticket']).toMatch(new RegExp(`^${prefix}-${periodNow(tz)}-\\d{5}$`));
    expect(c['status']).toBe('received');
    expect(c['reopen_count']).toBe(0);
    expect(new Date(c['verify_due']).getTime()).toBeGreaterThan(new Date(c['received_at']).getTime());

    const rows = await historyOf(c['id'], 'received');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status_from: null, status_to: 'received' });
  });

  it('numbers concurrent creates without gaps or duplicates (atomic counter on Postgres)', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => createComplaint()));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const seqs = results.map((r) => Number(String(r.body.data['ticket']).slice(-5))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(8);
    expect(seqs[7]! - seqs[0]!).toBe(7);
  });

  it('refuses an illegal move with the Indonesian reason', async () => {
    const { body } = await createComplaint();
    const res = await api<{ errors: Array<{ message: string; extensions: Record<string, unknown> }> }>(`/items/complaints/${body.data['id']}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]!.extensions['code']).toBe('INVALID_PAYLOAD');
    expect(res.body.errors[0]!.extensions['domain_code']).toBe('COMPLAINT.BAD_TRANSITION');
    expect(res.body.errors[0]!.message).toMatch(/^Status laporan tidak dapat diubah dari «.+» ke «.+»\.$/);
    const after = await api<{ data: { status: string } }>(`/items/complaints/${body.data['id']}?fields=status`);
    expect(after.body.data.status).toBe('received');
  });

  it('verifies: stamps verified_at, writes the history row with the note, and the public tracker shows it', async () => {
    const { body } = await createComplaint();
    const id = body.data['id'] as number;
    const res = await api<{ data: Record<string, any> }>(`/items/complaints/${id}?fields=status,verified_at,ticket`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'verified', status_note: 'Laporan lengkap, diteruskan untuk disposisi.' }),
    });
    expect(res.status).toBe(200);
    expect(res.body.data['status']).toBe('verified');
    expect(res.body.data['verified_at']).toBeTruthy();

    const rows = await historyOf(id, 'verified');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status_from: 'received', status_to: 'verified', body: 'Laporan lengkap, diteruskan untuk disposisi.' });
    expect(rows[0]!['public'] === true || rows[0]!['public'] === 1).toBe(true);

    const track = await api<{ data: Record<string, any> }>(`/kanal-aduan/track/${res.body.data['ticket']}`, { token: null });
    expect(track.status).toBe(200);
    expect(track.body.data['status']).toMatchObject({ code: 'verified', kind: 'open' });
    expect(JSON.stringify(track.body)).not.toContain('reporter');
  });

  it('answers unknown tickets with 404 in Indonesian', async () => {
    const res = await api<{ errors: Array<{ message: string }> }>('/kanal-aduan/track/ADU-0001-00001', { token: null });
    expect(res.status).toBe(404);
    expect(res.body.errors[0]!.message).toContain('tidak ditemukan');
  });
});
