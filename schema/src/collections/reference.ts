// Reference data (MODEL.md "Reference data"): string primary keys so seeds upsert.
import { DEFAULT_RANKING_MIN_VOLUME, DEFAULT_SPAM_SETTINGS, SP4N_CLOCK } from '@kanal-aduan/core';
import { defineCollection, f, rel, type Choice } from '../dsl.ts';

export const TIMEZONE_CHOICES: Choice[] = [
  { value: 'Asia/Jakarta', id: 'WIB (Asia/Jakarta)', en: 'WIB (Asia/Jakarta)' },
  { value: 'Asia/Makassar', id: 'WITA (Asia/Makassar)', en: 'WITA (Asia/Makassar)' },
  { value: 'Asia/Jayapura', id: 'WIT (Asia/Jayapura)', en: 'WIT (Asia/Jayapura)' },
];

export const REGION_LEVEL_CHOICES: Choice[] = [
  { value: 'provinsi', id: 'Provinsi', en: 'Province' },
  { value: 'kabupaten', id: 'Kabupaten', en: 'Regency' },
  { value: 'kota', id: 'Kota', en: 'City' },
  { value: 'kecamatan', id: 'Kecamatan', en: 'District' },
  { value: 'kelurahan', id: 'Kelurahan', en: 'Urban village' },
  { value: 'desa', id: 'Desa', en: 'Village' },
];

export const AGENCY_KIND_CHOICES: Choice[] = [
  { value: 'opd', id: 'OPD (dinas/badan)', en: 'Agency' },
  { value: 'kecamatan', id: 'Kantor kecamatan', en: 'District office' },
  { value: 'kelurahan', id: 'Kantor kelurahan', en: 'Urban village office' },
  { value: 'desa', id: 'Pemerintah desa', en: 'Village government' },
];

export const HOLIDAY_KIND_CHOICES: Choice[] = [
  { value: 'national', id: 'Libur nasional', en: 'National holiday' },
  { value: 'cuti_bersama', id: 'Cuti bersama', en: 'Collective leave' },
  { value: 'regional', id: 'Libur daerah', en: 'Regional holiday' },
];

export const LOCALE_CHOICES: Choice[] = [
  { value: 'id', id: 'Bahasa Indonesia', en: 'Indonesian' },
  { value: 'en', id: 'Bahasa Inggris', en: 'English' },
];

