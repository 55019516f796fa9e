import { describe, expect, it } from 'vitest';
import { findIdentity, plausibleNik, redact, redactIdentity, REDACTION_PLACEHOLDERS } from './identity.ts';

const kinds = (text: string, names: string[] = []) => findIdentity(text, { names }).map((s) => [s.kind, s.text]);
const hidden = (text: string, names: string[] = []) => redactIdentity(text, { names }).text;

describe('findIdentity: phone numbers', () => {
  it.each([
    '081234567890',
    '0812-3456-7890',
    '0812 3456 7890',
    '0812.3456.7890',
    '+6281234567890',
    '+62 812 3456 7890',
    '+62-812-3456-7890',
    '+62 (812) 3456-7890',
    '6281234567890',
    '62 812 3456 7890',
    '0062 812 3456 7890',
    '0857 1122 334',
    '(0711) 123456',
    '0711-356789',
    '+1 415 555 2671',
  ])('finds %s', (spelling) => {
    const text = `Bisa hubungi saya di ${spelling}, terima kasih.`;
    expect(kinds(text)).toEqual([['phone', spelling]]);
    expect(hidden(text)).toBe(`Bisa hubungi saya di ${REDACTION_PLACEHOLDERS.phone}, terima kasih.`);
  });

  it('finds a number glued to its label and one followed by another figure', () => {
    expect(kinds('HP0812-3456-7890 ya')).toEqual([['phone', '0812-3456-7890']]);
    expect(kinds('WA:081234567890')).toEqual([['phone', '081234567890']]);
    expect(hidden('no 0812 3456 7890 2026 bulan ini')).toBe(`no ${REDACTION_PLACEHOLDERS.phone} 2026 bulan ini`);
  });

  it('finds two numbers in one message', () => {
    expect(kinds('0812-1111-2222 atau +62 813 3333 4444')).toEqual([
      ['phone', '0812-1111-2222'],
      ['phone', '+62 813 3333 4444'],
    ]);
  });
});

describe('findIdentity: NIK and e-mail', () => {
  it('finds a plausible NIK written together or in groups, also a woman\'s (day + 40)', () => {
    expect(kinds('NIK saya 3171011503900001')).toEqual([['nik', '3171011503900001']]);
    expect(kinds('ktp 1602 0155 0890 0002 ya')).toEqual([['nik', '1602 0155 0890 0002']]);
    // Kalimantan Tengah starts with 62: a NIK, not a phone.
    expect(kinds('6271034107850003')).toEqual([['nik', '6271034107850003']]);
  });

  it('judges the parts of a NIK', () => {
    expect(plausibleNik('3171011503900001')).toBe(true);
    expect(plausibleNik('3171015503900001')).toBe(true); // day 15 + 40
    expect(plausibleNik('9971011503900001')).toBe(false); // no province 99
    expect(plausibleNik('3171011513900001')).toBe(false); // month 13
    expect(plausibleNik('3171011503900000')).toBe(false); // serial 0000
  });

  it('takes an implausible 16 digits only when labelled NIK/KTP', () => {
    expect(kinds('rekening 1234567890123456')).toEqual([]);
    expect(kinds('NIK: 1234567890123456')).toEqual([['nik', '1234567890123456']]);
  });

  it('finds e-mail addresses', () => {
    expect(kinds('email budi.santoso+aduan@gmail.co.id ya')).toEqual([['email', 'budi.santoso+aduan@gmail.co.id']]);
    expect(hidden('kirim ke siti_62812@yahoo.com')).toBe(`kirim ke ${REDACTION_PLACEHOLDERS.email}`);
  });
});

