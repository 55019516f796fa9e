import { ROLE_IDS } from '@kanal-aduan/schema';
import { z } from 'zod';
import type { DirectusRest } from './directus-rest.ts';
import { DEMO_DESA_CODE, villageAgencyCode } from './reference.ts';
import { formatCounts, planUpsert, type UpsertCounts } from './upsert.ts';
import { kecamatanDeskCode } from './desks.ts';

/**
 * Demo accounts, one per role, so a person can log in and see each view.
 * Fixed ids make the upsert idempotent. The password comes from
 * KANAL_DEMO_PASSWORD (the launcher generates one per data folder) and is set
 * only when a user is created, so a second apply changes nothing.
 */
export const DemoUser = z.object({
  id: z.uuid(),
  key: z.string(),
  label: z.string(),
  email: z.email().nullable(),
  first_name: z.string(),
  last_name: z.string().nullable(),
  title: z.string().nullable(),
  role: z.enum(Object.keys(ROLE_IDS) as [keyof typeof ROLE_IDS, ...(keyof typeof ROLE_IDS)[]]),
  agency: z.string().nullable(),
  region: z.string().nullable(),
  /** This user is the head of `agency` (agencies.head points at them). */
  agency_head: z.boolean(),
  /** The intake desk a Tim Meja Kecamatan member screens (desks.ts). */
  desk: z.string().nullable().default(null),
  /** WhatsApp number (E.164) for SLA reminders; demo numbers talk only to the simulator. */
  wa_phone: z.string().regex(/^\+62\d{8,13}$/).nullable().default(null),
});
export type DemoUser = z.infer<typeof DemoUser>;

export const DEMO_KECAMATAN = { code: '16.02.05', name: 'Kayu Agung' };
/** A desa of Kayu Agung (reference.ts seeds its office). */
export const DEMO_DESA = { code: DEMO_DESA_CODE, name: 'Celikah', level: 'desa' as const };

const ALL_USERS: readonly DemoUser[] = [
  { id: '6b1f2a10-5eed-4000-8000-000000000001', key: 'verifikator', label: 'Verifikator (admin pengaduan)', email: 'verifikator@example.com', first_name: 'Rina', last_name: 'Verifikator', title: 'Verifikator Pengaduan, Diskominfo', role: 'verifikator', agency: 'DISKOMINFO', region: null, agency_head: false, wa_phone: '+6281100000001' },
  { id: '6b1f2a10-5eed-4000-8000-000000000002', key: 'opd_officer', label: 'Petugas OPD (DPUPR)', email: 'opd.pupr@example.com', first_name: 'Budi', last_name: 'Santoso', title: 'Petugas Pengaduan DPUPR', role: 'opd_officer', agency: 'DPUPR', region: null, agency_head: false, wa_phone: '+6281100000002' },
  { id: '6b1f2a10-5eed-4000-8000-000000000003', key: 'opd_head', label: 'Kepala OPD (Kepala DPUPR)', email: 'kepala.pupr@example.com', first_name: 'Ir. Hendra', last_name: 'Wijaya', title: 'Kepala Dinas PUPR', role: 'opd_head', agency: 'DPUPR', region: null, agency_head: true, wa_phone: '+6281100000003' },
  { id: '6b1f2a10-5eed-4000-8000-000000000004', key: 'camat', label: 'Camat Kayu Agung', email: 'camat.kayuagung@example.com', first_name: 'Ahmad', last_name: 'Fauzi', title: 'Camat Kayu Agung', role: 'camat', agency: `KEC-${DEMO_KECAMATAN.code}`, region: DEMO_KECAMATAN.code, agency_head: true, wa_phone: '+6281100000004' },
  { id: '6b1f2a10-5eed-4000-8000-000000000007', key: 'kades', label: 'Kepala Desa Celikah', email: 'kades.celikah@example.com', first_name: 'Suryadi', last_name: null, title: 'Kepala Desa Celikah', role: 'kades', agency: villageAgencyCode(DEMO_DESA), region: DEMO_DESA.code, agency_head: true, wa_phone: '+6281100000007' },
  // Screens the new reports of the kecamatan's own WhatsApp desk (no agency: the desk, not an office, is what the policy reads).
  { id: '6b1f2a10-5eed-4000-8000-000000000008', key: 'desk_team', label: 'Tim Meja Kecamatan Kayu Agung', email: 'meja.kayuagung@example.com', first_name: 'Dewi', last_name: 'Lestari', title: 'Petugas Meja Pengaduan Kecamatan Kayu Agung', role: 'desk_team', agency: null, region: DEMO_KECAMATAN.code, desk: kecamatanDeskCode(DEMO_KECAMATAN.code), agency_head: false, wa_phone: '+6281100000008' },
  { id: '6b1f2a10-5eed-4000-8000-000000000005', key: 'pimpinan', label: 'Pimpinan (Bupati)', email: 'bupati@example.com', first_name: 'Bupati', last_name: null, title: 'Bupati', role: 'pimpinan', agency: null, region: null, agency_head: false, wa_phone: '+6281100000005' },
  // The n8n service account: no password and no email, it only uses its static token.
  { id: '6b1f2a10-5eed-4000-8000-000000000006', key: 'service', label: 'Layanan n8n (akun layanan)', email: null, first_name: 'Layanan', last_name: 'n8n', title: 'Akun layanan otomatisasi', role: 'service', agency: null, region: null, agency_head: false },
].map((u) => DemoUser.parse(u));

