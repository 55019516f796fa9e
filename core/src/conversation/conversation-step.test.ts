import { describe, expect, it } from 'vitest';
import { trainTriage } from '../triage/suggest.ts';
import { SendMessage } from '../whatsapp/outbound.ts';
import { SEED_CATEGORIES } from './fixtures.ts';
import { conversationStep } from './conversation-step.ts';
import { Chat, WA_ID, context, msg, options } from './test-chat.ts';
import type { ConversationState, OwnReport } from './types.ts';

const titles = (chat: Chat, i = -1) => options(chat.last!.replies.at(i)!).map((o) => o.title);

/** A chat that has reached a given step of a complaint (pengaduan). */
function chatAt(step: string): Chat {
  const chat = new Chat();
  chat.say('halo');
  chat.tap('Lapor pengaduan');
  if (step === 'ask_description') return chat;
  chat.say('Ada masalah yang ingin saya sampaikan ke pemerintah, mohon dibantu ya pak');
  if (step === 'ask_category') return chat;
  chat.tap('Jalan dan Jembatan');
  if (step === 'ask_place') return chat;
  chat.say('desa sukadna');
  if (step === 'confirm_place') return chat;
  chat.tap('Ya, benar');
  if (step === 'ask_media') return chat;
  chat.tap('Lewati');
  if (step === 'ask_confidential') return chat;
  chat.tap('Tidak perlu');
  if (step === 'confirm') return chat;
  throw new Error(step);
}
const STEPS = ['ask_description', 'ask_category', 'ask_place', 'confirm_place', 'ask_media', 'ask_confidential', 'confirm'];

describe('reaching each step', () => {
  it.each(STEPS)('%s', (step) => {
    expect(chatAt(step).state?.state).toBe(step);
  });
});

describe('menu', () => {
  it('greets a first contact by name with a list of the six choices', () => {
    const chat = new Chat();
    chat.say('Assalamualaikum');
    expect(chat.texts()[0]).toContain('Halo, Siti');
    expect(titles(chat)).toEqual(['Lapor pengaduan', 'Aspirasi/Saran', 'Minta informasi', 'Cek status', 'Bantuan', 'Temu Bupati']);
    expect(chat.state?.state).toBe('menu');
  });

  it.each([
    ['1', 'ask_description'],
    ['2', 'ask_type'],
    ['3', 'ask_description'],
    ['4', 'menu'],
    ['5', 'menu'],
  ])('typing %s picks that row', (typed, state) => {
    const chat = new Chat();
    chat.say('halo');
    chat.say(typed);
    expect(chat.state?.state).toBe(state);
  });

  it.each([['lapor', 'pengaduan'], ['saran', 'saran'], ['aspirasi', 'aspirasi'], ['minta informasi', 'informasi']])(
    '%j starts a %s right away',
    (typed, type) => {
      const chat = new Chat();
      chat.say(typed);
      expect(chat.state?.draft?.type).toBe(type);
      expect(chat.state?.state).toBe('ask_description');
    },
  );

  it('"menu" in the middle of a report drops the draft and shows the menu', () => {
    const chat = chatAt('ask_place');
    chat.say('menu');
    expect(chat.state).toMatchObject({ state: 'menu', draft: null });
    expect(chat.texts()[0]).toContain('belum selesai kami batalkan');
    expect(titles(chat)).toContain('Lapor pengaduan');
  });
});

