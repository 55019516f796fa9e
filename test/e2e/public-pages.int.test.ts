// The public pages against the real stack: a citizen's report filed on
// WhatsApp (simulator) and followed up by DPUPR with a photo, then looked up on
// /kanal-aduan/lacak with and without its code; a confidential report and
// another person's report; the rate limit; /kanal-aduan/kinerja's aggregates
// and its ranking switch (settings.public_ranking_enabled).
import { beforeAll, describe, expect, it } from 'vitest';
import { directus, fileReport } from './helpers.ts';
import { fetchFrom, lacak, reportFollowedUpByDpupr, type FiledReport } from './public-pages.ts';

let report: FiledReport;

const expectPageHeaders = (headers: Record<string, unknown>) => {
  expect(String(headers['content-security-policy'])).toContain("default-src 'none'");
  expect(String(headers['content-security-policy'])).not.toContain('script-src');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-content-type-options']).toBe('nosniff');
};

beforeAll(async () => {
  report = await reportFollowedUpByDpupr('Budi Santoso');
}, 240_000);

describe('/kanal-aduan/lacak', () => {
  it('the form is Indonesian first, English on ?lang=en, with the security headers', async () => {
    const id = await fetchFrom('127.0.5.1', '/kanal-aduan/lacak');
    expect(id.status).toBe(200);
    expect(id.text).toContain('<html lang="id">');
    expect(id.text).toContain('Nomor tiket');
    expect(id.text).toContain('method="post"');
    expect(id.text).toContain('href="/kanal-aduan/kinerja"');
    expectPageHeaders(id.headers);
    const en = await fetchFrom('127.0.5.1', '/kanal-aduan/lacak?lang=en');
    expect(en.text).toContain('Ticket number');
    const css = await fetchFrom('127.0.5.1', '/kanal-aduan/gaya.css');
    expect(css.status).toBe(200);
    expect(String(css.headers['content-type'])).toContain('text/css');
  });

  it('with the right code: status, office, the public follow-up as text and its photo; never the reporter or internal notes', async () => {
    const page = await lacak('127.0.5.2', report.ticket.toLowerCase(), report.code.toLowerCase());
    expect(page.status, page.text).toBe(200);
    expectPageHeaders(page.headers);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Sedang Ditindaklanjuti');
    expect(page.text).toContain('Dinas Pekerjaan Umum');
    expect(page.text).toContain('Tindak lanjut');
    // Hostile text comes out escaped: no markup of the officer's reaches the page.
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page.text).not.toContain('<script');
    expect(page.text).not.toContain('<img src=x');
    for (const secret of [report.waId, 'Budi Santoso', report.note, report.code, report.fileId]) expect(page.text).not.toContain(secret);

    const src = /<img src="([^"]+)"/.exec(page.text)?.[1]?.replace(/&#x3D;/g, '=');
    expect(src).toMatch(/^\/kanal-aduan\/lacak\/foto\/\d+\?t=\d+\.[\w-]{43}$/);
    const photo = await fetchFrom('127.0.5.2', src!);
    expect(photo.status).toBe(200);
    expect(String(photo.headers['content-type'])).toMatch(/^image\/png/);
    expect(photo.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(photo.headers['referrer-policy']).toBe('no-referrer');
    // A link with a forged or moved signature, or naming another photo, shows nothing.
    const [path, token] = src!.split('?t=');
    expect((await fetchFrom('127.0.5.2', `${path}?t=${token!.slice(0, -2)}xx`)).status).toBe(404);
    expect((await fetchFrom('127.0.5.2', `${path!.replace(/\d+$/, (n) => String(Number(n) + 1))}?t=${token}`)).status).toBe(404);
    expect((await fetchFrom('127.0.5.2', path!)).status).toBe(404);
    // Directus's own asset route stays closed to the public.
    expect((await fetchFrom('127.0.5.2', `/assets/${report.fileId}`)).status).toBe(403);
  });

  it('a wrong code or none shows the status only, like the JSON tracker', async () => {
    for (const code of ['ZZZZ2222', '']) {
      const page = await lacak('127.0.5.3', report.ticket, code);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Sedang Ditindaklanjuti');
      expect(page.text).toContain('data-testid="status-only"');
      for (const secret of ['Jalan berlubang', 'alert', 'Dinas Pekerjaan Umum', '/lacak/foto/']) expect(page.text).not.toContain(secret);
    }
    const json = await directus<{ data: { status: { label: string }; detail: boolean } }>(`/kanal-aduan/track/${report.ticket}`, { token: '' });
    expect(json.body.data).toMatchObject({ detail: false, status: { label: 'Sedang Ditindaklanjuti' } });
  });

  it('a confidential report shows only its status even with its code; another person’s report shows only its status with my code', async () => {
    const secret = await fileReport({ description: 'Pungli di kantor kelurahan oleh oknum petugas loket.', title: 'Pungutan liar' });
    expect((await directus(`/items/complaints/${secret.id}`, { method: 'PATCH', body: JSON.stringify({ confidential: true }) })).status).toBe(200);
    const { tracking_code: code, ticket } = (await directus<{ data: { tracking_code: string; ticket: string } }>(`/items/complaints/${secret.id}?fields=ticket,tracking_code`)).body.data;
    const page = await lacak('127.0.5.4', ticket, code);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Diterima');
    expect(page.text).toContain('data-testid="status-only"');
    for (const s of ['Pungli', 'Pungutan', 'loket', secret.waId]) expect(page.text).not.toContain(s);

    const other = await fileReport({ description: 'Lampu jalan mati di gang mawar, warga takut lewat malam hari.' });
    const mine = await lacak('127.0.5.4', other.ticket, report.code);
    expect(mine.text).toContain('data-testid="status-only"');
    expect(mine.text).not.toContain('Lampu jalan');
  });

  it('unknown tickets and a script walking tickets get a clear Indonesian message, then 429', async () => {
    const unknown = await lacak('127.0.5.5', 'ADU-0001-99999', '');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('tidak ditemukan');
    expect(unknown.text).toContain('value="ADU-0001-99999"');
    const bad = await lacak('127.0.5.5', '"><script>x</script>', '');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Format nomor tiket tidak dikenali');
    expect(bad.text).not.toContain('<script>x');
    let last = bad;
    for (let n = 0; n < 12 && last.status !== 429; n += 1) last = await lacak('127.0.5.5', `ADU-0001-${String(90_100 + n)}`, '');
    expect(last.status).toBe(429);
    expect(last.text).toMatch(/Terlalu banyak permintaan cek laporan dari alamat Anda\. Silakan coba lagi dalam \d+ detik/);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // The JSON tracker spends the same budget: the address is refused there too.
    const json = await fetchFrom('127.0.5.5', `/kanal-aduan/track/${report.ticket}`);
    expect(json.status).toBe(429);
    // Another address is not affected.
    expect((await lacak('127.0.5.6', report.ticket, '')).status).toBe(200);
  });
});

