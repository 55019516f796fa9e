// «Pesan pimpinan» end to end: the Bupati, logged in through the real REST API,
// writes to a report's citizen; the message reaches the citizen on WhatsApp once,
// labelled and signed, through the same outbox and n8n routing flow as an
// officer's follow-up. Attempts to sign in another's name, hide it, send another
// kind, send an empty one, or (as an officer) send one are refused.
import { describe, expect, it } from 'vitest';
import { directus, fileReport, loginAs, sim, uniqueWaId, waitFor } from './helpers.ts';

type SimEntry = { seq: number; wa_id: string; type: string; body: Record<string, any> };
type Row = Record<string, any>;
type Answer = { data?: Row; errors?: Array<{ message: string; extensions?: { code?: string } }> };

const lastSeq = async () => (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;
const outTo = async (to: string, since: number) => (await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${to}&since=${since}&direction=out`)).messages;
const textOf = (m: SimEntry): string => m.body['text']?.body ?? JSON.stringify(m.body['template'] ?? m.body);
const post = (token: string, payload: Row) =>
  directus<Answer>('/items/complaint_updates?fields=id,kind,public,author,body', { method: 'POST', token, body: JSON.stringify(payload) });

describe('«Pesan pimpinan»: the Bupati writes to the reporter', () => {
  it('reaches the citizen once on WhatsApp, labelled and signed by the policy, and shows on the report\'s history', async () => {
    const waId = uniqueWaId();
    // The citizen has written today, so the message goes out as text (inside the 24-hour window).
    const hello = await lastSeq();
    await sim('/sim/inbound', { from: waId, name: 'Rina', text: 'Halo' });
    await waitFor(() => outTo(waId, hello), { what: 'the menu', timeoutMs: 60_000, until: (ms) => ms.length > 0 });
    const report = await fileReport({ waId, name: 'Rina', description: 'Jembatan gantung ke sekolah putus, anak-anak menyeberang sungai.' });

    const bupati = await loginAs('bupati@example.com');
    const since = await lastSeq();
    const words = 'Saya sudah meminta Dinas PUPR memasang jembatan darurat pekan ini. Terima kasih sudah melapor.';
    const sent = await post(bupati, { complaint: report.id, body: words });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);

    // Signed and made public by the presets, whatever the Pimpinan sent.
    const me = (await directus<{ data: { id: string } }>('/users/me?fields=id', { token: bupati })).body.data.id;
    const stored = (await directus<{ data: Row }>(`/items/complaint_updates/${sent.body.data!['id']}?fields=kind,public,author,agency,body`)).body.data;
    expect(stored).toMatchObject({ kind: 'leader_message', public: true, author: me, agency: null, body: words });

    const got = await waitFor(() => outTo(waId, since), {
      what: 'the Pimpinan\'s message on WhatsApp (see test/artifacts/logs/n8n.log)', timeoutMs: 60_000,
      until: (ms) => ms.some((m) => textOf(m).includes(words)),
      show: (ms) => ms.map(textOf),
    });
    const message = got.find((m) => textOf(m).includes(words))!;
    expect(message.type).toBe('text');
    expect(textOf(message)).toContain(`*Pesan pimpinan* dari Bupati tentang laporan *${report.ticket}*`);
    // Once: wait for the outbox sweep's next rounds, then count.
    await new Promise((r) => setTimeout(r, 6_000));
    expect((await outTo(waId, since)).filter((m) => textOf(m).includes(words))).toHaveLength(1);

    // The phone dashboard's history sheet shows it with its label.
    const history = await directus<{ data: { entries: Array<{ kind: string; label: string; body: string }> } }>(`/kanal-aduan/pimpinan/laporan/${report.id}`, { token: bupati });
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    expect(history.body.data.entries).toContainEqual(expect.objectContaining({ kind: 'leader_message', label: 'Pesan pimpinan', body: words }));

    // It is not the agency's response: no deadline stamp moved.
    const after = (await directus<{ data: Row }>(`/items/complaints/${report.id}?fields=status,first_response_at`)).body.data;
    expect(after).toEqual({ status: 'received', first_response_at: null });
  });

  it('refuses a forged signature, a hidden or other kind of update, an empty one, and an officer posing as the Pimpinan', async () => {
    const report = await fileReport({ description: 'Lampu jalan di simpang pasar mati sebulan.' });
    const bupati = await loginAs('bupati@example.com');
    const verifikatorId = (await directus<{ data: Array<{ id: string }> }>('/users?filter[email][_eq]=verifikator@example.com&fields=id')).body.data[0]!.id;

    const forged = await post(bupati, { complaint: report.id, body: 'Atas nama verifikator.', author: verifikatorId });
    expect(forged.status, JSON.stringify(forged.body)).toBe(403);
    const hidden = await post(bupati, { complaint: report.id, body: 'Rahasia.', public: false });
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(403);
    const otherKind = await post(bupati, { complaint: report.id, body: 'Catatan.', kind: 'internal_note' });
    expect(otherKind.status, JSON.stringify(otherKind.body)).toBe(400);
    const empty = await post(bupati, { complaint: report.id, body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.[0]?.message).toContain('Pesan pimpinan masih kosong');

    const officer = await loginAs('opd.pupr@example.com');
    const posing = await post(officer, { complaint: report.id, body: 'Pesan palsu.', kind: 'leader_message', public: true });
    expect([400, 403]).toContain(posing.status);

    const rows = (await directus<{ data: Row[] }>(`/items/complaint_updates?filter[complaint][_eq]=${report.id}&filter[kind][_neq]=status_change&fields=kind,body`)).body.data;
    expect(rows).toEqual([]);
  });

  it('an administrator\'s one is for the citizen too, without saying «public»', async () => {
    const report = await fileReport({ description: 'Saluran air di depan masjid tersumbat, air meluap ke jalan.' });
    const sent = await directus<Answer>('/items/complaint_updates?fields=kind,public', {
      method: 'POST', body: JSON.stringify({ complaint: report.id, kind: 'leader_message', body: 'Sudah saya teruskan ke Dinas PUPR.' }),
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.data).toEqual({ kind: 'leader_message', public: true });
  });
});
