import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSharp } from '../../files/strip-metadata.ts';
import type { RouteContext } from '../context.ts';
import { trackBudget } from '../track-limiter.ts';
import { WebFormLimits } from '../web-form/limits.ts';
import { mountWebForm } from './web-form.ts';

const sharp = loadSharp([fileURLToPath(new URL('../../../../../runtime/directus/node_modules/directus/cli.js', import.meta.url))]);
// A 1×1 PNG (the same as test/e2e/helpers.ts), written in two parts as there.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB' + 'CAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const STORY = 'Jalan berlubang besar di depan SD Negeri 2, sudah dua minggu belum diperbaiki.';

type Row = Record<string, unknown>;
type Handler = (req: unknown, res: unknown, next: (err?: unknown) => void) => Promise<void> | void;

const REFERENCE: Record<string, Row[]> = {
  categories: [
    { code: 'jalan', name: 'Jalan dan Jembatan', name_en: 'Roads and bridges', description: null, keywords: null, default_agency: null, sla_policy: null, active: true, sort: 1 },
    { code: 'air', name: 'Air Bersih', name_en: 'Clean water', description: null, keywords: null, default_agency: null, sla_policy: null, active: true, sort: 2 },
  ],
  regions: [
    { code: '16.02.01', name: 'Kayu Agung', level: 'kecamatan', parent: '16.02', latitude: null, longitude: null },
    { code: '16.02.01.2001', name: 'Sukadana', level: 'desa', parent: '16.02.01', latitude: -3.37, longitude: 104.836 },
    { code: '16.02.02', name: 'Tanjung Lubuk', level: 'kecamatan', parent: '16.02', latitude: null, longitude: null },
    { code: '16.02.02.1001', name: 'Tanjung Lubuk', level: 'kelurahan', parent: '16.02.02', latitude: -3.5, longitude: 104.7 },
  ],
  message_templates: [],
};

/** The routes on a fake router over in-memory Directus services; records what was written. */
function serve(o: { addressPoints?: number; numberPoints?: number; citizens?: Row[]; failUpload?: number; failComplaint?: boolean } = {}) {
  const written: Record<string, Row[]> = { citizens: [...(o.citizens ?? [])], complaints: [], complaint_media: [], files: [] };
  const deleted: string[] = [];
  let uploads = 0;
  const ItemsService = class {
    constructor(private collection: string) {}
    async readSingleton() {
      return this.collection === 'settings' ? { instance_name: 'Lapor Bupati', regency_code: '16.02', timezone: 'Asia/Jakarta', ticket_prefix: 'ADU' } : {};
    }
    async readByQuery(q: Row) {
      if (this.collection in REFERENCE) return REFERENCE[this.collection];
      if (this.collection === 'citizens') {
        const waId = ((q['filter'] as Row)['wa_id'] as Row)['_eq'];
        return written['citizens']!.filter((c) => c['wa_id'] === waId);
      }
      return q['aggregate'] ? [{ count: 0, countDistinct: { reporter: 0 } }] : [];
    }
    async createOne(data: Row) {
      if (this.collection === 'complaints' && o.failComplaint) throw new Error('database gone');
      const rows = (written[this.collection] ??= []);
      rows.push(data);
      return this.collection === 'citizens' ? `citizen-${rows.length}` : rows.length;
    }
    async readOne(id: number) {
      return { ticket: `ADU-2612-0000${id}`, tracking_code: 'K7P3XW9A', verify_due: null };
    }
  };
  const FilesService = class {
    async uploadOne(stream: AsyncIterable<Buffer>, data: Row) {
      uploads++;
      if (o.failUpload === uploads) throw new Error('disk full');
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c);
      written['files']!.push({ ...data, bytes: Buffer.concat(chunks) });
      return `file-${uploads}`;
    }
    async deleteOne(id: string) {
      deleted.push(id);
    }
  };
  const routes = new Map<string, Handler>();
  const router = { get: (p: string, h: Handler) => routes.set(`GET ${p}`, h), post: (p: string, h: Handler) => routes.set(`POST ${p}`, h) };
  const database = { transaction: async (fn: (trx: unknown) => Promise<unknown>) => fn({}) };
  const ctx = { services: { ItemsService, FilesService }, database, getSchema: async () => ({ collections: {} }), logger: { warn() {}, error() {} } } as unknown as RouteContext;
  const limits = WebFormLimits.parse({ addressPoints: o.addressPoints ?? 50, numberPoints: o.numberPoints ?? 50, maxPhotoMb: 1 });
  mountWebForm(router as never, ctx, limits, {
    address: trackBudget({ points: limits.addressPoints, durationSeconds: 3600 }),
    number: trackBudget({ points: limits.numberPoints, durationSeconds: 86_400 }),
  }, sharp);

  const respond = async (method: 'GET' | 'POST', req: object) => {
    const headers: Record<string, string> = {};
    let status = 0;
    let body = '';
    const res = {
      status(c: number) { status = c; return res; },
      set(h: string, v: string) { headers[h] = v; return res; },
      type(t: string) { headers['Content-Type'] = t; return res; },
      send(b: unknown) { body = String(b); return res; },
      end() { return res; },
    };
    let error: unknown;
    // Onto the request itself: a POST's body is the stream.
    const request = Object.assign(req, { baseUrl: '/kanal-aduan', socket: { remoteAddress: String((req as Row)['ip'] ?? '203.0.113.9') }, app: { get: () => true }, schema: { collections: {} } });
    await routes.get(`${method} /lapor`)!(request, res, (e) => { error = e; });
    if (error) throw error;
    return { status, headers, body, text: body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') };
  };
  return {
    written, deleted,
    get: (query: Row = {}) => respond('GET', { query, headers: {} }),
    post: (fields: Record<string, string>, files: Array<{ name: string; bytes: Buffer; type?: string }> = [], ip?: string) => {
      const B = 'xYzBoundary42';
      const parts: Buffer[] = [];
      for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
      for (const f of files) parts.push(Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="foto"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'image/png'}\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
      parts.push(Buffer.from(`--${B}--\r\n`));
      const stream = Readable.from([Buffer.concat(parts)]);
      return respond('POST', Object.assign(stream, { query: {}, headers: { 'content-type': `multipart/form-data; boundary=${B}` }, ip }));
    },
    raw: (type: string, bytes: Buffer) => respond('POST', Object.assign(Readable.from([bytes]), { query: {}, headers: { 'content-type': type } })),
  };
}

