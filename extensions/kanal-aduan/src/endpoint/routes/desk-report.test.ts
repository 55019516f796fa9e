import { Readable } from 'node:stream';
import { ROLE_IDS } from '@kanal-aduan/schema/src/access.ts';
import { describe, expect, it } from 'vitest';
import { EXPIRED_SESSION_MARK } from '../../pimpinan-session/expired-session.ts';
import type { RouteContext } from '../context.ts';
import { reportPageHeaders } from '../pages/render.ts';
import { WebFormLimits } from '../web-form/limits.ts';
import { mayRecordDeskReports, mountDeskReport, postedFromThisSite } from './desk-report.ts';

const STORY = 'Lampu jalan di depan masjid mati sejak seminggu, gelap sekali kalau malam.';
const STAFF = '11111111-2222-4333-8444-555555555555';
const VERIFIKATOR = { user: STAFF, role: ROLE_IDS.verifikator, roles: [ROLE_IDS.verifikator], admin: false };
const OFFICER = { user: '99999999-2222-4333-8444-555555555555', role: ROLE_IDS.opd_officer, roles: [ROLE_IDS.opd_officer], admin: false };

type Row = Record<string, unknown>;
type Handler = (req: unknown, res: unknown, next: (err?: unknown) => void) => Promise<void> | void;

const REFERENCE: Record<string, Row[]> = {
  categories: [{ code: 'jalan', name: 'Jalan dan Jembatan', name_en: 'Roads and bridges', description: null, keywords: null, default_agency: null, sla_policy: null, active: true, sort: 1 }],
  regions: [
    { code: '16.02.01', name: 'Kayu Agung', level: 'kecamatan', parent: '16.02', latitude: null, longitude: null },
    { code: '16.02.01.2001', name: 'Sukadana', level: 'desa', parent: '16.02.01', latitude: -3.37, longitude: 104.836 },
  ],
  message_templates: [],
};

/** The desk routes on a fake router over in-memory Directus services; records what was written and as whom it was read. */
function serve(o: { citizens?: Row[]; complaints?: Row[] } = {}) {
  const written: Record<string, Row[]> = { citizens: [...(o.citizens ?? [])], complaints: [], complaint_media: [] };
  const createOpts: Row[] = [];
  const readsAs: unknown[] = [];
  const ItemsService = class {
    constructor(private collection: string, private opts: Row) {}
    async readSingleton() {
      return this.collection === 'settings' ? { instance_name: 'Lapor Bupati', regency_code: '16.02', timezone: 'Asia/Jakarta', ticket_prefix: 'ADU' } : {};
    }
    async readByQuery(q: Row) {
      if (this.collection in REFERENCE) return REFERENCE[this.collection];
      const filter = (q['filter'] ?? {}) as Row;
      if (this.collection === 'citizens') {
        readsAs.push(this.opts['accountability']);
        const waId = (filter['wa_id'] as Row)['_eq'];
        return written['citizens']!.filter((c) => c['wa_id'] === waId);
      }
      if (this.collection === 'complaints' && filter['reporter']) {
        readsAs.push(this.opts['accountability']);
        return (o.complaints ?? []).filter((c) => c['reporter'] === (filter['reporter'] as Row)['_eq']);
      }
      return q['aggregate'] ? [{ count: 0, countDistinct: { reporter: 0 } }] : [];
    }
    async createOne(data: Row, opts: Row = {}) {
      const rows = (written[this.collection] ??= []);
      rows.push(data);
      if (this.collection === 'complaints') createOpts.push(opts);
      return this.collection === 'citizens' ? `citizen-${rows.length}` : rows.length;
    }
    async readOne(id: number) {
      return { ticket: `ADU-2612-0000${id}`, tracking_code: 'K7P3XW9A', verify_due: null };
    }
  };
  const FilesService = class {
    async uploadOne() { return 'file-1'; }
    async deleteOne() {}
  };
  const routes = new Map<string, Handler>();
  const router = { get: (p: string, h: Handler) => routes.set(`GET ${p}`, h), post: (p: string, h: Handler) => routes.set(`POST ${p}`, h) };
  const database = { transaction: async (fn: (trx: unknown) => Promise<unknown>) => fn({}) };
  const ctx = { services: { ItemsService, FilesService }, database, getSchema: async () => ({ collections: {} }), logger: { warn() {}, error() {} } } as unknown as RouteContext;
  mountDeskReport(router as never, ctx, WebFormLimits.parse({ maxPhotoMb: 1 }), null);

  const respond = async (method: 'GET' | 'POST', req: object, accountability: unknown) => {
    let status = 0;
    let body = '';
    const headers: Record<string, string> = {};
    const res = {
      status(c: number) { status = c; return res; },
      set(h: string, v: string) { headers[h] = v; return res; },
      type(t: string) { headers['Content-Type'] = t; return res; },
      send(b: unknown) { body = String(b); return res; },
      end() { return res; },
    };
    let error: unknown;
    const request = Object.assign(req, { baseUrl: '/kanal-aduan', accountability, schema: { collections: {} } });
    await routes.get(`${method} /catat`)!(request, res, (e) => { error = e; });
    if (error) throw error;
    return { status, headers, body, text: body.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/\s+/g, ' ') };
  };
  return {
    written, createOpts, readsAs,
    get: (accountability: unknown, query: Row = {}) => respond('GET', { query, headers: {} }, accountability),
    post: (accountability: unknown, fields: Record<string, string>, extraHeaders: Record<string, string> = {}) => {
      const B = 'deskBoundary7';
      const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
      parts.push(Buffer.from(`--${B}--\r\n`));
      const stream = Readable.from([Buffer.concat(parts)]);
      return respond('POST', Object.assign(stream, { query: {}, headers: { 'content-type': `multipart/form-data; boundary=${B}`, host: 'aduan.example.go.id', ...extraHeaders } }), accountability);
    },
  };
}

