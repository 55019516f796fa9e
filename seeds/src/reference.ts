import {
  Agency,
  AppointmentSlot,
  Category,
  DEFAULT_RANKING_MIN_VOLUME,
  Holiday,
  MessageTemplate,
  Region,
  RoutingRule,
  Settings,
  SlaPolicy,
  SP4N_POLICY_CODE,
  Timezone,
  WA_TEMPLATE_BODY_VARS,
} from '@kanal-aduan/core';
import { OPDS } from '../data/agencies.ts';
import { CATEGORIES } from '../data/categories.ts';
import { HOLIDAYS } from '../data/holidays.ts';
import { APPOINTMENT_SLOTS } from '../data/appointment-slots.ts';
import { TEMPLATES } from '../data/message-templates.ts';
import { RANKING_WEIGHTS, SLA_POLICIES } from '../data/sla-policies.ts';
import { loadRegions } from './regions.ts';

export type ReferenceData = {
  settings: Settings;
  regions: Region[];
  agencies: Agency[];
  slaPolicies: SlaPolicy[];
  categories: Category[];
  routingRules: RoutingRule[];
  holidays: Holiday[];
  templates: MessageTemplate[];
  appointmentSlots: AppointmentSlot[];
};

export type ReferenceOptions = { regencyCode: string; timezone: string };

/** The capital's kecamatan of Ogan Komering Ilir, used by the demo rules below. */
const OKI = { regency: '16.02', kayuAgung: '16.02.05', airSugihan: '16.02.14' };

export function kecamatanAgencyCode(kecamatanCode: string): string {
  return `KEC-${kecamatanCode}`;
}

/** A kelurahan or desa office: `KEL-16.02.05.1002`, `DESA-16.02.05.2015`. */
export function villageAgencyCode(village: { code: string; level: string }): string {
  return `${village.level === 'kelurahan' ? 'KEL' : 'DESA'}-${village.code}`;
}

/** Celikah, a desa of Kayu Agung: the demo's desa office and its Kepala Desa. */
export const DEMO_DESA_CODE = '16.02.05.2015';

/**
 * The one kelurahan/desa whose office the demo seeds (a kabupaten has hundreds; admins add the
 * others as they join): Celikah in Ogan Komering Ilir, else the first desa/kelurahan of the
 * first kecamatan. Null when the regency has no villages in the data.
 */
export function demoVillage(regions: readonly Region[]): Region | null {
  const demo = regions.find((r) => r.code === DEMO_DESA_CODE);
  if (demo) return demo;
  const firstKecamatan = regions.filter((r) => r.level === 'kecamatan').map((r) => r.code).sort()[0];
  return regions.filter((r) => (r.level === 'desa' || r.level === 'kelurahan') && r.parent === firstKecamatan)
    .sort((a, b) => a.code.localeCompare(b.code))[0] ?? null;
}

/** The office of a kelurahan/desa as a disposition target (kind `kelurahan`/`desa`; not ranked). */
export function villageAgency(village: Region, sort: number): Agency {
  const kelurahan = village.level === 'kelurahan';
  return Agency.parse({
    code: villageAgencyCode(village),
    name: kelurahan ? `Kelurahan ${village.name}` : `Pemerintah Desa ${village.name}`,
    short_name: kelurahan ? `Kel. ${village.name}` : `Desa ${village.name}`,
    kind: kelurahan ? 'kelurahan' : 'desa',
    region: village.code,
    head: null,
    wa_group: null,
    active: true,
    sort,
  });
}

export function templateRows(): MessageTemplate[] {
  return TEMPLATES.flatMap((t) => {
    const vars = Object.entries(t.vars);
    // Whoever registers the approved template with Meta needs the order of its body parameters.
    // Temu Bupati's notices name the booking, not a report (the reminders flow sends [code, text]).
    const params = WA_TEMPLATE_BODY_VARS[t.key] ?? [t.key.startsWith('appointment.') ? 'kode booking' : 'ticket', 'teks pesan dalam satu baris'];
    const description =
      t.purpose +
      (vars.length ? ` Variabel: ${vars.map(([k, v]) => `{{${k}}} = ${v}`).join('; ')}.` : ' Tanpa variabel.') +
      (t.wa_template ? ` Templat WhatsApp ${t.wa_template} (di luar 24 jam): ${params.map((p, n) => `{{${n + 1}}} = ${p}`).join(', ')}.` : '');
    return (['id', 'en'] as const).map((locale) =>
      MessageTemplate.parse({
        id: `${t.key}.${locale}`,
        key: t.key,
        locale,
        body: t[locale],
        wa_template_name: t.wa_template ?? null,
        wa_template_language: t.wa_template ? locale : null,
        description,
      }),
    );
  });
}

export function holidayRows(): Holiday[] {
  return HOLIDAYS.map((h) => Holiday.parse(h)).sort((a, b) => a.date.localeCompare(b.date));
}

