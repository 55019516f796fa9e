// Intake desks (MODEL.md "Desks"): which numbers/accounts a desk owns (WhatsApp, Telegram, Facebook, Instagram), which area it serves and
// who screens it (directus_users.desk). Reports carry their desk (complaints.desk, reports.ts).
// The rules (which desk a number belongs to, who may pass a report up) are core's intake-desks.ts.
import { DESK_LEVELS } from '@kanal-aduan/core';
import { defineCollection, f, rel, type Choice } from '../dsl.ts';

const LEVEL_WORDS: Record<(typeof DESK_LEVELS)[number], { id: string; en: string }> = {
  kabupaten: { id: 'Kabupaten/kota', en: 'Regency/city' },
  kecamatan: { id: 'Kecamatan', en: 'Sub-district' },
  desa: { id: 'Kelurahan/desa', en: 'Village' },
};
export const DESK_LEVEL_CHOICES: Choice[] = DESK_LEVELS.map((value) => ({ value, ...LEVEL_WORDS[value] }));

export const desks = defineCollection({
  collection: 'desks',
  label: { id: 'Meja pengaduan', en: 'Intake desks' },
  icon: 'support_agent',
  note: 'Pintu masuk laporan: nomor WhatsApp, bot Telegram, Halaman Facebook dan akun Instagram yang dimiliki, wilayah yang dilayani dan tim yang memeriksanya.',
  pk: { kind: 'string', field: 'code', label: { id: 'Kode', en: 'Code' }, maxLength: 64, note: 'Mis. KAB, KEC-16.02.05.' },
  displayTemplate: '{{name}}',
  sort: 75,
  fields: [
    f.string('name', { label: { id: 'Nama', en: 'Name' }, required: true, width: 'half', note: 'Mis. «Meja Kecamatan Kayu Agung».' }),
    f.choice('level', DESK_LEVEL_CHOICES, { label: { id: 'Tingkat', en: 'Level' }, required: true, width: 'half' }),
    f.m2o('region', 'string', '{{name}}', { label: { id: 'Wilayah yang dilayani', en: 'Region served' }, width: 'half' }),
    // Meta's phone_number_id (webhook metadata.phone_number_id; the id replies are sent from), not the phone number itself.
    f.string('wa_phone_number_id', { label: { id: 'ID nomor WhatsApp (phone_number_id)', en: 'WhatsApp phone number id' }, unique: true, width: 'half', maxLength: 32,
      note: 'ID nomor dari Meta (WhatsApp Manager → API Setup), bukan nomor teleponnya. Pesan ke nomor ini masuk ke meja ini dan dibalas dari nomor yang sama.' }),
    // The desk's own accounts on the other chat channels (the ids their webhooks name), each owned by one desk at most.
    f.string('telegram_bot_id', { label: { id: 'ID bot Telegram', en: 'Telegram bot id' }, unique: true, width: 'half', maxLength: 32,
      note: 'Angka di depan tanda «:» pada token bot dari @BotFather. Tokennya disimpan di kredensial Telegram n8n («Token bot meja»), bukan di sini.' }),
    f.string('facebook_page_id', { label: { id: 'ID Halaman Facebook', en: 'Facebook Page id' }, unique: true, width: 'half', maxLength: 32,
      note: 'ID Halaman (Tentang → Transparansi Halaman). Token halaman disimpan di kredensial Meta Messenger n8n («Token halaman meja»).' }),
    f.string('instagram_account_id', { label: { id: 'ID akun Instagram', en: 'Instagram account id' }, unique: true, width: 'half', maxLength: 32,
      note: 'ID akun Instagram profesional yang terhubung ke Halaman (entry.id pada webhook Instagram).' }),
    f.string('wa_display_number', { label: { id: 'Nomor WhatsApp', en: 'WhatsApp number' }, width: 'half', maxLength: 32, note: 'Nomor yang dilihat warga, mis. 6281100000000.' }),
    f.boolean('is_default', { label: { id: 'Meja utama (kabupaten)', en: 'Default desk' }, width: 'half',
      note: 'Laporan dari situs web, telepon, Open311 dan nomor yang tidak dimiliki meja lain masuk ke sini; laporan yang diteruskan tim meja juga. Hanya satu meja.' }),
    f.boolean('active', { label: { id: 'Aktif', en: 'Active' }, default: true, width: 'half' }),
  ],
  relations: [rel.m2o('desks', 'region', 'regions', 'SET NULL')],
});