describe('batal and bantuan at any point', () => {
  it.each(STEPS)('"batal" at %s cancels without storing anything', (step) => {
    const chat = chatAt(step);
    const r = chat.say('batal');
    expect(r.effects).toEqual([]);
    expect(chat.state).toMatchObject({ state: 'idle', draft: null });
    expect(chat.texts()).toEqual([expect.stringContaining('laporan ini kami batalkan')]);
  });

  it('"batal" with nothing going on says so and shows the menu', () => {
    const chat = new Chat();
    chat.say('batal');
    expect(chat.texts()[0]).toContain('tidak ada laporan yang sedang Anda isi');
    expect(chat.state?.state).toBe('menu');
  });

  it.each(STEPS)('"bantuan" at %s explains and asks the same question again, keeping the draft', (step) => {
    const chat = chatAt(step);
    const before = chat.state!.draft;
    chat.say('bantuan');
    expect(chat.texts()[0]).toContain('Cara menggunakan *Lapor Bupati OKI*');
    expect(chat.texts()).toHaveLength(2);
    expect(chat.state?.state).toBe(step);
    expect(chat.state?.draft?.description).toEqual(before?.description);
  });

  it('a long description that mentions "batal" is a description, not a command', () => {
    const chat = chatAt('ask_description');
    chat.say('Proyek perbaikan jalan batal dikerjakan padahal sudah diumumkan');
    expect(chat.state?.draft?.description).toHaveLength(1);
  });
});

describe('report types', () => {
  it('aspirasi/saran asks the type with two buttons, skips place and media', () => {
    const chat = new Chat();
    chat.say('halo');
    chat.tap('Aspirasi/Saran');
    expect(titles(chat)).toEqual(['Aspirasi', 'Saran']);
    chat.tap('Saran');
    chat.say('Mohon jam layanan puskesmas diperpanjang sampai sore agar pekerja bisa berobat');
    expect(chat.state?.state).toBe('ask_confidential'); // "puskesmas" chose the category
    chat.tap('Tidak perlu');
    chat.tap('Kirim');
    expect(chat.reports[0]).toMatchObject({ report: { type: 'saran', category: 'KESEHATAN', region: null, media: [] } });
  });

  it('minta informasi needs only a question and a category', () => {
    const chat = new Chat();
    chat.say('halo');
    chat.tap('Minta informasi');
    chat.say('Bagaimana cara mengurus KTP elektronik yang hilang di kecamatan?');
    expect(chat.state?.state).toBe('confirm');
    chat.tap('Kirim');
    expect(chat.reports[0]).toMatchObject({ report: { type: 'informasi', category: 'ADMINDUK', confidential: false } });
  });
});

describe('category read by the routing model', () => {
  // Flood stories told in words no category keyword has ("terendam"): the desk's history filed them as BENCANA.
  const history = Array.from({ length: 12 }, (_, i) => ({ text: `rumah warga di dusun ${i} terendam setinggi lutut`, region: null, category: 'BENCANA', agency: 'BPBD' }))
    .concat(Array.from({ length: 12 }, (_, i) => ({ text: `jalan rusak berlubang dekat sekolah ${i}`, region: null, category: 'JALAN', agency: 'DPUPR' })));
  const models = trainTriage(history, SEED_CATEGORIES, { now: new Date('2026-11-01T00:00:00Z') });
  const reader = (min_confidence: number) => ({ category: models.category, keywordVotes: models.keywordVotes, min_confidence });
  const story = 'Rumah-rumah di dusun kami terendam sejak subuh, setinggi lutut orang dewasa';
  const tell = (over: Parameters<typeof context>[0]) => {
    const chat = new Chat(over);
    chat.say('halo');
    chat.tap('Lapor pengaduan');
    chat.say(story);
    return chat;
  };

  it('skips the category question when the keywords do not decide and the model is sure', () => {
    expect(tell({}).state?.state).toBe('ask_category');
    const chat = tell({ category_reader: reader(0.6) });
    expect(chat.state?.draft?.category).toBe('BENCANA');
    expect(chat.state?.state).not.toBe('ask_category');
  });

  it('still asks when the model is not sure enough', () => {
    expect(tell({ category_reader: reader(1.01) }).state?.state).toBe('ask_category');
  });
});