export function categoryRows(): Category[] {
  return CATEGORIES.map((c, i) =>
    Category.parse({ ...c, keywords: [...c.keywords], sla_policy: SP4N_POLICY_CODE, active: true, sort: (i + 1) * 10 }),
  );
}

/**
 * Routing is data (FixMyStreet `contacts`): the rules below are the starting
 * point admins edit. Ids are fixed so a second apply updates instead of adding.
 */
export function routingRuleRows(regencyCode: string, kecamatan: Region[]): RoutingRule[] {
  type Draft = Omit<RoutingRule, 'id' | 'active'>;
  const drafts: Draft[] = [
    { category: 'JALAN', region: regencyCode, agency: 'DPUPR', priority: 10, note: 'Jalan dan jembatan kabupaten di semua kecamatan ditangani DPUPR.' },
    { category: 'DRAINASE', region: regencyCode, agency: 'DPUPR', priority: 10, note: 'Drainase utama ditangani DPUPR.' },
    { category: 'BENCANA', region: null, agency: 'BPBD', priority: 50, note: 'Bencana dan kedaruratan selalu ke BPBD, di mana pun lokasinya.' },
    { category: 'KEBAKARAN', region: null, agency: 'DAMKAR', priority: 50, note: 'Kebakaran selalu ke Damkar.' },
  ];
  if (regencyCode === OKI.regency) {
    drafts.push(
      { category: 'DRAINASE', region: OKI.kayuAgung, agency: 'DPRKP', priority: 20, note: 'Drainase lingkungan permukiman di ibu kota kabupaten (Kayu Agung) ditangani Disperkim.' },
      { category: 'AIR', region: OKI.airSugihan, agency: 'DPRKP', priority: 20, note: 'Air Sugihan belum terjangkau jaringan PDAM; penyediaan air bersih (SPAM perdesaan) oleh Disperkim.' },
      { category: 'TRANTIB', region: OKI.kayuAgung, agency: 'SATPOLPP', priority: 20, note: 'Ketertiban umum di ibu kota kabupaten langsung ke Satpol PP.' },
    );
  }
  // Village administration and public order outside the capital go to the Camat.
  for (const k of kecamatan) {
    drafts.push({ category: 'DESA', region: k.code, agency: kecamatanAgencyCode(k.code), priority: 10, note: `Pemerintahan desa/kelurahan di Kecamatan ${k.name} dibina oleh Camat.` });
  }
  for (const k of kecamatan) {
    if (regencyCode === OKI.regency && k.code === OKI.kayuAgung) continue;
    drafts.push({ category: 'TRANTIB', region: k.code, agency: kecamatanAgencyCode(k.code), priority: 10, note: `Ketertiban umum di Kecamatan ${k.name} ditangani Camat (trantib kecamatan).` });
  }
  return drafts.map((d, i) => RoutingRule.parse({ ...d, id: i + 1, active: true }));
}

export function settingsRow(regency: Region, timezone: string): Settings {
  const shortName = regency.name.replace(/^(Kabupaten|Kota)\s+/i, '');
  return Settings.parse({
    instance_name: regency.code === OKI.regency ? 'Lapor Bupati OKI' : `Kanal Aduan ${shortName}`,
    regency_code: regency.code,
    timezone: Timezone.parse(timezone),
    ticket_prefix: 'ADU',
    public_ranking_enabled: false,
    ranking_min_volume: DEFAULT_RANKING_MIN_VOLUME,
    ranking_weights: { ...RANKING_WEIGHTS },
  });
}

export async function buildReferenceData({ regencyCode, timezone }: ReferenceOptions): Promise<ReferenceData> {
  const { regency, regions } = await loadRegions(regencyCode);
  const kecamatan = regions.filter((r) => r.level === 'kecamatan');

  const opds = OPDS.map((o, i) =>
    Agency.parse({ ...o, kind: 'opd', region: regencyCode, head: null, wa_group: null, active: true, sort: (i + 1) * 10 }),
  );
  const kecAgencies = kecamatan.map((k, i) =>
    Agency.parse({
      code: kecamatanAgencyCode(k.code),
      name: `Kecamatan ${k.name}`,
      short_name: `Kec. ${k.name}`,
      kind: 'kecamatan',
      region: k.code,
      head: null,
      wa_group: null,
      active: true,
      sort: 1000 + i,
    }),
  );

  const village = demoVillage(regions);
  const villageAgencies = village ? [villageAgency(village, 2000)] : [];

  return {
    settings: settingsRow(regency, timezone),
    regions,
    agencies: [...opds, ...kecAgencies, ...villageAgencies],
    slaPolicies: SLA_POLICIES.map((p) => SlaPolicy.parse(structuredClone(p))),
    categories: categoryRows(),
    routingRules: routingRuleRows(regencyCode, kecamatan),
    holidays: holidayRows(),
    templates: templateRows(),
    appointmentSlots: APPOINTMENT_SLOTS.map((s) => AppointmentSlot.parse(s)),
  };
}
