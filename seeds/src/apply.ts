import type { Settings } from '@kanal-aduan/core';
import { directusRest, DirectusRestError, type DirectusRest } from './directus-rest.ts';
import { buildReferenceData, demoVillage } from './reference.ts';
import { formatCounts, planUpsert, upsertItems, type UpsertCounts } from './upsert.ts';
import { demoUsersFor, upsertDemoUsers } from './users.ts';
import { demoDesks, deskRow, KECAMATAN_DESK_NUMBER } from './desks.ts';

export type ApplySeedsOptions = {
  url: string;
  token: string;
  regencyCode: string;
  timezone: string;
  demoPassword: string;
  serviceToken: string;
  /**
   * Bring rows an admin has edited (templates, categories, rules, holidays,
   * settings…) back to the seed values. Default false: existing rows are
   * only created when missing, so a restart never undoes an admin's work.
   */
  overwrite?: boolean;
  /** Meta's phone_number_id of the region's WhatsApp number: the kabupaten desk owns it (default the demo's). */
  waPhoneNumberId?: string;
  /** Create the demo accounts (default true). */
  demoUsers?: boolean;
  log?: (line: string) => void;
};

export type ApplySeedsResult = Record<string, UpsertCounts>;

/** Retry while Directus is still starting (the launcher runs us right after it boots). */
async function waitForDirectus(api: DirectusRest, log: (l: string) => void, tries = 30): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await api.request('GET', '/server/ping');
      return;
    } catch (e) {
      if (i >= tries) throw e;
      if (i === 1) log('menunggu Directus siap…');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function upsertSettings(api: DirectusRest, settings: Settings, overwrite: boolean, log: (l: string) => void): Promise<UpsertCounts> {
  const current = (await api.request<Record<string, unknown> | null>('GET', '/items/settings')) ?? {};
  // A singleton without a row comes back as defaults with no `id`.
  const exists = current.id !== undefined && current.id !== null;
  const plan = planUpsert('regency_code', [settings as unknown as Record<string, unknown>], exists ? [current] : []);
  let counts: UpsertCounts;
  if (!exists) {
    await api.request('PATCH', '/items/settings', settings);
    counts = { created: 1, updated: 0, unchanged: 0, kept: 0 };
  } else if (plan.update.length === 0 && plan.create.length === 0) {
    counts = { created: 0, updated: 0, unchanged: 1, kept: 0 };
  } else if (overwrite || plan.create.length) {
    await api.request('PATCH', '/items/settings', settings);
    counts = { created: 0, updated: 1, unchanged: 0, kept: 0 };
  } else {
    counts = { created: 0, updated: 0, unchanged: 0, kept: 1 };
  }
  log(formatCounts('settings', counts));
  return counts;
}

/**
 * Idempotent reference data + demo users into a running Directus, through
 * REST, in batches. A second run reports everything unchanged.
 */
export async function applySeeds(o: ApplySeedsOptions): Promise<ApplySeedsResult> {
  const log = o.log ?? (() => {});
  const overwrite = o.overwrite ?? false;
  const api = directusRest(o.url, o.token);
  await waitForDirectus(api, log);
  const data = await buildReferenceData({ regencyCode: o.regencyCode, timezone: o.timezone });
  log(`data rujukan ${data.settings.instance_name} (${o.regencyCode}): ${data.regions.length} wilayah, ${data.agencies.length} instansi`);
  const unplaced = data.regions.filter((r) => (r.level === 'desa' || r.level === 'kelurahan') && typeof r.latitude !== 'number').length;
  if (unplaced > 0) {
    log(`  ${unplaced} kelurahan/desa tanpa titik tengah: titik lokasi warga di sana tidak dipetakan ke desa otomatis, dan laporan rahasianya tidak tampil di peta publik. Isi Lintang/Bujur titik tengah di koleksi Wilayah bila datanya ada.`);
  }

  const result: ApplySeedsResult = {};
  const put = async <T extends Record<string, unknown>>(collection: string, pk: keyof T & string, rows: T[], always = false) => {
    result[collection] = await upsertItems(api, collection, pk, rows, { overwrite: always || overwrite, log });
  };
  try {
    result.settings = await upsertSettings(api, data.settings, overwrite, log);
    // Kemendagri data and the agency list are not admin-edited text: keep them in sync.
    await put('regions', 'code', data.regions, true);
    await put('sla_policies', 'code', data.slaPolicies);
    // Intake desks before the users (a desk team member points at their desk).
    {
      const kecamatan = (o.demoUsers ?? true) ? demoUsersFor(o.regencyCode, data.regions.filter((r) => r.level === 'kecamatan')).find((u) => u.role === 'desk_team') : undefined;
      const served = kecamatan?.region ? data.regions.find((r) => r.code === kecamatan.region) ?? null : null;
      const desks = demoDesks({ regencyCode: o.regencyCode, kecamatan: served, phoneNumberId: o.waPhoneNumberId ?? '100000000000001' });
      await put('desks', 'code', desks.map((d) => deskRow(d, d.is_default ? null : KECAMATAN_DESK_NUMBER.displayNumber)));
    }
    // `head` points at users that may not exist yet: set it after the users.
    await put('agencies', 'code', data.agencies.map(({ head: _head, ...a }) => a));
    await put('categories', 'code', data.categories);
    await put('routing_rules', 'id', data.routingRules);
    await put('holidays', 'date', data.holidays);
    await put('message_templates', 'id', data.templates);
    await put('appointment_slots', 'id', data.appointmentSlots);

    // The n8n service account is always needed; the people are demo logins only.
    {
      const kecamatan = data.regions.filter((r) => r.level === 'kecamatan');
      const users = demoUsersFor(o.regencyCode, kecamatan, demoVillage(data.regions)).filter((u) => (o.demoUsers ?? true) || u.role === 'service');
      result.directus_users = await upsertDemoUsers(api, users, { demoPassword: o.demoPassword, serviceToken: o.serviceToken, log });
      const heads = users.filter((u) => u.agency_head && u.agency).map((u) => ({ code: u.agency!, head: u.id }));
      result.agency_heads = await upsertItems(api, 'agencies', 'code', heads, { overwrite, log: (l) => log(l.replace('agencies', 'kepala instansi')) });
    }
  } catch (e) {
    if (e instanceof DirectusRestError && (e.status === 403 || e.status === 404)) {
      throw new Error(`${e.message}\nApakah skema sudah diterapkan? Jalankan dulu: npx tsx schema/src/cli.ts apply`, { cause: e });
    }
    throw e;
  }
  return result;
}

/** True when a result changed nothing (what a second run must report). */
export function isNoop(result: ApplySeedsResult): boolean {
  return Object.values(result).every((c) => c.created === 0 && c.updated === 0);
}