describe('category', () => {
  it('lists at most 10 rows, keeps "Lainnya" on the page and pages through the rest', () => {
    const chat = chatAt('ask_category');
    const first = titles(chat);
    expect(first).toHaveLength(10);
    expect(first).toContain('Lainnya');
    expect(first.at(-1)).toBe('Kategori lain…');
    chat.tap('Kategori lain…');
    const second = titles(chat);
    expect(second).toContain('Lainnya');
    expect(second.filter((t) => first.includes(t) && t !== 'Lainnya' && t !== 'Kategori lain…')).toEqual([]);
    chat.tap('Kategori lain…');
    chat.tap('Pertanian dan Pupuk');
    expect(chat.state?.draft?.category).toBe('PERTANIAN');
  });

  it('shortens long names to fit WhatsApp rows and puts the full name in the description', () => {
    const chat = chatAt('ask_category');
    chat.tap('Kategori lain…');
    const list = chat.last!.replies[0]!;
    const rows = list.type === 'interactive' && list.interactive.type === 'list' ? list.interactive.action.sections[0]!.rows : [];
    const pungli = rows.find((r) => r.id === 'cat:PUNGLI');
    expect(pungli?.title.length).toBeLessThanOrEqual(24);
    expect(pungli?.description).toBe('Pungutan Liar dan Integritas Aparatur');
  });

  it.each([
    ['lampu jalan', 'PJU'],
    ['sampah', 'SAMPAH'],
    ['Jalan dan Jembatan', 'JALAN'],
    ['2', 'DRAINASE'],
  ])('typed %j -> %s', (typed, code) => {
    const chat = chatAt('ask_category');
    chat.say(typed);
    expect(chat.state?.draft?.category).toBe(code);
    expect(chat.state?.state).toBe('ask_place');
  });

  it('orders the list by what the story suggests when the keyword fits several', () => {
    const chat = chatAt('ask_category');
    chat.say('sampah dan limbah'); // two categories fit equally
    expect(chat.state?.state).toBe('ask_category');
    expect(titles(chat).slice(0, 2).sort()).toEqual(['Pencemaran Lingkungan', 'Sampah dan Kebersihan']);
    chat.say('2');
    expect(chat.state?.draft?.category).toBe('SAMPAH');
  });

  it('answers nonsense with a polite "please choose" and the list again', () => {
    const chat = chatAt('ask_category');
    chat.say('qwerty');
    expect(chat.texts()[0]).toContain('belum memahami');
    expect(titles(chat)).toHaveLength(10);
  });
});

describe('place', () => {
  it.each([
    ['kec. kayu agung', '16.02.05'],
    ['kayuagung', '16.02.05.1002'],
    ['Sukadana, Kayu Agung', '16.02.05.1008'],
  ])('%j is understood without a question', (typed, code) => {
    const chat = chatAt('ask_place');
    chat.say(typed);
    expect(chat.state?.draft?.region).toBe(code);
    expect(chat.state?.state).toBe('ask_media');
  });

  it('a typo gets a confirmation; "Bukan" asks again', () => {
    const chat = chatAt('ask_place');
    chat.say('desa sukadna');
    expect(titles(chat)).toEqual(['Ya, benar', 'Bukan']);
    chat.tap('Bukan');
    expect(chat.state?.state).toBe('ask_place');
    expect(chat.state?.draft?.region).toBeNull();
  });

  it('"ya" typed confirms; another place typed instead is matched again', () => {
    const a = chatAt('confirm_place');
    a.say('iya');
    expect(a.state?.draft?.region).toBe('16.02.05.1008');
    const b = chatAt('confirm_place');
    b.say('kec pedamaran');
    expect(b.state?.draft?.region).toBe('16.02.03');
  });

  it('namesakes come as a list to choose from, by tap or by number', () => {
    const chat = chatAt('ask_place');
    chat.say('sukaraja');
    expect(titles(chat)).toEqual(['Sukaraja', 'Sukaraja', 'Sukaraja']);
    chat.say('3');
    expect(chat.state?.draft?.region).toBe('16.02.19.2006');
    const tapped = chatAt('ask_place');
    tapped.say('tanjung lubuk');
    tapped.send(msg.row('place:16.02.05.2013', 'Tanjung Lubuk'));
    expect(tapped.state?.draft).toMatchObject({ region: '16.02.05.2013', place_label: 'Tanjung Lubuk, Kec. Kayu Agung' });
  });

  it('an unknown place is said back to the citizen', () => {
    const chat = chatAt('ask_place');
    chat.say('Jakarta Selatan');
    expect(chat.texts()[0]).toContain('belum menemukan "Jakarta Selatan"');
    expect(chat.state?.state).toBe('ask_place');
  });

  it('a location pin is accepted at any step, replaces a typed place and names the desa it falls in', () => {
    const chat = chatAt('confirm');
    chat.send(msg.location(-3.4, 104.83));
    expect(chat.state?.draft).toMatchObject({ region: '16.02.05.1001', place_label: 'Jua-jua, Kec. Kayu Agung', latitude: -3.4, longitude: 104.83 });
    expect(chat.texts()[0]).toContain('Titik lokasi -3.40000, 104.83000, sekitar Jua-jua, Kec. Kayu Agung');
  });

  it('a pin far from every desa of the regency keeps the pin and leaves the desa to the verifikator', () => {
    const chat = chatAt('confirm');
    chat.send(msg.location(-6.2, 106.8));
    expect(chat.state?.draft).toMatchObject({ region: null, place_label: null, latitude: -6.2, longitude: 106.8 });
    expect(chat.texts()[0]).toContain('Titik lokasi -6.20000, 106.80000');
    expect(chat.texts()[0]).not.toContain('sekitar');
  });

  it('a place typed after a pin replaces both the pin and the desa taken from it', () => {
    const chat = chatAt('confirm');
    chat.send(msg.location(-3.4, 104.83));
    chat.tap('Ubah');
    chat.tap('Lokasi');
    chat.say('kec pedamaran');
    expect(chat.state?.draft).toMatchObject({ region: '16.02.03', place_label: 'Kec. Pedamaran', latitude: null, longitude: null });
    expect(chat.texts()[0]).toContain('• Lokasi: Kec. Pedamaran');
  });
});

