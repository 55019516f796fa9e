// Attack: learn who reported a confidential report from what the citizen wrote
// or the photos they sent. The citizen answers the verifikator's question on
// WhatsApp with their name, number and NIK, and sends a phone photo that
// carries EXIF GPS and Artist; an officer uploads a photo with the same kind of
// EXIF. The officer, the Kepala OPD and the Camat then read the report through
// REST and GraphQL and download the photos through /assets: no number, no name,
// no EXIF. The verifikator still reads the original and can hide more by hand.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KECAMATAN } from '../../../seeds/src/users.ts';
import { directus, env, loginAs, sim, uniqueWaId, waitFor } from '../helpers.ts';
import { SimChat, type SimEntry } from '../sim-chat.ts';

type Row = Record<string, any>;
type Out = SimEntry & { body: Record<string, any> };

const NAME = 'Sulastri Wulandari';
const PHONE_SPELLINGS = ['0813-7766-5544', '+62 813 7766 5544'];
const NIK = '1602054507880003';
/** Every way the secret could show up in a response: digits of the number (any spelling), the NIK, each name. */
const SECRETS = [/8137766\s?5544|813[\s.-]?7766[\s.-]?5544/, new RegExp(NIK), /sulastri/i, /wulandari/i];
const ANSWER = `Nama saya ${NAME}, HP ${PHONE_SPELLINGS[0]} atau ${PHONE_SPELLINGS[1]}, NIK ${NIK}. Lubangnya di depan warung, dekat tiang listrik nomor 14.`;
const DESCRIPTION = `Jalan berlubang besar di depan rumah saya, sudah dua bulan. Saya ${NAME}, bisa dihubungi di 081377665544.`;
const ARTIST = 'Sulastri W, HP 081377665544';

// Directus's own sharp (runtime/directus), to write a JPEG the way a phone camera does.
const sharp = createRequire(fileURLToPath(new URL('../../../runtime/directus/node_modules/directus/cli.js', import.meta.url)))('sharp') as (
  input: Record<string, unknown>,
) => { withExif(e: Record<string, Record<string, string>>): { jpeg(): { toBuffer(): Promise<Buffer> } } };

async function phonePhoto(gray: string): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: gray } })
    .withExif({
      IFD0: { Artist: ARTIST, Make: 'Samsung', Model: 'SM-A155F' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '3/1 23/1 3741/100', GPSLongitudeRef: 'E', GPSLongitude: '104/1 49/1 5556/100' },
    })
    .jpeg()
    .toBuffer();
}

/** The JPEG header segments before the image data: APP1 holds EXIF (and XMP). */
function jpegSegments(jpeg: Buffer): Array<{ marker: number; head: string }> {
  expect(jpeg.subarray(0, 2), 'a JPEG starts with SOI').toEqual(Buffer.from([0xff, 0xd8]));
  const out: Array<{ marker: number; head: string }> = [];
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff && jpeg[at + 1] !== 0xda) {
    const len = jpeg.readUInt16BE(at + 2);
    out.push({ marker: jpeg[at + 1]!, head: jpeg.toString('latin1', at + 4, at + 4 + Math.min(len - 2, 12)) });
    at += 2 + len;
  }
  return out;
}

function expectNoExif(bytes: Buffer, what: string) {
  const segments = jpegSegments(bytes);
  expect(segments.filter((s) => s.marker === 0xe1), `${what}: APP1 (Exif/XMP) segments`).toEqual([]);
  expect(segments.filter((s) => s.marker === 0xed || s.marker === 0xfe), `${what}: IPTC or comment segments`).toEqual([]);
  for (const needle of ['Exif', 'GPS', 'Sulastri', '081377665544', 'SM-A155F']) expect(bytes.includes(Buffer.from(needle)), `${what} contains ${needle}`).toBe(false);
}

function expectNoSecret(value: unknown, what: string) {
  const text = JSON.stringify(value);
  for (const secret of SECRETS) expect(text, `${what} leaks ${secret}`).not.toMatch(secret);
}

const textOf = (m: Out): string => m.body.text?.body ?? m.body.interactive?.body?.text ?? JSON.stringify(m.body.template ?? m.body);

