// Spam triage at filing, end to end: citizens chat with the real bot through the
// WA simulator; what they send is scored by the intake (core triageFiling) and
// lands in the verifikator's "Perlu verifikasi" or "Mungkin spam" bookmark
// (the bookmarks' own filters from schema/src/presets.ts, asked as the verifikator).
import { textFingerprint } from '@kanal-aduan/core';
import { PRESETS } from '@kanal-aduan/schema/src/presets.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { directus, loginAs, uniqueWaId } from './helpers.ts';
import { fileThroughBot, SimChat } from './sim-chat.ts';

const bookmark = (name: string) => {
  const p = PRESETS.find((x) => x.bookmark === name && x.role === PRESETS.find((y) => y.bookmark === 'Perlu verifikasi')!.role);
  if (!p) throw new Error(`no bookmark ${name}`);
  return p.filter;
};

let verifikator = '';
let officer = '';
beforeAll(async () => {
  verifikator = await loginAs('verifikator@example.com');
  officer = await loginAs('opd.pupr@example.com');
});

/** Ids of `ids` the verifikator sees in a bookmark (its filter, ANDed with the ids). */
async function inBookmark(name: string, ids: number[]): Promise<number[]> {
  const filter = { _and: [bookmark(name), { id: { _in: ids } }] };
  const r = await directus<{ data: Array<{ id: number }> }>(`/items/complaints?fields=id&filter=${encodeURIComponent(JSON.stringify(filter))}`, { token: verifikator });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data.map((x) => x.id).sort();
}

type Row = { id: number; ticket: string; spam_score: number; likely_spam: boolean; spam_reasons: Array<{ code: string; detail_id: string; weight: number }> | null; not_spam: boolean | null; spam_signals: Record<string, number | boolean> | null };
async function report(ticket: string): Promise<Row> {
  const r = await directus<{ data: Row[] }>(`/items/complaints?filter[ticket][_eq]=${ticket}&fields=id,ticket,spam_score,likely_spam,spam_reasons,not_spam,spam_signals`, { token: verifikator });
  expect(r.status).toBe(200);
  return r.body.data[0]!;
}

