import { describe, expect, it } from 'vitest';
import { Chat, msg } from './test-chat.ts';

// The intake's goal: a complete, routable report in at most 6 citizen messages.
describe('happy path', () => {
  it('one-shot story with a typed place, a photo and no secrecy: 5 citizen messages', () => {
    const chat = new Chat();
    chat.say('Jalan berlubang besar di depan SD Negeri 2 kelurahan Sukadana, Kayu Agung. Sudah 2 bulan, motor sering jatuh.');
    expect(chat.state?.state).toBe('ask_media'); // category and place were understood from the story
    chat.send(msg.media('image'));
    chat.tap('Selesai');
    chat.tap('Tidak perlu');
    expect(chat.texts()[0]).toContain('• Kategori: Jalan dan Jembatan');
    expect(chat.texts()[0]).toContain('• Lokasi: Sukadana, Kec. Kayu Agung');
    chat.tap('Kirim');
    expect(chat.sent).toBeLessThanOrEqual(6);
    expect(chat.reports).toHaveLength(1);
    expect(chat.reports[0]).toMatchObject({
      kind: 'create_report',
      report: {
        type: 'pengaduan',
        category: 'JALAN',
        region: '16.02.05.1008',
        confidential: false,
        locale: 'id',
        channel: 'whatsapp',
        reporter_wa_id: '6281234567890',
        media: [{ kind: 'image', mime_type: 'image/jpeg' }],
      },
    });
    expect(chat.state).toMatchObject({ state: 'idle', draft: null });
  });

  it('the summary shows the RT/RW the story names, beside the place', () => {
    const chat = new Chat();
    chat.say('Got tersumbat di RT 3 RW 5 kelurahan Sukadana, Kayu Agung, air meluap ke jalan setiap hujan.');
    // "kelurahan" is a keyword of Pemerintahan Desa/Kelurahan as "got" is of drainage, so the bot asks.
    chat.tap('Drainase dan Genangan');
    chat.tap('Lewati');
    chat.tap('Tidak perlu');
    expect(chat.texts()[0]).toContain('• Kategori: Drainase dan Genangan');
    expect(chat.texts()[0]).toContain('• Lokasi: Sukadana, Kec. Kayu Agung, RT 003/RW 005');
  });

  it('one-shot story without a place, then a location pin: 6 citizen messages', () => {
    const chat = new Chat();
    chat.say('Lampu jalan mati sudah seminggu, malam hari gelap sekali dan rawan begal');
    expect(chat.texts()[0]).toContain('Di mana lokasi kejadiannya?');
    chat.send(msg.location(-3.3937, 104.8321, 'Simpang Jua-jua'));
    chat.send(msg.media('image'));
    chat.tap('Selesai');
    chat.tap('Ya, rahasiakan');
    chat.tap('Kirim');
    expect(chat.sent).toBe(6);
    expect(chat.reports[0]).toMatchObject({
      // The pin lies 1.3 km from Jua-jua's centroid: the report carries that kelurahan as its region.
      report: { category: 'PJU', region: '16.02.05.1001', latitude: -3.3937, longitude: 104.8321, address: 'Simpang Jua-jua', confidential: true },
    });
  });

  it('prints a readable transcript of a guided report from the menu', () => {
    const chat = new Chat();
    chat.say('Halo');
    chat.tap('Lapor pengaduan');
    chat.say('sampah');
    chat.say('Sampah menumpuk di pinggir jalan dekat pasar, sudah seminggu tidak diangkut dan baunya menyengat');
    chat.say('desa sukadna');
    chat.tap('Ya, benar');
    chat.send(msg.media('image'));
    chat.send(msg.media('video'));
    chat.tap('Selesai');
    chat.tap('Tidak perlu');
    chat.tap('Kirim');
    const transcript = chat.transcript();
    console.log(`\n${transcript}\n\n(${chat.sent} citizen messages)`);
    for (const line of [
      '👤 Halo',
      '🤖 Halo, Siti 👋',
      '  - Lapor pengaduan',
      '👤 [Lapor pengaduan]',
      '🤖 Silakan ceritakan apa yang terjadi.',
      '🤖 Ceritanya masih terlalu singkat',
      'Apakah lokasinya di *Sukadana, Kec. Kayu Agung*?',
      '[Ya, benar] [Bukan]',
      'Lampiran diterima (2).',
      '• Kategori: Sampah dan Kebersihan',
      '• Lampiran: 2 berkas',
      '[Kirim] [Ubah] [Batal]',
      'nomor tiket *ADU-2611-00042*',
    ]) {
      expect(transcript).toContain(line);
    }
    expect(chat.reports).toHaveLength(1);
    expect(chat.reports[0]).toMatchObject({
      report: {
        category: 'SAMPAH',
        region: '16.02.05.1008',
        description: 'sampah\nSampah menumpuk di pinggir jalan dekat pasar, sudah seminggu tidak diangkut dan baunya menyengat',
      },
    });
  });
});