async function questionReaches(waId: string, ticket: string, since: number) {
  await waitFor(async () => (await sim<{ messages: Out[] }>(`/sim/messages?to=${waId}&since=${since}&direction=out`)).messages, {
    what: `the verifikator's question to reach ${waId}`,
    until: (ms) => ms.some((m) => textOf(m).includes(ticket)),
    show: (ms) => ms.map(textOf),
  });
}

const gql = (token: string, query: string) =>
  directus<{ data?: Row; errors?: Array<{ message: string }> }>('/graphql', { method: 'POST', token, body: JSON.stringify({ query }) });

async function asset(token: string, file: string, query = ''): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(`${env('KANAL_DIRECTUS_URL')}/assets/${file}${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function upload(token: string, bytes: Buffer, name: string, extra: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  form.append('title', name);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), `${name}.jpg`);
  const res = await fetch(`${env('KANAL_DIRECTUS_URL')}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json().catch(() => null)) as Row | null };
}

describe('a citizen\'s identity in words and photos does not reach agencies', () => {
  const tokens = {} as Record<'verifikator' | 'officer' | 'head' | 'camat', string>;
  let report: Row;
  let waId: string;
  let citizenPhoto: Buffer;
  let officerPhoto: Buffer;
  let citizenFile: string;
  let officerFile: string;

  beforeAll(async () => {
    tokens.verifikator = await loginAs('verifikator@example.com');
    tokens.officer = await loginAs('opd.pupr@example.com');
    tokens.head = await loginAs('kepala.pupr@example.com');
    tokens.camat = await loginAs('camat.kayuagung@example.com');
    citizenPhoto = await phonePhoto('#707070');
    officerPhoto = await phonePhoto('#909090');
    // The photos really carry what we look for afterwards.
    expect(jpegSegments(citizenPhoto).some((s) => s.marker === 0xe1 && s.head.startsWith('Exif'))).toBe(true);
    expect(citizenPhoto.includes(Buffer.from('081377665544'))).toBe(true);

    // A confidential report from a citizen of Kayu Agung (the Camat's kecamatan), filed as the intake does.
    waId = uniqueWaId();
    const citizen = await directus<{ data: Row }>('/items/citizens', {
      method: 'POST', body: JSON.stringify({ wa_id: waId, phone: `+${waId}`, display_name: NAME, locale: 'id', blocked: false }),
    });
    expect(citizen.status, JSON.stringify(citizen.body)).toBe(200);
    const created = await directus<{ data: Row }>('/items/complaints', {
      method: 'POST',
      token: env('KANAL_SERVICE_TOKEN'),
      body: JSON.stringify({
        type: 'pengaduan', category: 'JALAN', title: `Saya ${NAME}: jalan berlubang`, description: DESCRIPTION, region: DEMO_KECAMATAN.code,
        address: 'Jl. Letnan Mukhtar Saleh', channel: 'whatsapp', reporter: citizen.body.data.id, confidential: true, locale: 'id',
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    report = created.body.data;

    // Tunda twice: the citizen answers the first question in words, the second with a photo.
    const chat = new SimChat(waId, NAME);
    const patch = (body: Row) => directus(`/items/complaints/${report.id}`, { method: 'PATCH', token: tokens.verifikator, body: JSON.stringify(body) });
    const status = async () => (await directus<{ data: Row }>(`/items/complaints/${report.id}?fields=status`)).body.data.status;
    for (const [question, answer] of [
      ['Mohon sebutkan patokan lokasi yang jelas.', () => chat.say(ANSWER)],
      ['Mohon kirim foto lubangnya.', () => chat.send({ type: 'image', media: { mime_type: 'image/jpeg', bytes_base64: citizenPhoto.toString('base64') } }, '(foto)')],
    ] as const) {
      const since = (await sim<{ lastSeq: number }>('/sim/messages?direction=all')).lastSeq;
      const asked = await patch({ status: 'needs_info', status_note: question });
      expect(asked.status, JSON.stringify(asked.body)).toBe(200);
      await questionReaches(waId, report.ticket, since);
      await answer();
      await waitFor(status, { what: "the answer to send the report back to the verifikator", until: (s) => s === "received" });
    }

    // Verified and dispositioned to DPUPR, accepted by the officer.
    for (const body of [{ status: 'verified' }, { status: 'dispositioned', assigned_agency: 'DPUPR' }]) {
      const r = await patch(body);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const accepted = await directus(`/items/complaints/${report.id}`, { method: 'PATCH', token: tokens.officer, body: JSON.stringify({ status: 'in_progress' }) });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);

    const media = await directus<{ data: Row[] }>(`/items/complaint_media?filter[complaint][_eq]=${report.id}&fields=file`);
    expect(media.body.data).toHaveLength(1);
    citizenFile = media.body.data[0]!.file;

    // The officer posts a follow-up with a photo straight from their phone.
    const uploaded = await upload(tokens.officer, officerPhoto, 'sesudah-ditambal');
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    officerFile = uploaded.body!.data.id;
    const posted = await directus('/items/complaint_updates', {
      method: 'POST', token: tokens.officer,
      body: JSON.stringify({ complaint: report.id, kind: 'follow_up', public: false, body: 'Sudah ditinjau.', media: [{ file: officerFile, kind: 'image' }] }),
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
  }, 240_000);

  const agencies = ['officer', 'head', 'camat'] as const;

  it.each(agencies)('%s reads the citizen\'s answer and the description with identity hidden (REST)', async (who) => {
    const updates = await directus<{ data: Row[] }>(`/items/complaint_updates?filter[complaint][_eq]=${report.id}&fields=*`, { token: tokens[who] });
    expect(updates.status).toBe(200);
    const said = updates.body.data.find((u) => u.kind === 'citizen_message' && String(u.body).includes('tiang listrik'));
    expect(said, 'the answer is readable').toBeDefined();
    expect(said!.body).toBe('Nama saya [nama pelapor disembunyikan], HP [nomor HP disembunyikan] atau [nomor HP disembunyikan], NIK [NIK disembunyikan]. Lubangnya di depan warung, dekat tiang listrik nomor 14.');
    expect(said).not.toHaveProperty('body_private');
    expectNoSecret(updates.body, `${who} /items/complaint_updates`);

    const complaint = await directus<{ data: Row }>(`/items/complaints/${report.id}?fields=*,updates.*`, { token: tokens[who] });
    expect(complaint.status).toBe(200);
    expect(complaint.body.data.description).toBe('Jalan berlubang besar di depan rumah saya, sudah dua bulan. Saya [nama pelapor disembunyikan], bisa dihubungi di [nomor HP disembunyikan].');
    expect(complaint.body.data).not.toHaveProperty('description_private');
    expect(complaint.body.data.title).toBe('Saya [nama pelapor disembunyikan]: jalan berlubang');
    expectNoSecret(complaint.body, `${who} /items/complaints`);

    // Asking for the original by name, or filtering on it, is refused.
    for (const path of [
      `/items/complaint_updates?filter[complaint][_eq]=${report.id}&fields=body_private`,
      `/items/complaint_updates?filter[body_private][_contains]=0813`,
      `/items/complaints/${report.id}?fields=description_private`,
    ]) {
      const r = await directus(path, { token: tokens[who] });
      expect(r.status, `${who} ${path}: ${JSON.stringify(r.body)}`).toBe(403);
    }
  });

  it.each(agencies)('%s reads nothing identifying through GraphQL', async (who) => {
    const r = await gql(tokens[who], `{ complaint_updates(filter: { complaint: { id: { _eq: ${report.id} } } }) { kind body } complaints_by_id(id: ${report.id}) { description updates { body } } }`);
    expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
    expect(r.body.data!.complaint_updates.some((u: Row) => u.kind === 'citizen_message' && /\[nomor HP disembunyikan\]/.test(u.body))).toBe(true);
    expectNoSecret(r.body, `${who} GraphQL`);
    const asked = await gql(tokens[who], `{ complaint_updates(filter: { complaint: { id: { _eq: ${report.id} } } }) { body_private } }`);
    expect(asked.body.errors?.length, 'body_private is not in the agency schema').toBeGreaterThan(0);
    expectNoSecret(asked.body, `${who} GraphQL body_private`);
  });

  it.each(agencies)('%s downloads both photos without EXIF, and their metadata is empty', async (who) => {
    for (const [file, what] of [[citizenFile, 'the citizen\'s photo'], [officerFile, 'the officer\'s photo']] as const) {
      // Cleaning runs right after the upload (the files hook); until it has, agencies get 403, never the raw bytes.
      const first = await waitFor(() => asset(tokens[who], file), { what: `${who} may download ${what}`, timeoutMs: 45_000, until: (a) => a.status === 200, show: (a) => a.status });
      expectNoExif(first.bytes, `${who}: ${what}`);
      expect(first.bytes.length).toBeGreaterThan(100);
      const resized = await asset(tokens[who], file, '?width=32&format=jpg');
      expect(resized.status).toBe(200);
      expectNoExif(resized.bytes, `${who}: ${what} resized`);
      const row = await directus<{ data: Row }>(`/files/${file}?fields=*`, { token: tokens[who] });
      expect(row.status, JSON.stringify(row.body)).toBe(200);
      expect(row.body.data.metadata ?? null, `${who}: ${what} metadata`).toBeNull();
      expectNoSecret(row.body, `${who}: ${what} row`);
    }
  });

  it('the verifikator reads the originals and hides more by hand; nothing else of a citizen message can be changed', async () => {
    const updates = await directus<{ data: Row[] }>(`/items/complaint_updates?filter[complaint][_eq]=${report.id}&filter[kind][_eq]=citizen_message&fields=id,body,body_private&sort=id`, { token: tokens.verifikator });
    expect(updates.status).toBe(200);
    const said = updates.body.data.find((u) => u.body_private === ANSWER);
    expect(said, JSON.stringify(updates.body.data)).toBeDefined();
    const complaint = await directus<{ data: Row }>(`/items/complaints/${report.id}?fields=description,description_private`, { token: tokens.verifikator });
    expect(complaint.body.data.description_private).toBe(DESCRIPTION);

    // «Warung» would tell the officer which house: the verifikator hides it; a number typed back in stays hidden.
    const edited = await directus<{ data: Row }>(`/items/complaint_updates/${said!.id}?fields=body,body_private`, {
      method: 'PATCH', token: tokens.verifikator, body: JSON.stringify({ body: 'Lubangnya dekat tiang listrik nomor 14 [disembunyikan verifikator]. HP 0813 7766 5544' }),
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.data).toEqual({ body: 'Lubangnya dekat tiang listrik nomor 14 [disembunyikan verifikator]. HP [nomor HP disembunyikan]', body_private: ANSWER });
    const seen = await directus<{ data: Row }>(`/items/complaint_updates/${said!.id}?fields=body`, { token: tokens.officer });
    expect(seen.body.data.body).toBe('Lubangnya dekat tiang listrik nomor 14 [disembunyikan verifikator]. HP [nomor HP disembunyikan]');

    for (const body of [{ body_private: 'x' }, { kind: 'internal_note' }, { public: true }]) {
      const r = await directus(`/items/complaint_updates/${said!.id}`, { method: 'PATCH', token: tokens.verifikator, body: JSON.stringify(body) });
      expect(r.status, `${JSON.stringify(body)}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
    }
    // Only citizen messages: the history rows stay as the hook wrote them.
    const history = await directus<{ data: Row[] }>(`/items/complaint_updates?filter[complaint][_eq]=${report.id}&filter[kind][_eq]=status_change&fields=id&limit=1`);
    const r = await directus(`/items/complaint_updates/${history.body.data[0]!.id}`, { method: 'PATCH', token: tokens.verifikator, body: JSON.stringify({ body: 'diubah' }) });
    expect(r.status).toBe(403);
    // Officers may not edit a citizen message at all.
    const officer = await directus(`/items/complaint_updates/${said!.id}`, { method: 'PATCH', token: tokens.officer, body: JSON.stringify({ body: 'x' }) });
    expect(officer.status).toBe(403);
  });

  it('no role may mark its own upload as cleaned', async () => {
    for (const who of ['officer', 'verifikator'] as const) {
      const forged = await upload(tokens[who], officerPhoto, 'palsu', { metadata_cleaned: 'true' });
      expect(forged.status, `${who}: ${JSON.stringify(forged.body)}`).toBe(403);
    }
  });
});