describe('spam triage at filing', () => {
  const filed: Record<string, Row> = {};

  it('a real report reaches "Perlu verifikasi"; a promotion, an insult and a prank land in "Mungkin spam" with their reasons', async () => {
    // Four citizens writing at the same time, as they do.
    const [real, promo, insult, prank] = await Promise.all([
      fileThroughBot(new SimChat(uniqueWaId(), 'Rina'), 'Jalan berlubang besar di depan SD Negeri 2 Kayu Agung, sudah dua motor jatuh minggu ini'),
      fileThroughBot(new SimChat(uniqueWaId(), 'Promo'), 'PROMO pinjaman online cepat cair tanpa jaminan, bunga rendah! Hubungi 0812-3456-7890 atau klik bit.ly/pinjamcepat sekarang'),
      fileThroughBot(new SimChat(uniqueWaId(), 'Iseng'), 'Dasar goblok bangsat kalian semua, anjing!'),
      fileThroughBot(new SimChat(uniqueWaId(), 'Usil'), 'lapor pak, kambing saya jatuh cinta sama sapi tetangga wkwkwk tolong dinikahkan'),
    ]);
    filed['real'] = await report(real);
    filed['promo'] = await report(promo);
    filed['insult'] = await report(insult);
    filed['prank'] = await report(prank);
    const ids = Object.values(filed).map((r) => r.id);

    expect(await inBookmark('Perlu verifikasi', ids)).toEqual([filed['real'].id]);
    expect(await inBookmark('Mungkin spam', ids)).toEqual([filed['promo'].id, filed['insult'].id, filed['prank'].id].sort());
    expect(filed['prank'].spam_reasons?.map((r) => r.code)).toContain('PRANK');
    expect(filed['real'].likely_spam).toBe(false);
    expect(filed['real'].spam_score).toBeLessThan(0.6);
    expect(filed['promo'].spam_score).toBeGreaterThanOrEqual(0.6);
    expect(filed['promo'].spam_reasons?.map((r) => r.code)).toEqual(expect.arrayContaining(['PROMO_LINK', 'CONTACT_NUMBER']));
    expect(filed['insult'].spam_reasons?.map((r) => r.code)).toContain('PROFANITY');
    expect(filed['insult'].spam_reasons?.[0]?.detail_id).toMatch(/Kata kasar/);
    // The counts the score used come from the database: this citizen's messages in the last hour.
    expect(filed['real'].spam_signals).toMatchObject({ identicalFromOtherNumbers: 0, rejectedReports: 0 });
    expect(Number(filed['real'].spam_signals?.['messagesLastHour'])).toBeGreaterThanOrEqual(5);
  }, 240_000);

  it('the same text already sent from three other numbers today is a copy-paste flood', async () => {
    const story = 'Info penting untuk warga: bagikan pesan ini ke semua grup keluarga dan tetangga hari ini juga';
    for (let i = 0; i < 3; i++) {
      const c = await directus<{ data: { id: string } }>('/items/citizens', { method: 'POST', body: JSON.stringify({ wa_id: uniqueWaId(), display_name: `Salinan ${i}`, locale: 'id', blocked: false }) });
      const r = await directus('/items/complaints', {
        method: 'POST',
        body: JSON.stringify({ type: 'pengaduan', category: 'JALAN', description: story.toUpperCase(), region: '16.02.05', channel: 'whatsapp', reporter: c.body.data.id, text_fingerprint: textFingerprint(story) }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const flood = await report(await fileThroughBot(new SimChat(uniqueWaId(), 'Berantai'), story));
    expect(flood.likely_spam).toBe(true);
    expect(flood.spam_reasons?.find((r) => r.code === 'FLOOD')?.detail_id).toBe('Teks yang sama dikirim dari 3 nomor lain.');
    expect(await inBookmark('Mungkin spam', [flood.id])).toEqual([flood.id]);
  }, 120_000);

  it('a greeting is never filed: the bot asks kindly for the problem', async () => {
    const waId = uniqueWaId();
    const chat = new SimChat(waId, 'Salam');
    await chat.say('Halo');
    expect(chat.texts().join('\n')).toContain('Selamat datang');
    await chat.tap('Lapor pengaduan');
    await chat.say('Selamat pagi bapak ibu, assalamualaikum, mohon izin mau lapor');
    expect(chat.texts().join('\n')).toContain('mohon ceritakan masalahnya');
    await chat.say('halo min, tes tes');
    expect(chat.texts().join('\n')).toContain('mohon ceritakan masalahnya');
    const mine = await directus<{ data: unknown[] }>(`/items/complaints?filter[reporter][wa_id][_eq]=${waId}&fields=id`);
    expect(mine.body.data).toEqual([]);
  }, 120_000);

  it('an officer can neither read the reasons nor filter or sort by them; only the verifikator\'s "bukan spam" is writable', async () => {
    const promo = filed['promo']!;
    for (const q of [
      'fields=id,spam_reasons',
      'fields=id,likely_spam',
      `fields=id&filter=${encodeURIComponent(JSON.stringify({ spam_reasons: { _nnull: true } }))}`,
      `fields=id&filter=${encodeURIComponent(JSON.stringify({ likely_spam: { _eq: true } }))}`,
      `fields=id&filter=${encodeURIComponent(JSON.stringify({ duplicate_suggestion: { ticket: { _nnull: true } } }))}`,
      'fields=id&sort=spam_signals',
    ]) {
      const r = await directus(`/items/complaints?${q}`, { token: officer });
      expect(r.status, q).toBe(403);
    }
    const write = await directus(`/items/complaints/${promo.id}`, { method: 'PATCH', token: officer, body: JSON.stringify({ not_spam: true }) });
    expect(write.status).toBe(403);
    // The verifikator may not clear the flag by hand, only answer "bukan spam".
    const forged = await directus(`/items/complaints/${promo.id}`, { method: 'PATCH', token: verifikator, body: JSON.stringify({ likely_spam: false }) });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await report(promo.ticket)).likely_spam).toBe(true);
  }, 60_000);

  it('"bukan spam" moves the report back to "Perlu verifikasi" and is kept as the verdict', async () => {
    const insult = filed['insult']!;
    const r = await directus(`/items/complaints/${insult.id}`, { method: 'PATCH', token: verifikator, body: JSON.stringify({ not_spam: true }) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await inBookmark('Perlu verifikasi', [insult.id])).toEqual([insult.id]);
    expect(await inBookmark('Mungkin spam', [insult.id])).toEqual([]);
    const after = await report(insult.ticket);
    expect(after).toMatchObject({ not_spam: true, likely_spam: false });
    // Nothing is deleted: the score and its reasons stay for the record.
    expect(after.spam_reasons?.map((x) => x.code)).toContain('PROFANITY');
  }, 60_000);
});
