// The public pages (/kanal-aduan/lacak, /kanal-aduan/kinerja) as a citizen's
// phone reaches them: plain HTTP from a chosen loopback address (each test its
// own, so the tracker's per-address budget of one never spends another's), and
// a report filed through the WhatsApp simulator and followed up by DPUPR with a
// photo. Shared by public-pages.int.test.ts and its browser twin.
import { request } from 'node:http';
import { expect } from 'vitest';
import { directus, env, loginAs, uniqueWaId, uploadPng, waitFor } from './helpers.ts';
import { SimChat } from './sim-chat.ts';

export type Page = { status: number; text: string; headers: Record<string, string | string[] | undefined>; bytes: Buffer };

export function fetchFrom(localAddress: string, path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(`${env('KANAL_DIRECTUS_URL')}${path}`, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      localAddress,
      headers: body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } : {},
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, text: bytes.toString('utf8'), headers: res.headers, bytes });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

export const lacak = (address: string, ticket: string, code: string, lang?: 'en') =>
  fetchFrom(address, '/kanal-aduan/lacak', { form: { ticket, code, ...(lang ? { lang } : {}) } });

export type FiledReport = { id: number; ticket: string; code: string; waId: string; story: string; followUp: string; note: string; fileId: string };

/** The hostile follow-up text: it must come out as text, never as markup. */
export const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> Lubang sudah ditambal & diratakan.';

/**
 * A citizen reports on WhatsApp (the simulator) and keeps the ticket and code
 * the bot sends; the verifikator dispositions it to DPUPR; the officer accepts,
 * posts a public follow-up (hostile text, one photo) and an internal note.
 */
export async function reportFollowedUpByDpupr(name = 'Budi'): Promise<FiledReport> {
  const waId = uniqueWaId();
  const chat = new SimChat(waId, name);
  const story = `Jalan berlubang besar di depan SD Negeri 2 kec. kayu agung kelurahan sukadana, motor sering jatuh (${waId.slice(-4)}).`;
  await chat.say(story);
  await chat.tap('Lewati');
  await chat.tap('Tidak perlu');
  await chat.tap('Kirim');
  const text = chat.texts().join('\n');
  const ticket = /\*(ADU-\d{4}-\d{5})\*/.exec(text)?.[1];
  const code = /Kode lacak Anda: \*([A-Z0-9]{8})\*/.exec(text)?.[1];
  expect(ticket, text).toBeTruthy();
  expect(code, text).toBeTruthy();
  const [row] = (await directus<{ data: Array<{ id: number }> }>(`/items/complaints?filter[ticket][_eq]=${ticket}&fields=id`)).body.data;

  const verifikator = await loginAs('verifikator@example.com');
  for (const step of [{ status: 'verified' }, { status: 'dispositioned', assigned_agency: 'DPUPR' }]) {
    const r = await directus(`/items/complaints/${row!.id}`, { method: 'PATCH', token: verifikator, body: JSON.stringify(step) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const officer = await loginAs('opd.pupr@example.com');
  expect((await directus(`/items/complaints/${row!.id}`, { method: 'PATCH', token: officer, body: JSON.stringify({ status: 'in_progress' }) })).status).toBe(200);
  const fileId = await uploadPng(officer, 'sesudah-ditambal');
  const posted = await directus('/items/complaint_updates', {
    method: 'POST', token: officer,
    body: JSON.stringify({ complaint: row!.id, kind: 'follow_up', public: true, body: HOSTILE, media: [{ file: fileId, kind: 'image', caption: 'Sesudah ditambal' }] }),
  });
  expect(posted.status, JSON.stringify(posted.body)).toBe(200);
  const note = `Catatan internal ${waId}: anggaran tambal dari pos darurat.`;
  expect((await directus('/items/complaint_updates', { method: 'POST', token: officer, body: JSON.stringify({ complaint: row!.id, kind: 'internal_note', body: note }) })).status).toBe(200);
  // The file hook strips the photo's metadata and marks it; only then may it be shown.
  await waitFor(async () => (await directus<{ data: { metadata_cleaned: boolean } }>(`/files/${fileId}?fields=metadata_cleaned`)).body.data.metadata_cleaned, {
    what: 'the follow-up photo to be cleaned by the file hook',
    until: (v) => v === true,
    timeoutMs: 60_000,
  });
  return { id: row!.id, ticket: ticket!, code: code!, waId, story, followUp: HOSTILE, note, fileId };
}
