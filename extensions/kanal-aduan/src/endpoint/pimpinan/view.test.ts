import { makeCalendar } from '@kanal-aduan/core';
import { OVERDUE_FILTER } from '@kanal-aduan/schema/src/overdue-filter.ts';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expiredSessionAccountability, EXPIRED_SESSION_MARK } from '../../pimpinan-session/expired-session.ts';
import { iconPng, pimpinanAssets } from './assets.ts';
import { compressFor, pickEncoding } from './compress.ts';
import { PIMPINAN_HEADERS, renderDashboard, type ShellData } from './render.ts';
import { pimpinanTexts } from './texts.ts';
import { dashboardModel, lateStage, medianFirstResponse, PimpinanQuery, resolveNow, timelineModel, type DashboardInput } from './view.ts';

const WIB = 'Asia/Jakarta';
const NOW = new Date('2026-03-18T03:00:00Z'); // Wednesday 10:00 WIB

const row = (over: Record<string, unknown> = {}) => ({
  rank: 1, unit: { code: 'DPUPR', name: 'Dinas PUPR', short_name: 'DPUPR' }, score: 81.25, counted: 12, details: true,
  previous_score: 78, delta: 3.2, trend: 'up' as const, ...over,
});

function input(over: Partial<DashboardInput> = {}): DashboardInput {
  return {
    locale: 'id', timezone: WIB, now: NOW, base: '/kanal-aduan/',
    query: { lang: 'id', periode: 'bulan-ini', kecamatan: null },
    window: { from: new Date('2026-02-28T17:00:00Z'), to: NOW },
    kecamatanOptions: [{ code: '16.02.01', name: 'Kayu Agung' }, { code: '16.02.02', name: 'Tanjung Lubuk' }],
    headline: { received: 1234, open: 56, overdue: 7, medianFirstResponse: 2, responded: 40 },
    ranking: {
      opd: { level: 'opd', min_volume: 5, ranked: [row(), row({ rank: 2, unit: { code: 'DINKES', name: 'Dinas Kesehatan', short_name: null }, score: 60, trend: 'down', delta: -4 })], insufficient: [row({ rank: null, unit: { code: 'DISDIK', name: 'Dinas Pendidikan', short_name: 'Disdik' }, score: null, counted: 2, trend: null, delta: null })] },
      kecamatan: { level: 'kecamatan', min_volume: 5, ranked: [row({ unit: { code: 'KEC-KAG', name: 'Kecamatan Kayu Agung', short_name: 'Kayu Agung' }, trend: null, delta: null })], insufficient: [] },
    },
    overdue: {
      total: 7,
      rows: [{ id: 42, ticket: 'ADU-2603-00042', title: 'Jalan <b>berlubang</b>', status: 'dispositioned', respond_due: '2026-03-10T03:00:00Z', resolve_due: '2026-04-01T03:00:00Z', first_response_at: null, days_late: 6, assigned_agency: { short_name: 'DPUPR' }, kecamatan: { name: 'Kayu Agung' } }],
    },
    ...over,
  };
}

describe('query and filters', () => {
  it('keeps a valid period and kecamatan code and drops anything else', () => {
    expect(PimpinanQuery.parse({ periode: '3-bulan', kecamatan: '16.02.01', lang: 'en' })).toEqual({ periode: '3-bulan', kecamatan: '16.02.01', lang: 'en' });
    const bad = PimpinanQuery.parse({ periode: 'x', kecamatan: "16.02.01' OR 1=1", lang: 'fr' });
    expect(bad).toMatchObject({ periode: 'bulan-ini', kecamatan: null, lang: 'id' });
  });

  it('resolves $NOW in the shared overdue filter, leaving its structure alone', () => {
    const f = resolveNow(OVERDUE_FILTER, NOW);
    expect(JSON.stringify(f)).not.toContain('$NOW');
    expect(JSON.stringify(f)).toBe(JSON.stringify(OVERDUE_FILTER).replaceAll('$NOW', NOW.toISOString()));
  });
});