describe('findIdentity: the reporter\'s names', () => {
  it('finds the whole name and its distinctive words, case and spacing aside', () => {
    expect(kinds('Saya BUDI   santoso, warga RT 03', ['Budi Santoso'])).toEqual([['name', 'BUDI   santoso']]);
    expect(kinds('Salam, santoso', ['Budi Santoso'])).toEqual([['name', 'santoso']]);
    expect(kinds('Budi-Santoso di sini', ['Budi Santoso'])).toEqual([['name', 'Budi-Santoso']]);
  });

  it('matches whole words only and leaves short or ordinary words', () => {
    // "Ani" must not hit "Ranitidin" or "panitia"; "Sri" and "Jaya" alone are ordinary.
    expect(kinds('panitia membagikan Ranitidin', ['Ani'])).toEqual([]);
    expect(kinds('Toko Sri Jaya tutup', ['Sri Jaya Kusuma'])).toEqual([]);
    expect(kinds('Ibu Kusuma lewat Jalan Sri Jaya', ['Sri Jaya Kusuma'])).toEqual([['name', 'Kusuma']]);
    expect(kinds('Pak RT sudah tahu', ['Pak'])).toEqual([]);
    expect(kinds('Jalan rusak', ['Jo'])).toEqual([]);
  });

  it('finds a name after "nama saya", "saya bernama", "atas nama"', () => {
    expect(kinds('nama saya Siti Aminah, HP 0812-3456-7890')).toEqual([
      ['name', 'Siti Aminah'],
      ['phone', '0812-3456-7890'],
    ]);
    expect(hidden('Saya bernama Rudi Hartono dari RT 02')).toBe(`Saya bernama ${REDACTION_PLACEHOLDERS.name} dari RT 02`);
    expect(hidden('laporan atas nama Dewi.')).toBe(`laporan atas nama ${REDACTION_PLACEHOLDERS.name}.`);
    expect(hidden('nama saya budi mau tanya')).toBe(`nama saya ${REDACTION_PLACEHOLDERS.name} mau tanya`);
  });
});

describe('findIdentity: what must stay', () => {
  it.each([
    'Laporan ADU-2611-00042 belum ditindaklanjuti',
    'cek ADU-2612-01234',
    'Kejadian tanggal 03-12-2026 jam 14.30',
    'sejak 2026-11-15 dan 15/11/2026',
    'Rumah di RT 03 RW 05 No. 12',
    'RT 003/RW 005 Kelurahan Sukadana',
    'Biaya Rp 50.000 dan Rp 1.250.000 diminta petugas',
    'Rp1.500.000,00 per bulan',
    'Jalan Merdeka No. 45B, kode pos 30611',
    'Lubang 2 x 3 meter, dalam 30 cm, sudah 3 minggu',
    'Jl. Sudirman Km 12,5 depan SPBU 24.301.75',
    'Nomor rekening 0123456',
    'koordinat -3.4012, 104.8230',
    'Ada 081 warga terdampak', // too short for a phone
  ])('leaves %s', (text) => {
    expect(findIdentity(text, { names: ['Budi Santoso'] })).toEqual([]);
    expect(hidden(text, ['Budi Santoso'])).toBe(text);
  });
});

describe('redact', () => {
  it('replaces each span with its placeholder and keeps the rest', () => {
    const text = 'Nama saya Budi Santoso, HP 0812 3456 7890, NIK 3171011503900001, email budi@contoh.id. Jalan di depan rumah rusak.';
    const { text: out, spans } = redactIdentity(text, { names: ['Budi Santoso'] });
    expect(spans.map((s) => s.kind)).toEqual(['name', 'phone', 'nik', 'email']);
    expect(out).toBe('Nama saya [nama pelapor disembunyikan], HP [nomor HP disembunyikan], NIK [NIK disembunyikan], email [email disembunyikan]. Jalan di depan rumah rusak.');
  });

  it('merges overlapping spans and returns the text unchanged without spans', () => {
    expect(redact('abc 123', [])).toBe('abc 123');
    expect(redact('0123456789', [{ start: 0, end: 6, kind: 'phone', text: '' }, { start: 4, end: 10, kind: 'nik', text: '' }])).toBe('[nomor HP disembunyikan]');
  });

  it('is stable: redacting a redacted text changes nothing', () => {
    const once = hidden('nama saya Budi Santoso 081234567890', ['Budi Santoso']);
    expect(hidden(once, ['Budi Santoso'])).toBe(once);
  });
});