export const settings = defineCollection({
  collection: 'settings',
  label: { id: 'Pengaturan', en: 'Settings' },
  icon: 'settings',
  note: 'Pengaturan umum kanal aduan (satu baris).',
  pk: { kind: 'integer' },
  singleton: true,
  sort: 90,
  fields: [
    f.string('instance_name', { label: { id: 'Nama layanan', en: 'Service name' }, note: 'Nama yang dilihat warga, mis. "Lapor Bupati OKI".', required: true, width: 'half' }),
    f.string('regency_code', { label: { id: 'Kode kabupaten/kota', en: 'Regency code' }, note: 'Kode Kemendagri, mis. 16.02.', required: true, width: 'half' }),
    f.choice('timezone', TIMEZONE_CHOICES, { label: { id: 'Zona waktu', en: 'Time zone' }, required: true, default: 'Asia/Jakarta' }),
    f.string('ticket_prefix', { label: { id: 'Awalan nomor tiket', en: 'Ticket prefix' }, note: 'Mis. ADU → ADU-2611-00042.', default: 'ADU', width: 'half' }),
    f.boolean('public_ranking_enabled', { label: { id: 'Tampilkan peringkat ke publik', en: 'Public ranking' }, width: 'half' }),
    f.integer('ranking_min_volume', { label: { id: 'Minimal jumlah laporan untuk peringkat', en: 'Ranking minimum volume' }, default: DEFAULT_RANKING_MIN_VOLUME, width: 'half' }),
    f.json('ranking_weights', { label: { id: 'Bobot peringkat', en: 'Ranking weights' }, note: 'Bobot tiap indikator kinerja (JSON).' }),
    // Quiet hours live here, not in each SLA policy: a person gets one digest for reports of every category, at one time.
    f.string('reminder_send_from', {
      label: { id: 'Pengingat dikirim mulai pukul', en: 'Reminders from' }, width: 'half', default: '07:00', maxLength: 5,
      note: 'Waktu setempat, JJ:MM. Sebelum jam ini pengingat WhatsApp ke petugas ditahan.',
      options: { placeholder: '07:00', font: 'monospace' }, validation: { _and: [{ reminder_send_from: { _regex: '^([01][0-9]|2[0-3]):[0-5][0-9]$' } }] },
      validation_message: 'Isi jam dengan format JJ:MM, mis. 07:00.',
    }),
    f.string('reminder_send_until', {
      label: { id: 'Pengingat dikirim sampai pukul', en: 'Reminders until' }, width: 'half', default: '18:00', maxLength: 5,
      note: 'Waktu setempat, JJ:MM. Sesudah jam ini pengingat ditunda sampai pagi.',
      options: { placeholder: '18:00', font: 'monospace' }, validation: { _and: [{ reminder_send_until: { _regex: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' } }] },
      validation_message: 'Isi jam dengan format JJ:MM, mis. 18:00.',
    }),
    // Spam triage at filing (core triage spamSettingsFrom): empty keeps core's default.
    f.float('spam_threshold', { label: { id: 'Ambang «Mungkin spam»', en: 'Likely-spam threshold' }, default: DEFAULT_SPAM_SETTINGS.spamThreshold, width: 'half',
      note: 'Skor 0–1; laporan dengan skor setinggi ini atau lebih masuk «Mungkin spam» (tidak dihapus). Lebih tinggi = lebih sedikit yang disaring.',
      validation: { _and: [{ spam_threshold: { _between: [0.05, 1] } }] }, validation_message: 'Isi angka antara 0,05 dan 1.' }),
    f.integer('spam_flood_min', { label: { id: 'Pesan salinan dari nomor lain', en: 'Copy-paste flood from' }, default: DEFAULT_SPAM_SETTINGS.floodMin, width: 'half',
      note: 'Teks yang sama dari sekian nomor lain dalam 24 jam dihitung sebagai banjir pesan.' }),
    f.integer('spam_rejected_min', { label: { id: 'Laporan ditolak sebagai spam', en: 'Rejected-as-spam history from' }, default: DEFAULT_SPAM_SETTINGS.rejectedMin, width: 'half',
      note: 'Sejak sekian laporan warga ini ditolak sebagai spam, riwayat itu ikut dihitung.' }),
    f.integer('spam_rate_max', { label: { id: 'Batas pesan per jam', en: 'Messages per hour' }, default: DEFAULT_SPAM_SETTINGS.rateMax, width: 'half',
      note: 'Lebih dari sekian pesan dari satu nomor dalam satu jam ikut menaikkan skor.' }),
    f.boolean('reminder_quiet_days_off', {
      label: { id: 'Tanpa pengingat pada akhir pekan & hari libur', en: 'No reminders on weekends and holidays' }, default: true, width: 'half',
      note: 'Bila aktif, pengingat yang jatuh pada Sabtu, Minggu atau hari libur dikirim pagi hari kerja berikutnya.',
    }),
  ],
});

export const regions = defineCollection({
  collection: 'regions',
  label: { id: 'Wilayah', en: 'Regions' },
  icon: 'map',
  note: 'Wilayah administrasi dengan kode Kemendagri.',
  pk: { kind: 'string', field: 'code', label: { id: 'Kode Kemendagri', en: 'Kemendagri code' }, maxLength: 32, note: 'Mis. 16.02, 16.02.01, 16.02.01.2001.' },
  displayTemplate: '{{name}} ({{code}})',
  sort: 80,
  fields: [
    f.string('name', { label: { id: 'Nama', en: 'Name' }, required: true, width: 'half' }),
    f.choice('level', REGION_LEVEL_CHOICES, { label: { id: 'Tingkat', en: 'Level' }, required: true }),
    f.m2o('parent', 'string', '{{name}}', { label: { id: 'Wilayah induk', en: 'Parent region' }, note: 'Kosong untuk wilayah teratas.', indexed: true }),
    f.float('latitude', { label: { id: 'Lintang titik tengah', en: 'Centroid latitude' }, width: 'half', note: 'Titik tengah kelurahan/desa: titik lokasi warga dipetakan ke desa terdekat, dan laporan rahasia tampil di peta publik hanya di titik ini.' }),
    f.float('longitude', { label: { id: 'Bujur titik tengah', en: 'Centroid longitude' }, width: 'half' }),
  ],
  relations: [rel.m2o('regions', 'parent', 'regions', 'SET NULL')],
});

export const agencies = defineCollection({
  collection: 'agencies',
  label: { id: 'Instansi', en: 'Agencies' },
  icon: 'account_balance',
  note: 'OPD, kantor kecamatan, kelurahan dan desa yang menindaklanjuti laporan.',
  pk: { kind: 'string', field: 'code', label: { id: 'Kode', en: 'Code' }, maxLength: 64, note: 'Mis. DPUPR, DINKES, KEC-16.02.01.' },
  displayTemplate: '{{short_name}}',
  sortField: 'sort',
  sort: 70,
  fields: [
    f.string('name', { label: { id: 'Nama lengkap', en: 'Full name' }, required: true }),
    f.string('short_name', { label: { id: 'Nama singkat', en: 'Short name' }, required: true, width: 'half' }),
    f.choice('kind', AGENCY_KIND_CHOICES, { label: { id: 'Jenis', en: 'Kind' }, required: true }),
    f.m2o('region', 'string', '{{name}}', { label: { id: 'Wilayah', en: 'Region' }, indexed: true }),
    f.m2o('head', 'uuid', '{{first_name}} {{last_name}}', { label: { id: 'Kepala', en: 'Head' }, note: 'Akun Kepala OPD/Camat yang menerima eskalasi.' }),
    f.string('wa_group', { label: { id: 'Grup WhatsApp', en: 'WhatsApp group' }, width: 'half' }),
    f.boolean('active', { label: { id: 'Aktif', en: 'Active' }, default: true, width: 'half' }),
    f.integer('sort', { label: { id: 'Urutan', en: 'Sort' }, hidden: true }),
  ],
  relations: [
    rel.m2o('agencies', 'region', 'regions', 'SET NULL'),
    rel.m2o('agencies', 'head', 'directus_users', 'SET NULL'),
  ],
});

// Values are core's (core/src/sla-scan/types.ts: ReminderStage, Audience); labels are what admins read.
export const ESCALATION_STAGE_CHOICES: Choice[] = [
  { value: 'verify', id: 'Verifikasi', en: 'Verification' },
  { value: 'respond', id: 'Tanggapan', en: 'Response' },
  { value: 'resolve', id: 'Penyelesaian', en: 'Resolution' },
];
export const ESCALATION_NOTIFY_CHOICES: Choice[] = [
  { value: 'verifikator', id: 'Verifikator', en: 'Verifier' },
  { value: 'agency_officers', id: 'Petugas OPD', en: 'Agency officers' },
  { value: 'agency_head', id: 'Kepala OPD', en: 'Agency head' },
  { value: 'pimpinan', id: 'Pimpinan', en: 'Leadership' },
];

const dropdown = (choices: Choice[]) => ({
  interface: 'select-dropdown',
  options: { choices: choices.map((c) => ({ text: c.id, value: c.value })) },
  display: 'labels',
  display_options: { choices: choices.map((c) => ({ text: c.id, value: c.value })) },
});

/**
 * The escalation steps as a repeater (Directus `list` interface, options as in
 * @directus/app 11.17: template, addLabel, fields[{field, name, type, meta}]),
 * so admins edit rows with dropdowns instead of JSON. The stored value stays
 * the array of {stage, after_days, notify} the scan parses (invalid rows are skipped).
 */
export const ESCALATION_LIST_OPTIONS = {
  template: '{{stage}} · {{after_days}} hari kerja · {{notify}}',
  addLabel: 'Tambah langkah',
  fields: [
    {
      field: 'stage', name: 'Tahap', type: 'string',
      meta: { field: 'stage', type: 'string', width: 'half', required: true, ...dropdown(ESCALATION_STAGE_CHOICES) },
    },
    {
      field: 'notify', name: 'Diberi tahu', type: 'string',
      meta: { field: 'notify', type: 'string', width: 'half', required: true, ...dropdown(ESCALATION_NOTIFY_CHOICES) },
    },
    {
      field: 'after_days', name: 'Hari kerja dari batas waktu', type: 'integer',
      meta: {
        field: 'after_days', type: 'integer', width: 'full', required: true, interface: 'input',
        options: { min: -30, max: 60, step: 1 },
        note: 'Negatif = sebelum batas waktu (-1: pagi hari terakhir), 0 = saat batas lewat, 2 = dua hari kerja sesudahnya.',
      },
      schema: { default_value: 0 },
    },
  ],
};

export const slaPolicies = defineCollection({
  collection: 'sla_policies',
  label: { id: 'Kebijakan batas waktu', en: 'SLA policies' },
  icon: 'timer',
  note: 'Batas waktu dalam hari kerja (SP4N-LAPOR: verifikasi 3, tanggapan 5, tutup otomatis 10).',
  pk: { kind: 'string', field: 'code', label: { id: 'Kode', en: 'Code' }, maxLength: 64 },
  displayTemplate: '{{name}}',
  sort: 60,
  fields: [
    f.string('name', { label: { id: 'Nama', en: 'Name' }, required: true }),
    f.integer('verify_days', { label: { id: 'Verifikasi (hari kerja)', en: 'Verify (working days)' }, required: true, default: SP4N_CLOCK.verify_days, width: 'half' }),
    f.integer('respond_days', { label: { id: 'Tanggapan pertama (hari kerja)', en: 'First response (working days)' }, required: true, default: SP4N_CLOCK.respond_days, width: 'half' }),
    f.integer('resolve_days', { label: { id: 'Target selesai (hari kerja)', en: 'Resolve target (working days)' }, required: true, default: SP4N_CLOCK.resolve_days, width: 'half' }),
    f.integer('autoclose_days', { label: { id: 'Tutup otomatis (hari kerja)', en: 'Auto-close (working days)' }, required: true, default: SP4N_CLOCK.autoclose_days, width: 'half' }),
    f.integer('return_grace_days', { label: { id: 'Batas pengembalian (hari kerja)', en: 'Return grace (working days)' }, required: true, default: SP4N_CLOCK.return_grace_days, width: 'half', note: 'Laporan yang dikembalikan "bukan wewenang" dalam batas ini tidak mengurangi nilai instansi.' }),
    f.json('escalation', {
      label: { id: 'Tahapan pengingat & eskalasi', en: 'Reminder and escalation steps' },
      note: 'Siapa diingatkan kapan, per tahap. Kosong = memakai tahapan kebijakan SP4N. Jam kirim diatur di Pengaturan.',
      interface: 'list',
      options: ESCALATION_LIST_OPTIONS,
      display: 'formatted-json-value',
      display_options: { format: '{{stage}} {{after_days}} → {{notify}}' },
    }),
  ],
});

export const categories = defineCollection({
  collection: 'categories',
  label: { id: 'Kategori', en: 'Categories' },
  icon: 'category',
  note: 'Kategori laporan beserta instansi bawaan dan kata kunci.',
  pk: { kind: 'string', field: 'code', label: { id: 'Kode', en: 'Code' }, maxLength: 64, note: 'Mis. JALAN.' },
  displayTemplate: '{{name}}',
  sortField: 'sort',
  sort: 50,
  fields: [
    f.string('name', { label: { id: 'Nama', en: 'Name' }, required: true, width: 'half' }),
    f.string('name_en', { label: { id: 'Nama (Inggris)', en: 'Name (English)' }, width: 'half' }),
    f.text('description', { label: { id: 'Keterangan', en: 'Description' } }),
    f.json('keywords', { label: { id: 'Kata kunci', en: 'Keywords' }, interface: 'tags', options: { lowercase: true }, note: 'Kata kunci huruf kecil untuk saran kategori.' }),
    f.m2o('default_agency', 'string', '{{short_name}}', { label: { id: 'Instansi bawaan', en: 'Default agency' } }),
    f.m2o('sla_policy', 'string', '{{name}}', { label: { id: 'Kebijakan batas waktu', en: 'SLA policy' } }),
    f.boolean('active', { label: { id: 'Aktif', en: 'Active' }, default: true, width: 'half' }),
    f.integer('sort', { label: { id: 'Urutan', en: 'Sort' }, hidden: true }),
  ],
  relations: [
    rel.m2o('categories', 'default_agency', 'agencies', 'SET NULL'),
    rel.m2o('categories', 'sla_policy', 'sla_policies', 'SET NULL'),
  ],
});

export const routingRules = defineCollection({
  collection: 'routing_rules',
  label: { id: 'Aturan disposisi', en: 'Routing rules' },
  icon: 'alt_route',
  note: 'Ke instansi mana laporan diteruskan menurut kategori dan wilayah. Prioritas tertinggi menang.',
  pk: { kind: 'integer' },
  displayTemplate: '{{category.name}} · {{region.name}} → {{agency.short_name}}',
  sort: 55,
  fields: [
    f.m2o('category', 'string', '{{name}}', { label: { id: 'Kategori', en: 'Category' }, note: 'Kosong = semua kategori.' }),
    f.m2o('region', 'string', '{{name}}', { label: { id: 'Wilayah', en: 'Region' }, note: 'Kosong = semua wilayah; berlaku juga untuk wilayah di bawahnya.' }),
    f.m2o('agency', 'string', '{{short_name}}', { label: { id: 'Instansi tujuan', en: 'Target agency' }, required: true }),
    f.integer('priority', { label: { id: 'Prioritas', en: 'Priority' }, default: 0, width: 'half', note: 'Angka lebih besar menang.' }),
    f.boolean('active', { label: { id: 'Aktif', en: 'Active' }, default: true, width: 'half' }),
    f.text('note', { label: { id: 'Catatan', en: 'Note' } }),
  ],
  relations: [
    rel.m2o('routing_rules', 'category', 'categories', 'CASCADE'),
    rel.m2o('routing_rules', 'region', 'regions', 'CASCADE'),
    rel.m2o('routing_rules', 'agency', 'agencies', 'CASCADE'),
  ],
});

export const holidays = defineCollection({
  collection: 'holidays',
  label: { id: 'Hari libur', en: 'Holidays' },
  icon: 'event_busy',
  note: 'Hari libur nasional, cuti bersama dan libur daerah; tidak dihitung sebagai hari kerja.',
  // A string key, not a date column: Directus only allows integer/uuid/string keys.
  pk: { kind: 'string', field: 'date', label: { id: 'Tanggal', en: 'Date' }, maxLength: 10, note: 'Format YYYY-MM-DD.' },
  displayTemplate: '{{date}} {{name}}',
  sort: 65,
  fields: [
    f.string('name', { label: { id: 'Nama', en: 'Name' }, required: true, width: 'half' }),
    f.choice('kind', HOLIDAY_KIND_CHOICES, { label: { id: 'Jenis', en: 'Kind' }, required: true, default: 'national' }),
  ],
});

export const messageTemplates = defineCollection({
  collection: 'message_templates',
  label: { id: 'Templat pesan', en: 'Message templates' },
  icon: 'sms',
  note: 'Semua teks bot WhatsApp. Gunakan {{nama_variabel}} untuk isian.',
  pk: { kind: 'string', field: 'id', label: { id: 'ID (kunci.bahasa)', en: 'ID (key.locale)' }, maxLength: 128, note: 'Mis. intake.received.id.' },
  displayTemplate: '{{key}} ({{locale}})',
  sort: 75,
  fields: [
    f.string('key', { label: { id: 'Kunci', en: 'Key' }, required: true, width: 'half', indexed: true }),
    f.choice('locale', LOCALE_CHOICES, { label: { id: 'Bahasa', en: 'Locale' }, required: true, default: 'id' }),
    f.text('body', { label: { id: 'Isi pesan', en: 'Body' }, required: true, interface: 'input-multiline', note: 'Teks polos WhatsApp; *tebal*, _miring_ boleh.' }),
    f.string('wa_template_name', { label: { id: 'Nama templat WhatsApp', en: 'WhatsApp template name' }, width: 'half', note: 'Templat yang disetujui Meta untuk di luar jendela 24 jam.' }),
    f.string('wa_template_language', { label: { id: 'Bahasa templat WhatsApp', en: 'WhatsApp template language' }, width: 'half', note: 'Mis. id.' }),
    f.text('description', { label: { id: 'Keterangan', en: 'Description' } }),
  ],
});
