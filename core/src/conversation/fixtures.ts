import type { Category, MessageTemplate, Region } from '../model.ts';
import { TEMPLATES } from '../../../seeds/data/message-templates.ts';
import { CATEGORIES } from '../../../seeds/data/categories.ts';

// Test data for the conversation: real Kemendagri names of Kabupaten Ogan
// Komering Ilir (16.02) chosen for their traps (namesakes, a kelurahan named
// like its kecamatan, "Pedamaran" vs "Pedamaran I"), and the seeded templates
// and categories so the tests also check that every key the bot uses exists.
// Six villages carry their centroid (from the `geografis` package, as the seeds do).

const r = (code: string, name: string, level: Region['level'], parent: string | null, at?: [number, number]): Region =>
  at ? { code, name, level, parent, latitude: at[0], longitude: at[1] } : { code, name, level, parent };

export const OKI_REGIONS: Region[] = [
  r('16', 'Sumatera Selatan', 'provinsi', null),
  r('16.02', 'Ogan Komering Ilir', 'kabupaten', '16'),
  r('16.02.02', 'Tanjung Lubuk', 'kecamatan', '16.02'),
  r('16.02.03', 'Pedamaran', 'kecamatan', '16.02'),
  r('16.02.05', 'Kayu Agung', 'kecamatan', '16.02'),
  r('16.02.08', 'Sirah Pulau Padang', 'kecamatan', '16.02'),
  r('16.02.12', 'Pampangan', 'kecamatan', '16.02'),
  r('16.02.19', 'Pangkalan Lampam', 'kecamatan', '16.02'),
  r('16.02.02.1011', 'Tanjung Lubuk', 'kelurahan', '16.02.02', [-3.5331, 104.7616]),
  r('16.02.02.2006', 'Sukarami', 'desa', '16.02.02'),
  r('16.02.02.2012', 'Bumiagung', 'desa', '16.02.02'),
  r('16.02.03.2002', 'Pedamaran VI', 'desa', '16.02.03'),
  r('16.02.03.2007', 'Pedamaran I', 'desa', '16.02.03'),
  r('16.02.03.2009', 'Sukadamai', 'desa', '16.02.03'),
  r('16.02.03.2011', 'Sukaraja', 'desa', '16.02.03'),
  r('16.02.05.1001', 'Jua-jua', 'kelurahan', '16.02.05', [-3.4047, 104.8287]),
  r('16.02.05.1002', 'Kayuagung', 'kelurahan', '16.02.05', [-3.3785, 104.8496]),
  r('16.02.05.1006', 'Paku', 'kelurahan', '16.02.05'),
  r('16.02.05.1008', 'Sukadana', 'kelurahan', '16.02.05', [-3.3672, 104.8333]),
  r('16.02.05.2013', 'Tanjung Lubuk', 'desa', '16.02.05'),
  r('16.02.05.2019', 'Anyar', 'desa', '16.02.05', [-3.4306, 104.8300]),
  r('16.02.08.2016', 'Sukaraja', 'desa', '16.02.08'),
  r('16.02.12.2004', 'Kandis', 'desa', '16.02.12', [-3.3006, 104.9864]),
  r('16.02.19.2006', 'Sukaraja', 'desa', '16.02.19'),
];

export const SEED_TEMPLATES: MessageTemplate[] = TEMPLATES.flatMap((t) =>
  (['id', 'en'] as const).map((locale) => ({
    id: `${t.key}.${locale}`,
    key: t.key,
    locale,
    body: t[locale],
    wa_template_name: t.wa_template ?? null,
    wa_template_language: t.wa_template ? locale : null,
    description: t.purpose,
  })),
);

export const SEED_CATEGORIES: Category[] = CATEGORIES.map((c, i) => ({
  code: c.code,
  name: c.name,
  name_en: c.name_en,
  description: c.description,
  keywords: c.keywords,
  default_agency: c.default_agency,
  sla_policy: 'SP4N',
  active: true,
  sort: i + 1,
}));