describe('figures', () => {
  it('counts the median first response in working days, skipping weekends and holidays, and answers no median without responses', () => {
    const cal = makeCalendar(WIB, ['2026-03-19']);
    // Fri 09:00 WIB -> Mon 09:00 WIB is one working day; Wed -> Fri over a Thursday holiday is one too; same day is 0.
    const rows = [
      { received_at: '2026-03-13T02:00:00Z', first_response_at: '2026-03-16T02:00:00Z' },
      { received_at: '2026-03-18T02:00:00Z', first_response_at: '2026-03-20T02:00:00Z' },
      { received_at: '2026-03-16T02:00:00Z', first_response_at: '2026-03-16T05:00:00Z' },
      { received_at: '2026-03-16T02:00:00Z', first_response_at: null },
      { received_at: '2026-03-16T02:00:00Z', first_response_at: '2026-03-15T02:00:00Z' }, // answered before it arrived: not counted
    ];
    expect(medianFirstResponse(rows, cal)).toEqual({ median: 1, responded: 3 });
    expect(medianFirstResponse([], cal)).toEqual({ median: null, responded: 0 });
  });

  it('names the stage a report is late at by core’s stage rules', () => {
    expect(lateStage({ id: 1, ticket: 'A', status: 'dispositioned', respond_due: '2026-03-10T00:00:00Z', resolve_due: '2026-03-11T00:00:00Z' }, NOW)?.stage).toBe('respond');
    // Answered already: the respond clock has ended, the resolve date is what is late.
    expect(lateStage({ id: 1, ticket: 'A', status: 'dispositioned', first_response_at: '2026-03-09T00:00:00Z', respond_due: '2026-03-10T00:00:00Z', resolve_due: '2026-03-11T00:00:00Z' }, NOW)?.stage).toBe('resolve');
    // Waiting for the citizen: no clock runs.
    expect(lateStage({ id: 1, ticket: 'A', status: 'needs_info', verify_due: '2026-03-01T00:00:00Z' }, NOW)).toBeNull();
  });
});