const valid = (o: Record<string, string> = {}) => ({ channel: 'phone', category: 'jalan', description: STORY, kecamatan: '16.02.01', desa: '16.02.01.2001', ...o });

describe('who may use «Catat laporan»', () => {
  it('the verifikator and admins; nobody else', () => {
    expect(mayRecordDeskReports(VERIFIKATOR)).toBe(true);
    expect(mayRecordDeskReports({ user: STAFF, role: null, admin: true })).toBe(true);
    expect(mayRecordDeskReports(OFFICER)).toBe(false);
    expect(mayRecordDeskReports({ user: STAFF, role: ROLE_IDS.pimpinan, admin: false })).toBe(false);
    expect(mayRecordDeskReports({ user: null, role: null, admin: false })).toBe(false);
    expect(mayRecordDeskReports(null)).toBe(false);
  });

  it('shows the public the login, an officer a refusal in words, and an expired session the renewal', async () => {
    const s = serve();
    const publicPage = await s.get({ user: null, role: null, admin: false });
    expect(publicPage.status).toBe(200);
    expect(publicPage.body).toContain('data-testid="login"');
    expect(publicPage.body).not.toContain('id="lapor"');
    const officer = await s.get(OFFICER);
    expect(officer.status).toBe(403);
    expect(officer.text).toContain('hanya untuk verifikator dan admin');
    const expired = await s.get({ user: null, role: null, admin: false, [EXPIRED_SESSION_MARK]: true });
    expect(expired.body).toContain('data-session="refresh"');
    // A post by an officer stores nothing.
    const posted = await s.post(OFFICER, valid({ action: 'simpan' }));
    expect(posted.status).toBe(403);
    expect(s.written['complaints']).toHaveLength(0);
    const anonymous = await s.post({ user: null, role: null, admin: false }, valid({ action: 'simpan' }));
    expect(anonymous.status).toBe(401);
    expect(s.written['complaints']).toHaveLength(0);
  });
});

