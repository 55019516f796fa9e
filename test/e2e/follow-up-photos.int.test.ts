// Follow-up photos end to end: an OPD officer, logged in through the real REST
// API, posts a public follow-up with a photo uploaded to /files; the citizen
// sees the text and then the image in the WhatsApp simulator. Directus (hook:
// the photo gets its report from the follow-up) -> signed event -> n8n
// routing.json (notice.photos: Directus asset -> Cloud API upload -> image) -> simulator.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { directus, env, loginAs, PNG, sim, uniqueWaId, uploadPng, waitFor } from './helpers.ts';

type SimEntry = { seq: number; wa_id: string; type: string; body: Record<string, any> };
type Row = Record<string, any>;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function lastSeq(): Promise<number> {
  return (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;
}

/** Everything the bot sent `to` after `since`, once `until` holds. */
async function sentTo(to: string, since: number, until: (ms: SimEntry[]) => boolean, what: string): Promise<SimEntry[]> {
  return waitFor(async () => (await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${to}&since=${since}&direction=out`)).messages, {
    what: `${to} to receive ${what} (see test/artifacts/logs/n8n.log)`,
    timeoutMs: 60_000,
    until,
    show: (ms) => ms.map((m) => ({ type: m.type, body: m.body.text?.body ?? m.body.image ?? m.body.template?.name })),
  });
}

/** A report of `waId` assigned to DPUPR, as the verifikator leaves it. */
async function reportAtDpupr(waId: string, name: string): Promise<Row> {
  const citizen = await directus<{ data: { id: string } }>('/items/citizens', {
    method: 'POST',
    body: JSON.stringify({ wa_id: waId, phone: `+${waId}`, display_name: name, locale: 'id', blocked: false }),
  });
  expect(citizen.status, JSON.stringify(citizen.body)).toBe(200);
  const created = await directus<{ data: Row }>('/items/complaints', {
    method: 'POST',
    body: JSON.stringify({
      type: 'pengaduan', category: 'JALAN', title: 'Jalan berlubang', description: 'Lubang besar di depan pasar, motor sering jatuh.',
      region: '16.02.05', address: 'Jl. Letnan Mukhtar Saleh', channel: 'whatsapp', reporter: citizen.body.data.id, confidential: false, locale: 'id',
    }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const verifikator = await loginAs('verifikator@example.com');
  const id = created.body.data.id as number;
  for (const step of [{ status: 'verified' }, { status: 'dispositioned', assigned_agency: 'DPUPR' }]) {
    const r = await directus(`/items/complaints/${id}`, { method: 'PATCH', token: verifikator, body: JSON.stringify(step) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  return created.body.data;
}


async function postFollowUp(token: string, payload: Row) {
  return directus<{ data: Row; errors?: Array<{ message: string; extensions: { code: string } }> }>('/items/complaint_updates?fields=id,complaint,media.id,media.complaint,media.file', {
    method: 'POST', token, body: JSON.stringify({ kind: 'follow_up', public: true, ...payload }),
  });
}

const notes = async (complaint: number) =>
  (await directus<{ data: Array<{ body: string }> }>(`/items/complaint_updates?filter[complaint][_eq]=${complaint}&filter[kind][_eq]=internal_note&fields=body&sort=id`)).body.data.map((n) => n.body);

describe('photos on a public follow-up reach the citizen on WhatsApp', () => {
  it('inside the 24-hour window: the text, then the image; a photo without a file is reported to the officer', async () => {
    const waId = uniqueWaId();
    // The citizen has written today: free-form messages (text, images) are allowed.
    const hello = await lastSeq();
    await sim('/sim/inbound', { from: waId, name: 'Sari', text: 'Halo' });
    await sentTo(waId, hello, (ms) => ms.length > 0, "the bot's answer (the menu)");
    const report = await reportAtDpupr(waId, 'Sari');

    const officer = await loginAs('opd.pupr@example.com');
    expect((await directus(`/items/complaints/${report.id}`, { method: 'PATCH', token: officer, body: JSON.stringify({ status: 'in_progress' }) })).status).toBe(200);
    const fileId = await uploadPng(officer, 'sesudah-ditambal');

    // The follow-up form's «Foto untuk warga»: the photos are created nested, without naming the report.
    const since = await lastSeq();
    const posted = await postFollowUp(officer, {
      complaint: report.id,
      body: 'Lubang sudah ditambal tim DPUPR pagi ini.',
      media: [{ file: fileId, kind: 'image', caption: 'Sesudah ditambal' }, { kind: 'image', caption: 'Foto tanpa berkas' }],
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    const update = posted.body.data;
    // The hook filled the report in on both photos from their follow-up.
    expect(update.media).toEqual([
      expect.objectContaining({ complaint: report.id, file: fileId }),
      expect.objectContaining({ complaint: report.id, file: null }),
    ]);

    const messages = await sentTo(waId, since, (ms) => ms.some((m) => m.type === 'image'), 'the follow-up text and its photo');
    const text = messages.find((m) => m.type === 'text' && m.body.text.body.includes('Lubang sudah ditambal'));
    const image = messages.find((m) => m.type === 'image')!;
    expect(text, 'the follow-up text').toBeDefined();
    expect(image.seq, 'the photo comes after the text').toBeGreaterThan(text!.seq);
    expect(image.body.image.caption).toBe('Sesudah ditambal');
    // The image is the officer's file: uploaded to the (simulated) Cloud API, sent by media id.
    const info = await fetch(`${env('WA_API_BASE_URL')}/v23.0/${image.body.image.id}`, { headers: { authorization: `Bearer ${env('WA_ACCESS_TOKEN')}` } });
    expect(await info.json()).toMatchObject({ mime_type: 'image/png', sha256: sha256(PNG), file_size: PNG.length });

    // The photo without a file did not reach the citizen; the officer reads why on the report.
    const [note] = await waitFor(() => notes(report.id), { what: 'an internal note about the photo that was not sent', until: (ns) => ns.length > 0 });
    expect(note).toContain('1 dari 2 foto tindak lanjut belum terkirim ke warga');
    expect(note).toContain('«Foto tanpa berkas»');
    expect(messages.filter((m) => m.type === 'image')).toHaveLength(1);
    const [sentRow] = (await directus<{ data: Row[] }>(`/items/complaint_media?filter[update][_eq]=${update.id}&filter[file][_nnull]=true&fields=wa_media_id`)).body.data;
    expect(sentRow!.wa_media_id).toBe(image.body.image.id);
    const logged = (await directus<{ data: Row[] }>(`/items/wa_messages?filter[wa_id][_eq]=${waId}&filter[type][_eq]=image&fields=direction,complaint`)).body.data;
    expect(logged).toEqual([{ direction: 'out', complaint: report.id }]);

    // Access: the officer still never reads the reporter through the follow-up; a photo naming another
    // report than its follow-up's is refused; the Camat (another agency) may not add photos to it.
    const identity = await directus<{ data?: { complaint?: Row } }>(`/items/complaint_updates/${update.id}?fields=id,complaint.reporter.wa_id`, { token: officer });
    // Directus either refuses the path or leaves the field out (handling-confidentiality.int.test.ts): never the number.
    if (identity.status !== 403) expect(identity.body.data?.complaint ?? {}).not.toHaveProperty('reporter');
    expect(JSON.stringify(identity.body)).not.toContain(waId);
    const other = await reportAtDpupr(uniqueWaId(), 'Lain');
    const mismatch = await directus<{ errors: Array<{ message: string }> }>('/items/complaint_media', {
      method: 'POST', token: officer, body: JSON.stringify({ update: update.id, complaint: other.id, kind: 'image', file: fileId }),
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0]!.message).toContain('tindak lanjut milik laporan lain');
    const camat = await loginAs('camat.kayuagung@example.com');
    const foreign = await directus('/items/complaint_media', { method: 'POST', token: camat, body: JSON.stringify({ update: update.id, kind: 'image' }) });
    expect(foreign.status).toBe(403);
  }, 240_000);

  it('outside the 24-hour window: the approved template says how many photos there are, no image is sent, the officer is told', async () => {
    // This citizen never wrote to the number (e.g. a report entered by staff): only templates can reach them.
    const waId = uniqueWaId();
    const report = await reportAtDpupr(waId, 'Joko');
    const officer = await loginAs('opd.pupr@example.com');
    const fileId = await uploadPng(officer, 'lokasi');
    const since = await lastSeq();
    const posted = await postFollowUp(officer, { complaint: report.id, body: 'Tim sudah meninjau lokasi.', media: [{ file: fileId, kind: 'image' }] });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);

    // The verification and disposition notices (templates too) may still be on their way: pick the follow-up's.
    const isFollowUp = (m: SimEntry) => m.type === 'template' && m.body.template.name === 'kanal_aduan_tindak_lanjut';
    const template = (await sentTo(waId, since, (ms) => ms.some(isFollowUp), 'the follow-up template')).find(isFollowUp)!;
    const params = template.body.template.components[0].parameters.map((p: { text: string }) => p.text);
    expect(params[1]).toContain('Tim sudah meninjau lokasi.');
    expect(params[1]).toMatch(/Petugas juga melampirkan 1 foto\. WhatsApp tidak mengizinkan kami mengirim foto/);
    const [note] = await waitFor(() => notes(report.id), { what: 'the internal note about the held photo', until: (ns) => ns.length > 0 });
    expect(note).toMatch(/^1 foto tindak lanjut tidak dikirim ke warga/);
    expect((await sim<{ messages: SimEntry[] }>(`/sim/messages?to=${waId}&direction=out`)).messages.filter((m) => m.type === 'image')).toEqual([]);
  }, 180_000);
});