describe('description', () => {
  it('nudges when too short and joins the messages', () => {
    const chat = chatAt('ask_description');
    chat.say('rusak');
    expect(chat.texts()[0]).toContain('minimal 20 huruf');
    chat.say('jembatan kayu di dusun 3 patah');
    expect(chat.state?.draft?.description).toEqual(['rusak', 'jembatan kayu di dusun 3 patah']);
    expect(chat.state?.draft?.category).toBe('JALAN');
  });

  it('keeps more story sent while the bot already asks for photos', () => {
    const chat = chatAt('ask_media');
    chat.say('oh ya, lubangnya sudah 3 kali bikin orang jatuh');
    expect(chat.state?.state).toBe('ask_media');
    expect(chat.state?.draft?.description.at(-1)).toBe('oh ya, lubangnya sudah 3 kali bikin orang jatuh');
  });
});

describe('media', () => {
  it.each(['image', 'video', 'audio', 'document'] as const)('accepts %s and counts it', (kind) => {
    const chat = chatAt('ask_media');
    chat.send(msg.media(kind));
    expect(chat.state?.draft?.media).toEqual([
      expect.objectContaining({ kind, wa_media_id: expect.stringMatching(/^media\./), mime_type: expect.any(String) }),
    ]);
    expect(chat.texts()[0]).toContain('Lampiran diterima (1)');
    expect(titles(chat)).toEqual(['Selesai']);
  });

  it.each(['lewati', 'skip', 'tidak ada', 'lanjut', 'selesai'])('%j moves on', (typed) => {
    const chat = chatAt('ask_media');
    chat.say(typed);
    expect(chat.state?.state).toBe('ask_confidential');
  });

  it('a photo with a caption as the very first message starts a report with its story', () => {
    const chat = new Chat();
    chat.send(msg.media('image', 'Got mampet di depan rumah, air meluap ke jalan kalau hujan'));
    expect(chat.state?.draft).toMatchObject({ type: 'pengaduan', category: 'DRAINASE' });
    expect(chat.state?.draft?.media).toHaveLength(1);
    expect(chat.state?.state).toBe('ask_place');
  });

  it('a photo sent while another question is open is kept and the question repeated', () => {
    const chat = chatAt('ask_place');
    chat.send(msg.media('image'));
    expect(chat.state?.draft?.media).toHaveLength(1);
    expect(chat.state?.state).toBe('ask_place');
  });
});