describe('GET /catat', () => {
  it('draws the web form for the desk: the two ways in, the number first with «Cari warga», RT/RW, no honeypot', async () => {
    const page = await serve().get(VERIFIKATOR);
    expect(page.status).toBe(200);
    expect(page.headers['Cache-Control']).toBe('private, no-store');
    expect(page.text).toContain('Catat laporan (telepon / datang langsung)');
    expect(page.body).toContain('action="/kanal-aduan/catat"');
    expect(page.body).toContain('value="phone"');
    expect(page.body).toContain('value="walk_in"');
    expect(page.text).toContain('Datang langsung');
    expect(page.body).toContain('name="rt"');
    expect(page.body).not.toContain('name="website"');
    expect(page.body.indexOf('name="phone"')).toBeLessThan(page.body.indexOf('name="category"'));
    expect(page.body).toContain('/kanal-aduan/catat/catat.js?v&#x3D;');
    const en = await serve().get(VERIFIKATOR, { lang: 'en' });
    expect(en.text).toContain('Record a report (phone / walk-in)');
  });

  it('may be framed by the admin app (same origin) and by no other site, on every answer', async () => {
    const s = serve();
    const answers = [await s.get(VERIFIKATOR), await s.get({ user: null, role: null, admin: false }), await s.get(OFFICER), await s.post(VERIFIKATOR, valid({ action: 'cari' }))];
    for (const page of answers) {
      const csp = page.headers['Content-Security-Policy']!;
      // The admin app's «Catat laporan» module shows the page in an iframe of the same origin.
      expect(csp).toMatch(/(^|; )frame-ancestors 'self'(;|$)/);
      expect(page.headers['X-Frame-Options']).toBe('SAMEORIGIN');
      // No other origin: a page on another site framing a signed-in staff member's form would be clickjacking.
      expect(csp.match(/frame-ancestors ([^;]*)/)![1]).toBe("'self'");
    }
    // The citizens' web form, which shares these headers, still refuses every frame.
    const publicForm = reportPageHeaders('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(publicForm['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(publicForm['X-Frame-Options']).toBe('DENY');
  });
});

describe('POST /catat', () => {
  it('«Cari warga»: the number\'s citizen, written any way, with their earlier reports, read as the staff member', async () => {
    const s = serve({
      citizens: [{ id: 'c-1', wa_id: '6281234567890', phone: '+6281234567890', display_name: 'Bu Sari', blocked: false }],
      complaints: [{ id: 7, reporter: 'c-1', ticket: 'ADU-2611-00042', status: 'in_progress', channel: 'whatsapp', title: 'Jalan berlubang', date_created: '2026-11-03T02:00:00Z' }],
    });
    const page = await s.post(VERIFIKATOR, { action: 'cari', phone: '0812-3456-7890', description: 'sebagian cerita' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Warga dikenal');
    expect(page.body).toContain('data-testid="citizen-name">Bu Sari<');
    expect(page.text).toContain('ADU-2611-00042 · Dalam proses · WhatsApp');
    expect(page.body).toContain('href="/admin/content/complaints/7"');
    // The name fills the empty field, what was typed stays, nothing is written.
    expect(page.body).toContain('value="Bu Sari"');
    expect(page.body).toContain('sebagian cerita</textarea>');
    expect(s.written['complaints']).toHaveLength(0);
    expect(s.readsAs).toEqual([VERIFIKATOR, VERIFIKATOR]);

    const fresh = await s.post(VERIFIKATOR, { action: 'cari', phone: '0813 0000 1111' });
    expect(fresh.text).toContain('Nomor ini belum pernah melapor');
    const bad = await s.post(VERIFIKATOR, { action: 'cari', phone: '12' });
    expect(bad.text).toContain('Nomor HP/WhatsApp tidak dikenali');
    expect(bad.text).not.toContain('untuk mencari warganya');
    const empty = await s.post(VERIFIKATOR, { action: 'cari', phone: '' });
    expect(empty.text).toContain('Tulis nomor HP/WhatsApp pelapor untuk mencari warganya.');
  });

  it('files a phone report on its channel, its RT/RW, the known citizen, and the staff member as user_created', async () => {
    const s = serve({ citizens: [{ id: 'c-1', wa_id: '6281234567890', phone: '+6281234567890', display_name: 'Bu Sari', blocked: false }] });
    const page = await s.post(VERIFIKATOR, valid({ action: 'simpan', phone: '+62 812 3456 7890', name: 'Orang Lain', rt: '3', rw: '5' }));
    expect(page.status, page.text.slice(0, 400)).toBe(201);
    expect(page.body).toContain('data-testid="ticket">ADU-2612-00001<');
    expect(page.text).toContain('Telepon');
    expect(page.text).toContain('juga dikirim ke WhatsApp 0812••••890');
    expect(s.written['complaints']![0]).toMatchObject({ channel: 'phone', reporter: 'c-1', rt: '003', rw: '005', region: '16.02.01.2001', category: 'jalan' });
    expect(s.createOpts[0]).toMatchObject({ overwriteDefaults: { _user: STAFF } });
    // Never renamed after a name said on the phone.
    expect(s.written['citizens']).toHaveLength(1);
    expect(s.written['citizens']![0]).toMatchObject({ display_name: 'Bu Sari' });
  });

  it('files a walk-in without a number: no reporter, and the receipt says no WhatsApp goes out', async () => {
    const s = serve();
    const page = await s.post(VERIFIKATOR, valid({ action: 'simpan', channel: 'walk_in' }));
    expect(page.status).toBe(201);
    expect(page.text).toContain('Tanpa nomor, tidak ada pesan WhatsApp');
    expect(s.written['complaints']![0]).toMatchObject({ channel: 'walk_in', reporter: null });
    expect(s.written['citizens']).toHaveLength(0);
  });

  it('refuses every bad input in Indonesian words, keeps what was typed, stores nothing', async () => {
    const s = serve();
    const page = await s.post(VERIFIKATOR, valid({ action: 'simpan', channel: '', rt: 'tiga', description: 'pendek', phone: '0812', address: 'Jl. Kenanga' }));
    expect(page.status).toBe(400);
    expect(page.text).toContain('Pilih cara laporan masuk: Telepon atau Datang langsung.');
    expect(page.text).toContain('RT dan RW diisi angka saja');
    expect(page.text).toContain('Cerita terlalu pendek');
    expect(page.text).toContain('Nomor HP/WhatsApp tidak dikenali');
    expect(page.body).toContain('value="Jl. Kenanga"');
    expect(page.body).toContain('value="tiga"');
    expect(s.written['complaints']).toHaveLength(0);
  });

  it('refuses a blocked number with what to do instead', async () => {
    const s = serve({ citizens: [{ id: 'c-9', wa_id: '6281299998888', phone: '+6281299998888', display_name: null, blocked: true }] });
    const page = await s.post(VERIFIKATOR, valid({ action: 'simpan', phone: '081299998888' }));
    expect(page.status).toBe(403);
    expect(page.text).toContain('Nomor ini diblokir');
    expect(s.written['complaints']).toHaveLength(0);
  });

  it('refuses a post from another site (the session cookie is the staff member\'s)', async () => {
    const s = serve();
    const cross = await s.post(VERIFIKATOR, valid({ action: 'simpan' }), { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(cross.status).toBe(403);
    expect(cross.text).toContain('tidak berasal dari halaman Catat laporan');
    expect(s.written['complaints']).toHaveLength(0);
    const same = await s.post(VERIFIKATOR, valid({ action: 'simpan' }), { origin: 'https://aduan.example.go.id', 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(201);
  });
});

describe('postedFromThisSite', () => {
  it('takes the page\'s own origin, a proxy\'s PUBLIC_URL, or a call that is no browser\'s', () => {
    expect(postedFromThisSite({ host: 'a.example', origin: 'https://a.example' })).toBe(true);
    expect(postedFromThisSite({ host: '127.0.0.1:8055', origin: 'https://aduan.go.id' }, 'https://aduan.go.id/')).toBe(true);
    expect(postedFromThisSite({ host: 'a.example' })).toBe(true);
    expect(postedFromThisSite({ host: 'a.example', origin: 'https://b.example' })).toBe(false);
    expect(postedFromThisSite({ host: 'a.example', origin: 'null' })).toBe(false);
    expect(postedFromThisSite({ host: 'a.example', 'sec-fetch-site': 'same-site' })).toBe(false);
    // Chromium's own form under `Referrer-Policy: no-referrer`: Origin is "null", Sec-Fetch-Site decides.
    expect(postedFromThisSite({ host: 'a.example', origin: 'null', 'sec-fetch-site': 'same-origin' })).toBe(true);
    expect(postedFromThisSite({ host: 'a.example', origin: 'https://a.example', 'sec-fetch-site': 'cross-site' })).toBe(false);
  });
});