const valid = (o: Record<string, string> = {}) => ({ category: 'jalan', description: STORY, kecamatan: '16.02.01', desa: '16.02.01.2001', website: '', ...o });

describe('GET /lapor', () => {
  it('draws the form in Indonesian with the categories, kecamatan and their desa, and the hidden honeypot', async () => {
    const s = serve();
    const page = await s.get();
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Lapor lewat situs</h1>');
    expect(page.body).toContain('<option value="jalan">Jalan dan Jembatan</option>');
    expect(page.body).toMatch(/<optgroup label="Kayu Agung" data-kecamatan="16.02.01"><option value="16.02.01.2001">Sukadana<\/option><\/optgroup>/);
    expect(page.body).toContain('Tanjung Lubuk (kel.)');
    expect(page.body).toContain('Rahasiakan identitas saya');
    expect(page.body).toMatch(/<div class="hp" aria-hidden="true"><label for="website">[^<]+<\/label><input id="website" name="website" tabindex="-1"/);
    expect(page.body).toContain('enctype="multipart/form-data"');
    // The page's own script only, and the phone's location for our origin only.
    expect(page.headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(page.headers['Content-Security-Policy']).not.toContain('unsafe-inline');
    expect(page.headers['Permissions-Policy']).toContain('geolocation=(self)');
    // "Pilih titik di peta": Leaflet from our own files, tiles from the tile server only, the regency's villages framed.
    expect(page.headers['Content-Security-Policy']).toContain("img-src 'self' data: https://tile.openstreetmap.org");
    expect(page.body).toMatch(/<script src="\/kanal-aduan\/peta\/leaflet\.js\?v&#x3D;[0-9a-f]{10}" defer><\/script>\n<script src="\/kanal-aduan\/lapor\/lapor\.js/);
    expect(page.body).toContain('data-bounds="[[-3.5,104.7],[-3.37,104.836]]"');
    expect(page.body).toMatch(/<script src="\/kanal-aduan\/lapor\/lapor\.js\?v&#x3D;[0-9a-f]{10}" defer>/);
    // target="_top": the same header serves the desk page framed in the admin app, whose menu must leave the frame.
    expect(page.body).toMatch(/<a href="\/kanal-aduan\/lapor" target="_top" aria-current="page">Lapor<\/a>/);
  });

  it('speaks English with ?lang=en', async () => {
    const page = await serve().get({ lang: 'en' });
    expect(page.body).toContain('<h1>Report online</h1>');
    expect(page.body).toContain('Roads and bridges');
    expect(page.body).toContain('Keep my identity confidential');
  });
});

describe('POST /lapor', () => {
  it('files the report on channel web with the number\'s citizen and a clean photo, and shows the ticket and code', async () => {
    const s = serve();
    const page = await s.post(valid({ phone: '0812-3456-7890', name: 'Rina', confidential: '1', address: 'Depan SD Negeri 2, RT 3 RW 5' }), [{ name: 'IMG_2001.png', bytes: PNG }]);
    expect(page.status).toBe(201);
    expect(page.text).toContain('Laporan terkirim');
    expect(page.body).toContain('data-testid="ticket">ADU-2612-00001<');
    expect(page.body).toContain('data-testid="code">K7P3XW9A<');
    expect(page.text).toContain('WhatsApp 0812••••890');
    expect(page.text).not.toContain('3456');
    // The tracking link posts the code, never puts it in an address.
    expect(page.body).toMatch(/<form method="post" action="\/kanal-aduan\/lacak"[\s\S]*name="code" value="K7P3XW9A"/);

    expect(s.written['citizens']).toEqual([{ wa_id: '6281234567890', phone: '+6281234567890', display_name: 'Rina', locale: 'id', blocked: false }]);
    const [complaint] = s.written['complaints']!;
    expect(complaint).toMatchObject({
      channel: 'web', status: 'received', category: 'jalan', region: '16.02.01.2001', reporter: 'citizen-1', confidential: true,
      description: STORY, address: 'Depan SD Negeri 2, RT 3 RW 5', rt: '003', rw: '005', likely_spam: false,
    });
    expect(complaint).toHaveProperty('spam_score');
    expect(complaint).toHaveProperty('text_fingerprint');
    expect(s.written['files']).toEqual([expect.objectContaining({ type: 'image/png', filename_download: 'foto-1.png', metadata_cleaned: true })]);
    expect(s.written['complaint_media']).toEqual([{ complaint: 1, file: 'file-1', kind: 'image', mime_type: 'image/png', caption: null }]);
  });

  it('files without a number: no citizen, and the receipt says news is only on the tracking page', async () => {
    const s = serve();
    const page = await s.post(valid());
    expect(page.status).toBe(201);
    expect(page.text).toContain('Anda tidak menulis nomor WhatsApp');
    expect(s.written['citizens']).toEqual([]);
    expect(s.written['complaints']![0]).toMatchObject({ reporter: null, channel: 'web' });
  });

  it('never renames a citizen already on file after a name typed on the form', async () => {
    const s = serve({ citizens: [{ id: 'c-9', wa_id: '6281234567890', display_name: 'Budi', blocked: false }] });
    await s.post(valid({ phone: '+62 812 3456 7890', name: 'Orang Lain' }));
    expect(s.written['citizens']).toEqual([{ id: 'c-9', wa_id: '6281234567890', display_name: 'Budi', blocked: false }]);
    expect(s.written['complaints']![0]).toMatchObject({ reporter: 'c-9' });
  });

  it('refuses a filled honeypot with the reason, and stores nothing', async () => {
    const s = serve();
    const page = await s.post(valid({ website: 'http://promo.example' }));
    expect(page.status).toBe(400);
    expect(page.text).toContain('kolom tersembunyi «Jangan isi kolom ini» terisi');
    expect(s.written['complaints']).toEqual([]);
  });

  it('lists every problem, keeps what was typed (escaped), and marks the fields', async () => {
    const s = serve();
    const page = await s.post(valid({ description: '<script>x</script>', phone: '12345', kecamatan: '16.02.02' }));
    expect(page.status).toBe(400);
    expect(page.text).toContain('Cerita terlalu pendek: tulis minimal 20 karakter.');
    expect(page.text).toContain('Nomor WhatsApp tidak dikenali');
    expect(page.text).toContain('Desa/kelurahan yang dipilih tidak berada di kecamatan itu.');
    expect(page.body).toContain('&lt;script&gt;x&lt;/script&gt;</textarea>');
    expect(page.body).not.toContain('<script>x');
    expect(page.body).toMatch(/id="phone"[^>]*value="12345"[^>]*aria-invalid="true"/);
    expect(page.body).toMatch(/<option value="16.02.02" selected>/);
    expect(s.written['complaints']).toEqual([]);
  });

  it('refuses a file that is no photo, a fourth photo, and a photo too big, by name, storing nothing', async () => {
    const s = serve();
    const pdf = await s.post(valid(), [{ name: 'surat.pdf', bytes: Buffer.from('%PDF-1.7 hello'), type: 'application/pdf' }]);
    expect(pdf.status).toBe(400);
    expect(pdf.text).toContain('Berkas «surat.pdf» bukan foto JPG, PNG atau WebP.');
    expect(pdf.text).toContain('pilih ulang fotonya');
    const four = await s.post(valid(), [1, 2, 3, 4].map((i) => ({ name: `f${i}.png`, bytes: PNG })));
    expect(four.text).toContain('Paling banyak 3 foto.');
    const big = await s.post(valid(), [{ name: 'besar.png', bytes: Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]) }]);
    expect(big.text).toContain('Foto «besar.png» lebih besar dari 1 MB.');
    expect(s.written['complaints']).toEqual([]);
    expect(s.written['files']).toEqual([]);
  });

  it('refuses a body larger than every photo at its largest with 413 and the limits in words', async () => {
    const s = serve();
    const page = await s.post(valid(), [{ name: 'video.png', bytes: Buffer.concat([PNG, Buffer.alloc(4 * 1024 * 1024)]) }]);
    expect(page.status).toBe(413);
    expect(page.text).toContain('Kiriman terlalu besar: paling banyak 3 foto, masing-masing paling besar 1 MB.');
    expect(s.written['files']).toEqual([]);
  });

  it('answers 429 with the wait once the address has posted too often (refused posts count too)', async () => {
    const s = serve({ addressPoints: 2 });
    expect((await s.post(valid({ website: 'x' }), [], '198.51.100.4')).status).toBe(400);
    expect((await s.post(valid(), [], '198.51.100.4')).status).toBe(201);
    const limited = await s.post(valid(), [], '198.51.100.4');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['Retry-After'])).toBeGreaterThan(3000);
    expect(limited.text).toMatch(/Terlalu banyak laporan dikirim dari jaringan Anda dalam waktu singkat\. Silakan coba lagi dalam (59|60) menit \(sekitar pukul \d{2}\.\d{2} WIB\)\./);
    // Another address is not held back.
    expect((await s.post(valid(), [], '198.51.100.5')).status).toBe(201);
  });

  it('answers 429 once a number has filed its share, from any address', async () => {
    const s = serve({ numberPoints: 1 });
    expect((await s.post(valid({ phone: '081234567890' }), [], '198.51.100.6')).status).toBe(201);
    const limited = await s.post(valid({ phone: '+6281234567890' }), [], '198.51.100.7');
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Nomor WhatsApp ini sudah mengirim banyak laporan');
    expect(limited.text).toMatch(/coba lagi dalam 24 jam/);
    expect(s.written['complaints']).toHaveLength(1);
  });

  it('refuses a blocked number', async () => {
    const s = serve({ citizens: [{ id: 'c-1', wa_id: '6281234567890', blocked: true }] });
    const page = await s.post(valid({ phone: '081234567890' }));
    expect(page.status).toBe(403);
    expect(page.text).toContain('Laporan dengan nomor WhatsApp ini tidak dapat diterima');
    expect(s.written['complaints']).toEqual([]);
  });

  it('removes the photos already stored when a later write fails, and says to try again', async () => {
    const upload = serve({ failUpload: 2 });
    const page = await upload.post(valid(), [{ name: 'a.png', bytes: PNG }, { name: 'b.png', bytes: PNG }]);
    expect(page.status).toBe(500);
    expect(page.text).toContain('Laporan belum tersimpan karena gangguan di server');
    expect(upload.deleted).toEqual(['file-1']);
    expect(upload.written['complaints']).toEqual([]);

    const complaint = serve({ failComplaint: true });
    await complaint.post(valid(), [{ name: 'a.png', bytes: PNG }]);
    expect(complaint.deleted).toEqual(['file-1']);
  });

  it('refuses a post that is not a multipart form with a clear message', async () => {
    const s = serve();
    const page = await s.raw('application/x-www-form-urlencoded', Buffer.from('category=jalan&description=x'));
    expect(page.status).toBe(400);
    expect(page.text).toContain('Formulir tidak terbaca. Muat ulang halaman lalu kirim lagi.');
    expect(s.written['complaints']).toEqual([]);
  });
});