describe('confidentiality and summary', () => {
  it.each([
    ['ya', true],
    ['tidak', false],
    ['Ya, rahasiakan', true],
  ])('%j -> confidential %s', (typed, value) => {
    const chat = chatAt('ask_confidential');
    chat.say(typed);
    expect(chat.state?.draft?.confidential).toBe(value);
    expect(chat.state?.state).toBe('confirm');
  });

  it('asks again when the answer is neither', () => {
    const chat = chatAt('ask_confidential');
    chat.say('maksudnya apa?');
    expect(chat.state?.state).toBe('ask_confidential');
    expect(titles(chat)).toEqual(['Ya, rahasiakan', 'Tidak perlu']);
  });

  it('"Ubah" lets the citizen fix one part and comes back to the summary', () => {
    const chat = chatAt('confirm');
    chat.tap('Ubah');
    expect(titles(chat)).toEqual(['Jenis', 'Uraian', 'Kategori', 'Lokasi', 'Lampiran', 'Kerahasiaan']);
    chat.tap('Lokasi');
    expect(chat.state?.state).toBe('ask_place');
    chat.say('kec pedamaran');
    expect(chat.state?.state).toBe('confirm');
    expect(chat.texts()[0]).toContain('• Lokasi: Kec. Pedamaran');
  });

  it('typed "kirim" sends; Batal cancels', () => {
    const a = chatAt('confirm');
    a.say('kirim');
    expect(a.reports).toHaveLength(1);
    const b = chatAt('confirm');
    b.tap('Batal');
    expect(b.reports).toHaveLength(0);
    expect(b.state?.draft).toBeNull();
  });
});

describe('stale buttons', () => {
  it('a button from an earlier step re-asks the current question', () => {
    const chat = chatAt('ask_place');
    chat.send(msg.button('conf:yes', 'Ya, rahasiakan'));
    expect(chat.texts()[0]).toContain('dari pesan sebelumnya');
    expect(chat.texts()[1]).toContain('Di mana lokasi kejadiannya?');
    expect(chat.state?.draft?.confidential).toBeNull();
  });

  it('tapping "Kirim" twice creates one report; the second tap gets the menu', () => {
    const chat = chatAt('confirm');
    chat.tap('Kirim');
    chat.send(msg.button('sum:send', 'Kirim'));
    expect(chat.reports).toHaveLength(1);
    expect(chat.last?.effects).toEqual([]);
    expect(chat.texts()[0]).toContain('dari pesan sebelumnya');
    expect(chat.state?.state).toBe('menu');
  });

  it('an old menu row while a report is being written does not start another', () => {
    const chat = chatAt('ask_media');
    chat.send(msg.row('menu:report', 'Lapor pengaduan'));
    expect(chat.state?.state).toBe('ask_media');
    expect(chat.state?.draft?.category).toBe('JALAN');
  });

  it('an unknown button id is answered, never thrown', () => {
    const chat = new Chat();
    chat.send(msg.button('something:else'));
    expect(chat.texts()[0]).toContain('dari pesan sebelumnya');
  });
});

describe('draft expiry', () => {
  it('a draft untouched for more than 24 h is dropped with a notice', () => {
    const chat = chatAt('ask_place');
    chat.now = new Date(chat.now.getTime() + 25 * 3_600_000);
    chat.say('halo');
    expect(chat.texts()[0]).toContain('lebih dari 24 jam');
    expect(chat.state).toMatchObject({ state: 'menu', draft: null });
  });

  it('a button tapped after expiry gets the notice and the menu, not an action', () => {
    const chat = chatAt('confirm');
    chat.now = new Date(chat.now.getTime() + 30 * 3_600_000);
    chat.tap('Kirim');
    expect(chat.reports).toHaveLength(0);
    expect(chat.texts()).toHaveLength(2);
    expect(chat.state?.state).toBe('menu');
  });

  it('a new story after expiry starts a fresh report', () => {
    const chat = chatAt('ask_place');
    chat.now = new Date(chat.now.getTime() + 48 * 3_600_000);
    chat.say('Lampu jalan mati di depan masjid desa Sukadana sudah seminggu');
    expect(chat.state?.draft).toMatchObject({ category: 'PJU', region: '16.02.05.1008' });
  });

  it('23 hours later the draft is still there', () => {
    const chat = chatAt('ask_place');
    chat.now = new Date(chat.now.getTime() + 23 * 3_600_000);
    chat.say('kec. kayu agung');
    expect(chat.state?.draft?.region).toBe('16.02.05');
  });
});