describe('/kanal-aduan/kinerja', () => {
  it('shows volume per category and kecamatan, medians in working days and satisfaction, never a report', async () => {
    const page = await fetchFrom('127.0.5.7', '/kanal-aduan/kinerja?periode=tahun-ini');
    expect(page.status, page.text).toBe(200);
    expectPageHeaders(page.headers);
    expect(page.headers['cache-control']).toBe('public, max-age=60');
    expect(page.text).toContain('Tahun ini');
    expect(page.text).toContain('hari kerja');
    expect(page.text).toContain('data-testid="by-category"');
    expect(page.text).toContain('Kayu Agung');
    expect(page.text).not.toMatch(/ADU-\d{4}-\d{5}/);
    for (const s of ['Jalan berlubang besar', 'Pungli', report.waId]) expect(page.text).not.toContain(s);
    expect(page.text).not.toContain('data-testid="ranking"');
    const total = Number(/data-testid="total">.*?<div class="big">([\d.]+)<\/div>/s.exec(page.text)?.[1]?.replace(/\./g, ''));
    expect(total).toBeGreaterThanOrEqual(3);
    const en = await fetchFrom('127.0.5.7', '/kanal-aduan/kinerja?periode=tahun-ini&lang=en');
    expect(en.text).toContain('working days');
    expect(en.text).toContain('By sub-district');
  });

  it('the OPD ranking appears only while the admin publishes it', async () => {
    const before = (await directus<{ data: { public_ranking_enabled: boolean | null } }>('/items/settings?fields=public_ranking_enabled')).body.data.public_ranking_enabled;
    try {
      expect((await directus('/items/settings', { method: 'PATCH', body: JSON.stringify({ public_ranking_enabled: true }) })).status).toBe(200);
      // A period no test asked for yet, so the minute's cache holds nothing older.
      const page = await fetchFrom('127.0.5.8', '/kanal-aduan/kinerja?periode=3-bulan');
      expect(page.status).toBe(200);
      expect(page.text).toContain('data-testid="ranking"');
      expect(page.text).toContain('Peringkat OPD');
    } finally {
      await directus('/items/settings', { method: 'PATCH', body: JSON.stringify({ public_ranking_enabled: before ?? false }) });
    }
  });
});