describe('dashboardModel', () => {
  it('formats the headline in Indonesian and links the filters without dropping each other', () => {
    const m = dashboardModel(input({ query: { lang: 'id', periode: '3-bulan', kecamatan: '16.02.01' } }));
    expect(m.figures).toMatchObject({ received: '1.234', open: '56', overdue: '7', overdueAlert: true, medianResponse: '2' });
    expect(m.periods.map((p) => p.href)).toEqual([
      '/kanal-aduan/pimpinan?kecamatan=16.02.01',
      '/kanal-aduan/pimpinan?periode=3-bulan&kecamatan=16.02.01',
      '/kanal-aduan/pimpinan?periode=tahun-ini&kecamatan=16.02.01',
    ]);
    expect(m.periods.find((p) => p.current)?.label).toBe('3 bulan');
    expect(m.kecamatanName).toBe('Kayu Agung');
    expect(m.otherLanguageHref).toBe('/kanal-aduan/pimpinan?periode=3-bulan&kecamatan=16.02.01&lang=en');
  });

  it('shows each ranking in the endpoint’s order with trend words, “new” for a unit without a previous score, and the insufficient apart', () => {
    const [opd, kec] = dashboardModel(input()).rankings;
    expect(opd!.rows.map((r) => [r.code, r.name, r.score, r.trend, r.trendLabel])).toEqual([
      ['DPUPR', 'DPUPR', '81,3', 'up', 'naik +3,2'],
      ['DINKES', 'Dinas Kesehatan', '60', 'down', 'turun -4'],
    ]);
    expect(opd!.insufficient).toEqual([{ code: 'DISDIK', name: 'Disdik', counted: 2 }]);
    expect(kec!.rows[0]).toMatchObject({ trend: 'new', trendLabel: 'baru', arrow: '•' });
    expect(dashboardModel(input({ locale: 'en' })).rankings[0]!.rows[0]!.trendLabel).toBe('up +3.2');
  });

  it('lists overdue reports with stage, due date and days late, and says how many are not shown', () => {
    const m = dashboardModel(input());
    expect(m.overdue.rows[0]).toMatchObject({ id: '42', ticket: 'ADU-2603-00042', stage: 'Tanggapan', agency: 'DPUPR', daysLate: '6 hari kerja terlambat', status: 'Didisposisikan' });
    expect(m.overdue.rows[0]!.due).toBe('batas 10 Mar 2026');
    expect(m.overdue.more).toBe('Ditampilkan 1 dari 7; urut dari yang paling lama terlambat.');
    expect(m.overdue.rows[0]!.reporters).toBe('');
  });

  it('says how many citizens reported an overdue matter when reports were joined into it', () => {
    const i = input();
    i.overdue.rows = [{ ...i.overdue.rows[0]!, reporters_count: 3 }];
    expect(dashboardModel(i).overdue.rows[0]!.reporters).toBe('dilaporkan 3 warga');
    expect(dashboardModel({ ...i, locale: 'en' }).overdue.rows[0]!.reporters).toBe('reported by 3 citizens');
  });

  it('renders escaped, with no inline script or style, under a CSP without unsafe-inline', () => {
    const t = pimpinanTexts('id');
    const shell: ShellData = { lang: 'id', title: t.title, base: '/kanal-aduan/', t, assets: pimpinanAssets('/kanal-aduan/').urls, otherLanguageHref: '/x', mode: 'dashboard', signedIn: true };
    const evil = input();
    evil.kecamatanOptions = [{ code: '16.02.01', name: '"><script>alert(1)</script>' }];
    const html = renderDashboard(shell, dashboardModel(evil));
    expect(html).toContain('Jalan &lt;b&gt;berlubang&lt;/b&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
    // handlebars writes "=" in attributes as &#x3D;
    expect(html).toMatch(/<script src="\/kanal-aduan\/pimpinan\/app\.js\?v(=|&#x3D;)[0-9a-f]{10}" defer><\/script>/);
    expect(html).toContain('data-unit="DPUPR"');
    expect(PIMPINAN_HEADERS['Content-Security-Policy']).not.toContain('unsafe');
  });
});

describe('timelineModel', () => {
  it('orders the history oldest first and words a status change as from → to', () => {
    const m = timelineModel({ ticket: 'ADU-1', title: 'Lampu', status: 'in_progress' }, [
      { id: 3, kind: 'follow_up', body: 'Tim meninjau lokasi', date_created: '2026-03-03T02:00:00Z', agency: { short_name: 'DPUPR' } },
      { id: 1, kind: 'status_change', status_from: 'received', status_to: 'verified', date_created: '2026-03-01T02:00:00Z' },
      { id: 2, kind: 'status_change', status_from: 'verified', status_to: 'dispositioned', date_created: '2026-03-02T02:00:00Z' },
    ], 'id', WIB);
    expect(m.status).toBe('Sedang Ditindaklanjuti');
    expect(m.entries.map((e) => e.label)).toEqual(['Diterima → Terverifikasi', 'Terverifikasi → Didisposisikan', 'Tindak lanjut']);
    expect(m.entries[2]).toMatchObject({ agency: 'DPUPR', body: 'Tim meninjau lokasi' });
    expect(m.entries[0]!.when).toMatch(/1 Mar 2026/);
  });

  it('names «Pesan pimpinan» in both languages', () => {
    const rows = [{ id: 4, kind: 'leader_message', body: 'Mohon dituntaskan pekan ini.', date_created: '2026-03-04T02:00:00Z', agency: null }];
    expect(timelineModel({ ticket: 'ADU-1', status: 'in_progress' }, rows, 'id', WIB).entries[0]).toMatchObject({ kind: 'leader_message', label: 'Pesan pimpinan', agency: '' });
    expect(timelineModel({ ticket: 'ADU-1', status: 'in_progress' }, rows, 'en', WIB).entries[0]!.label).toBe('Message from the regional head');
  });
});

describe('session, compression and the installable bits', () => {
  const jwt = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.s`;
  const req = (over: Record<string, unknown>) => ({ method: 'GET', path: '/kanal-aduan/pimpinan', token: jwt(1000), cookies: { directus_session_token: jwt(1000) }, ...over });

  it('lets only the page and its files through as nobody when the session cookie’s token has expired', () => {
    const acc = { user: null, role: null };
    expect(expiredSessionAccountability(acc, req({}), 'directus_session_token', 2_000_000)).toMatchObject({ user: null, [EXPIRED_SESSION_MARK]: true });
    expect(expiredSessionAccountability(acc, req({ path: '/kanal-aduan/pimpinan/app.js' }), 'directus_session_token', 2_000_000)).toHaveProperty(EXPIRED_SESSION_MARK);
    // The desk's «Catat laporan» page renews its session the same way.
    expect(expiredSessionAccountability(acc, req({ path: '/kanal-aduan/catat' }), 'directus_session_token', 2_000_000)).toHaveProperty(EXPIRED_SESSION_MARK);
    for (const other of [{ path: '/items/complaints' }, { path: '/kanal-aduan/pimpinan/laporan/1' }, { path: '/kanal-aduan/catatan' }, { path: '/kanal-aduan/catat', method: 'POST' }, { method: 'POST' }, { token: 'bearer-from-header' }]) {
      expect(expiredSessionAccountability(acc, req(other), 'directus_session_token', 2_000_000)).toBe(acc);
    }
    expect(expiredSessionAccountability(acc, req({}), 'directus_session_token', 500_000)).toBe(acc); // not expired yet
  });

  it('answers brotli before gzip, honours q=0, and leaves small bodies alone', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip, br;q=0')).toBe('gzip');
    expect(pickEncoding('identity')).toBeNull();
    expect(compressFor(Buffer.from('x'.repeat(5000)), 'gzip').encoding).toBe('gzip');
    expect(compressFor(Buffer.from('small'), 'br').encoding).toBeNull();
  });

  it('draws real PNG icons of the asked size and a manifest that points at them', () => {
    const png = iconPng(192);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(192);
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect(raw.length).toBe(192 * (192 * 4 + 1));
    const a = pimpinanAssets('/kanal-aduan/');
    const man = JSON.parse(a.byName.get('manifest.webmanifest')!.body.toString());
    expect(man).toMatchObject({ start_url: '/kanal-aduan/pimpinan', display: 'standalone', theme_color: '#0b6e4f' });
    expect(man.icons.map((i: { sizes: string }) => i.sizes)).toEqual(['any', '192x192', '512x512']);
    for (const i of man.icons) expect(a.byName.has(new URL(i.src, 'http://x').pathname.split('/').pop()!)).toBe(true);
  });
});