describe('cek status', () => {
  const mine: OwnReport[] = [
    { ticket: 'ADU-2611-00042', status: 'in_progress', category: 'Jalan dan Jembatan', agency: 'Dinas PUPR', received_at: '2026-11-02T03:00:00Z', last_update: 'Tim sudah survei lokasi.', due: '2026-11-30T16:59:59Z' },
    { ticket: 'ADU-2611-00050', status: 'received', category: 'Sampah dan Kebersihan', agency: null, received_at: '2026-11-20T03:00:00Z', last_update: null, due: null },
    { ticket: 'ADU-2610-00007', status: 'closed', category: 'Lainnya', agency: null, received_at: '2026-10-01T03:00:00Z', last_update: null, due: null },
  ];

  it('answers the sender’s own ticket in words, with agency and last follow-up', () => {
    const chat = new Chat({ reports: mine });
    chat.say('cek adu-2611-00042');
    const t = chat.texts()[0]!;
    expect(t).toContain('Status laporan *ADU-2611-00042*');
    expect(t).toContain('Sedang Ditindaklanjuti');
    expect(t).toContain('Ditangani oleh: Dinas PUPR');
    expect(t).toContain('Diterima: 2 November 2026');
    expect(t).toContain('Tim sudah survei lokasi.');
  });

  it('anyone else’s ticket is "tidak ditemukan"', () => {
    const chat = new Chat({ reports: mine });
    chat.say('cek ADU-2611-00099');
    expect(chat.texts()[0]).toContain('tidak menemukan laporan dengan nomor *ADU-2611-00099*');
  });

  it('"cek" alone lists the open reports; tapping one shows it', () => {
    const chat = new Chat({ reports: mine });
    chat.say('cek');
    expect(titles(chat)).toEqual(['ADU-2611-00042', 'ADU-2611-00050']);
    chat.tap('ADU-2611-00050');
    expect(chat.texts()[0]).toContain('*Diterima*');
  });

  it('with one open report "cek" answers it directly; with none it says so', () => {
    const one = new Chat({ reports: mine.slice(1) });
    one.say('cek');
    expect(one.texts()[0]).toContain('ADU-2611-00050');
    const none = new Chat({ reports: [] });
    none.say('cek');
    expect(none.texts()[0]).toContain('tidak ada laporan Anda yang masih berjalan');
  });

  it('cek in the middle of a report answers and keeps the draft', () => {
    const chat = new Chat({ reports: mine });
    chat.say('halo');
    chat.tap('Lapor pengaduan');
    chat.say('Jembatan gantung di dusun 2 talinya putus dan miring');
    chat.say('cek ADU-2611-00042');
    expect(chat.texts()).toHaveLength(2);
    expect(chat.state?.draft?.category).toBe('JALAN');
    expect(chat.state?.state).toBe('ask_place');
  });

  it('a report joined into another shows the original it follows: its status, office and follow-up, and counts as in progress while that one is', () => {
    const joined: OwnReport = {
      ticket: 'ADU-2611-00061', status: 'rejected', category: 'Jalan dan Jembatan', agency: null, received_at: '2026-11-21T03:00:00Z', last_update: null, due: null,
      joined_to: { ticket: 'ADU-2611-00042', status: 'in_progress', agency: 'Dinas PUPR', last_update: 'Tim sudah survei lokasi.', due: '2026-11-30T16:59:59Z' },
    };
    const chat = new Chat({ reports: [joined] });
    chat.say('cek ADU-2611-00061');
    const t = chat.texts()[0]!;
    expect(t).toContain('*ADU-2611-00061* sudah digabungkan dengan laporan *ADU-2611-00042*');
    expect(t).toContain('Sedang Ditindaklanjuti');
    expect(t).not.toContain('Ditolak');
    expect(t).toContain('Ditangani oleh: Dinas PUPR');
    expect(t).toContain('Tim sudah survei lokasi.');
    // Alone, "cek" answers it directly: the matter is still being handled.
    const alone = new Chat({ reports: [joined] });
    alone.say('cek');
    expect(alone.texts()[0]).toContain('digabungkan dengan laporan *ADU-2611-00042*');
    // Once the original is closed, the joined report is no longer in progress.
    const done = new Chat({ reports: [{ ...joined, joined_to: { ...joined.joined_to!, status: 'closed' } }] });
    done.say('cek');
    expect(done.texts()[0]).toContain('tidak ada laporan Anda yang masih berjalan');
  });

  it('the menu row "Cek status" works too', () => {
    const chat = new Chat({ reports: mine });
    chat.say('halo');
    chat.tap('Cek status');
    expect(titles(chat)).toEqual(['ADU-2611-00042', 'ADU-2611-00050']);
  });
});