/** People who log in to the admin app (the launcher prints these with the demo password). */
export const DEMO_USERS = ALL_USERS.filter((u): u is DemoUser & { email: string } => u.email !== null);
/** The n8n service account (static token KANAL_SERVICE_TOKEN, no password, no email). */
export const SERVICE_USER: DemoUser = ALL_USERS.find((u) => u.role === 'service')!;

type Village = { code: string; name: string; level: string };

/**
 * For another regency the Camat demo account belongs to its first kecamatan and the
 * Kepala Desa's to the village whose office the seeds create (reference.ts demoVillage); the
 * emails keep the demo's names so documentation stays valid. Without such a village the
 * Kepala Desa account is left out. Includes the service account.
 */
export function demoUsersFor(regencyCode: string, kecamatan: { code: string; name: string }[], village?: Village | null): DemoUser[] {
  if (regencyCode === '16.02' || kecamatan.length === 0) return [...ALL_USERS];
  const k = kecamatan[0]!;
  return ALL_USERS.flatMap((u) => {
    if (u.role === 'camat') return [{ ...u, label: `Camat ${k.name}`, title: `Camat ${k.name}`, agency: `KEC-${k.code}`, region: k.code }];
    if (u.role === 'desk_team') return [{ ...u, label: `Tim Meja Kecamatan ${k.name}`, title: `Petugas Meja Pengaduan Kecamatan ${k.name}`, region: k.code, desk: kecamatanDeskCode(k.code) }];
    if (u.role !== 'kades') return [u];
    if (!village) return [];
    const head = village.level === 'kelurahan' ? `Lurah ${village.name}` : `Kepala Desa ${village.name}`;
    return [{ ...u, label: head, title: head, agency: villageAgencyCode(village), region: village.code }];
  });
}

/** The directus_users row we want (without password/token, which are handled apart). */
export function userRow(u: DemoUser): Record<string, unknown> {
  return {
    id: u.id,
    email: u.email,
    first_name: u.first_name,
    last_name: u.last_name,
    title: u.title,
    role: ROLE_IDS[u.role],
    status: 'active',
    language: 'id-ID',
    agency: u.agency,
    region: u.region,
    desk: u.desk,
    wa_phone: u.wa_phone,
  };
}

export async function upsertDemoUsers(
  api: DirectusRest,
  users: readonly DemoUser[],
  opts: { demoPassword: string; serviceToken: string; log?: (line: string) => void },
): Promise<UpsertCounts> {
  const rows = users.map(userRow);
  const fields = Object.keys(rows[0]!);
  const q = new URLSearchParams({ fields: fields.join(','), limit: '-1', filter: JSON.stringify({ id: { _in: rows.map((r) => r.id) } }) });
  const current = await api.request<Record<string, unknown>[]>('GET', `/users?${q}`);
  const plan = planUpsert('id', rows, current);

  const secretFor = (id: unknown) => {
    const u = users.find((x) => x.id === id)!;
    return u.role === 'service' ? { token: opts.serviceToken, password: null } : { password: opts.demoPassword };
  };
  if (plan.create.length) await api.request('POST', '/users', plan.create.map((r) => ({ ...r, ...secretFor(r.id) })));
  if (plan.update.length) await api.request('PATCH', '/users', plan.update);

  // Directus masks `token` on read, so check the service token by using it.
  let updated = plan.update.length;
  const service = users.find((u) => u.role === 'service');
  if (service && !plan.create.some((r) => r.id === service.id)) {
    const me = await api.request<{ id: string }>('GET', '/users/me?fields=id', undefined, opts.serviceToken).catch(() => null);
    if (me?.id !== service.id) {
      await api.request('PATCH', `/users/${service.id}`, { token: opts.serviceToken });
      if (!plan.update.some((r) => r.id === service.id)) updated++;
    }
  }
  const counts = { created: plan.create.length, updated, unchanged: plan.unchanged - (updated - plan.update.length), kept: 0 };
  opts.log?.(formatCounts('directus_users', counts));
  return counts;
}