describe('unsupported messages never crash', () => {
  it.each([
    ['sticker', { type: 'sticker', sticker: { id: 's1', mime_type: 'image/webp', animated: false } }],
    ['contacts', { type: 'contacts', contacts: [{ name: { formatted_name: 'Budi' } }] }],
    ['unsupported', { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] }],
    ['a type Meta adds later', { type: 'order', order: { catalog_id: '1' } }],
    ['a flow reply', { type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{}' } } }],
  ])('%s gets a short polite reply and leaves the draft alone', (_, body) => {
    const chat = chatAt('ask_place');
    const before = chat.state!.draft;
    chat.send(msg.raw(body));
    expect(chat.texts()).toEqual([expect.stringContaining('jenis pesan ini belum dapat kami proses')]);
    expect(chat.state?.draft?.description).toEqual(before?.description);
    expect(chat.state?.state).toBe('ask_place');
  });
});

describe('webhook kinds that are not chat turns', () => {
  it.each([
    ['a reaction', { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } }],
    ['a removed reaction (no emoji)', { type: 'reaction', reaction: { message_id: 'wamid.x' } }],
    ['an edit', { type: 'edit', edit: { original_message_id: 'wamid.x', message: { type: 'text', text: { body: 'baru' } } } }],
    ['a revoke', { type: 'revoke', revoke: { original_message_id: 'wamid.x' } }],
    ['a number change', { type: 'system', system: { type: 'user_changed_number', wa_id: '6281299999999', body: 'x' } }],
    ['a group message', { type: 'text', text: { body: 'Jalan di desa kami rusak parah sekali pak' }, group_id: 'G1' }],
  ])('%s: no reply and the conversation row is untouched', (_, body) => {
    const chat = chatAt('ask_place');
    const before = structuredClone(chat.state);
    const r = chat.send(msg.raw(body));
    expect(r.replies).toEqual([]);
    expect(r.effects).toEqual([{ kind: 'ignore', reason: 'not_a_turn' }]);
    expect(chat.state).toEqual(before);
  });

  it('request_welcome (first time the chat is opened) gets the greeting menu and starts no report', () => {
    const chat = new Chat();
    const r = chat.send(msg.raw({ type: 'request_welcome' }));
    expect(chat.texts()[0]).toContain('Selamat datang');
    expect(r.replies[0]?.type).toBe('interactive');
    expect(r.effects).toEqual([]);
    expect(chat.state?.state).toBe('menu');
    expect(chat.state?.draft).toBeNull();
  });

  it('a username user (business-scoped id, no phone) is answered at that id, never at digits made from it', () => {
    const r = conversationStep(null, { wa_id: 'ID.1502576394655843', name: 'Siti', message: msg.text('halo') }, context());
    expect(r.replies[0]).toMatchObject({ recipient: 'ID.1502576394655843' });
    expect(r.replies[0]).not.toHaveProperty('to');
  });
});

describe('flood, blocked, duplicates', () => {
  it('more than 20 messages a minute: one warning, then quiet, then normal again', () => {
    const chat = new Chat();
    const replies: number[] = [];
    for (let i = 0; i < 25; i++) {
      chat.now = new Date(Date.parse('2026-11-24T02:00:00Z') + i * 1000);
      replies.push(chat.say('halo').replies.length);
    }
    expect(replies.slice(0, 20).every((n) => n === 1)).toBe(true);
    expect(chat.lines.filter((l) => l.includes('jeda sebentar'))).toHaveLength(1);
    expect(replies.slice(21)).toEqual([0, 0, 0, 0]);
    expect(chat.last?.effects).toEqual([{ kind: 'ignore', reason: 'flood' }]);
    chat.now = new Date(Date.parse('2026-11-24T02:10:00Z'));
    expect(chat.say('halo').replies).toHaveLength(1);
  });

  it('a blocked citizen is ignored and nothing changes', () => {
    const state: ConversationState = { state: 'ask_place', draft: null, locale: 'id', last_inbound_at: null, flood: null };
    const r = conversationStep(state, { wa_id: WA_ID, message: msg.text('halo') }, context({ blocked: true }));
    expect(r).toEqual({ state, replies: [], effects: [{ kind: 'ignore', reason: 'blocked' }] });
  });

  it('the same webhook delivered twice changes nothing the second time', () => {
    const chat = chatAt('confirm');
    const send = msg.button('sum:send', 'Kirim');
    chat.send(send);
    const after = chat.state;
    const again = chat.send(send);
    expect(again.effects).toEqual([{ kind: 'ignore', reason: 'duplicate' }]);
    expect(again.replies).toEqual([]);
    expect(chat.state).toEqual(after);
    expect(chat.reports).toHaveLength(1);
  });
});

describe('English', () => {
  it('answers in English when the citizen writes English, and keeps it', () => {
    const chat = new Chat();
    chat.say('Hello, I want to report a broken road please');
    expect(chat.state?.locale).toBe('en');
    chat.say('jalan');
    expect(chat.texts()[0]).toContain('That is a bit too short');
    chat.say('The road near the market in Sukadana has big holes since last month');
    expect(chat.texts()[0]).toContain('What is your report about?');
    chat.tap('Roads and bridges');
    expect(chat.state?.draft?.region).toBe('16.02.05.1008'); // "Sukadana" in the story
    chat.tap('Skip');
    chat.tap('No need');
    expect(chat.texts()[0]).toContain('• Category: Roads and bridges');
    chat.tap('Send');
    expect(chat.reports[0]).toMatchObject({ report: { locale: 'en' } });
    expect(chat.transcript()).toContain('We have received your report with ticket number *ADU-2611-00042*');
  });

  it('stays Indonesian for Indonesian and for neutral first messages', () => {
    const a = new Chat();
    a.say('ok');
    expect(a.state?.locale).toBeNull(); // not decided yet; Indonesian meanwhile
    expect(a.texts()[0]).toContain('Selamat datang');
    a.say('halo');
    a.say('hello please');
    expect(a.state?.locale).toBe('id'); // decided by "halo", kept
    expect(a.texts()[0]).toContain('Selamat datang');
  });

  it('uses the citizen’s stored locale until the chat decides', () => {
    const chat = new Chat({ citizen_locale: 'en' });
    chat.say('ok');
    expect(chat.texts()[0]).toContain('Welcome to');
  });
});

describe('robustness', () => {
  it('a row written by an older version starts over instead of crashing', () => {
    const garbled = { state: 'weird_state', draft: { foo: 1 }, locale: 'xx', last_inbound_at: 5, flood: 'x' } as unknown as ConversationState;
    const r = conversationStep(garbled, { wa_id: WA_ID, message: msg.text('halo') }, context());
    expect(r.state).toMatchObject({ state: 'menu', draft: null });
  });

  it('every reply is a valid Cloud API send body', () => {
    const chat = chatAt('confirm');
    chat.tap('Ubah');
    for (const reply of chat.last!.replies) expect(SendMessage.safeParse(reply).success).toBe(true);
  });
});
