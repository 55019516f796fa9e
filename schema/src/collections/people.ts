// People and conversations (MODEL.md "People and conversations") and the extra
// fields on directus_users. Citizen identity lives only in `citizens`.
import { defineCollection, f, rel, type Choice, type FieldPayload, type RelationPayload } from '../dsl.ts';
import { LOCALE_CHOICES } from './reference.ts';

export const WA_DIRECTION_CHOICES: Choice[] = [
  { value: 'in', id: 'Masuk', en: 'Inbound' },
  { value: 'out', id: 'Keluar', en: 'Outbound' },
];

export const WA_STATUS_CHOICES: Choice[] = [
  { value: 'received', id: 'Diterima', en: 'Received' },
  { value: 'sent', id: 'Terkirim', en: 'Sent' },
  { value: 'delivered', id: 'Sampai', en: 'Delivered' },
  { value: 'read', id: 'Dibaca', en: 'Read' },
  { value: 'failed', id: 'Gagal', en: 'Failed' },
];

export const citizens = defineCollection({
  collection: 'citizens',
  label: { id: 'Warga pelapor', en: 'Citizens' },
  icon: 'person',
  note: 'Identitas pelapor. Rahasia: hanya verifikator dan admin yang boleh melihat.',
  pk: { kind: 'uuid' },
  displayTemplate: '{{display_name}} ({{phone}})',
  sort: 20,
  fields: [
    f.string('wa_id', { label: { id: 'ID kanal (WhatsApp dll.)', en: 'Channel ID (WhatsApp etc.)' }, required: true, unique: true, width: 'half', note: 'WhatsApp: angka saja, seperti dikirim Meta. Telegram: "tg:" lalu id obrolan. Facebook Messenger / Instagram: "fb:" / "ig:" lalu id dari Meta.' }),
    f.string('phone', { label: { id: 'Nomor telepon', en: 'Phone' }, width: 'half', note: 'Format E.164, mis. +6281234567890.' }),
    f.string('display_name', { label: { id: 'Nama', en: 'Name' }, width: 'half' }),
    f.choice('locale', LOCALE_CHOICES, { label: { id: 'Bahasa', en: 'Locale' }, default: 'id' }),
    f.boolean('blocked', { label: { id: 'Diblokir', en: 'Blocked' }, note: 'Pesan dari nomor yang diblokir tidak diproses.' }),
    f.dateCreated(),
  ],
});

export const conversations = defineCollection({
  collection: 'conversations',
  label: { id: 'Percakapan', en: 'Conversations' },
  icon: 'forum',
  note: 'Status percakapan bot per nomor WhatsApp.',
  pk: { kind: 'uuid' },
  displayTemplate: '{{wa_id}} · {{state}}',
  sort: 30,
  fields: [
    f.string('wa_id', { label: { id: 'ID WhatsApp', en: 'WhatsApp ID' }, required: true, unique: true, width: 'half' }),
    f.string('state', { label: { id: 'Tahap percakapan', en: 'State' }, width: 'half' }),
    f.json('draft', { label: { id: 'Draf laporan', en: 'Draft' } }),
    f.json('appointment', { label: { id: 'Draf Temu Bupati', en: 'Appointment draft' } }),
    f.choice('locale', LOCALE_CHOICES, { label: { id: 'Bahasa', en: 'Locale' }, default: 'id' }),
    f.timestamp('last_inbound_at', { label: { id: 'Pesan masuk terakhir', en: 'Last inbound' }, readonly: true, note: 'Menentukan jendela layanan 24 jam WhatsApp.' }),
    f.json('flood', { label: { id: 'Pembatas banjir pesan', en: 'Flood control' }, hidden: true }),
    f.dateUpdated(),
  ],
});

// One row while an inbound message of this number is being handled. The
// intake node takes it through our endpoint (/kanal-aduan/conversation-lock)
// with one upsert, so two n8n workers never step the same conversation at
// once (WhatsApp delivers three photos as three webhooks in the same second).
// `expires_at` is an ISO string (always toISOString, so text order is time
// order on SQLite and Postgres alike); an expired row is simply taken over.
export const conversationLocks = defineCollection({
  collection: 'conversation_locks',
  label: { id: 'Kunci percakapan', en: 'Conversation locks' },
  icon: 'lock_clock',
  note: 'Dipakai sistem: satu pesan per nomor diproses pada satu waktu.',
  pk: { kind: 'string', field: 'wa_id', label: { id: 'ID WhatsApp', en: 'WhatsApp ID' }, maxLength: 32 },
  hidden: true,
  sort: 98,
  fields: [
    f.string('holder', { label: { id: 'Pemegang', en: 'Holder' }, required: true, maxLength: 64 }),
    f.string('expires_at', { label: { id: 'Berlaku sampai', en: 'Expires at' }, required: true, maxLength: 32 }),
  ],
});

export const waMessages = defineCollection({
  collection: 'wa_messages',
  label: { id: 'Pesan WhatsApp', en: 'WhatsApp messages' },
  icon: 'chat',
  note: 'Log pesan masuk/keluar; wamid unik untuk mencegah proses ganda.',
  pk: { kind: 'uuid' },
  displayTemplate: '{{direction}} {{type}} {{wa_id}}',
  sort: 40,
  fields: [
    f.string('wamid', { label: { id: 'ID pesan (wamid)', en: 'Message ID (wamid)' }, required: true, unique: true, readonly: true }),
    f.choice('direction', WA_DIRECTION_CHOICES, { label: { id: 'Arah', en: 'Direction' }, required: true, readonly: true }),
    f.string('wa_id', { label: { id: 'ID WhatsApp', en: 'WhatsApp ID' }, readonly: true, width: 'half', indexed: true }),
    f.string('type', { label: { id: 'Jenis pesan', en: 'Type' }, readonly: true, width: 'half' }),
    f.json('payload', { label: { id: 'Isi mentah', en: 'Payload' }, readonly: true }),
    // Indexed: the intake's redrive pass looks for messages still `received` and replies still waiting (no status) every 20 s.
    f.choice('status', WA_STATUS_CHOICES, { label: { id: 'Status pengiriman', en: 'Delivery status' }, readonly: true, indexed: true }),
    f.json('error', { label: { id: 'Galat', en: 'Error' }, readonly: true }),
    f.m2o('complaint', 'integer', '{{ticket}}', { label: { id: 'Laporan', en: 'Report' }, indexed: true }),
    f.dateCreated(),
  ],
  relations: [rel.m2o('wa_messages', 'complaint', 'complaints', 'SET NULL')],
});

/** Fields added to directus_users (MODEL.md). */
export const USER_FIELDS: FieldPayload[] = [
  f.m2o('agency', 'string', '{{short_name}}', { label: { id: 'Instansi', en: 'Agency' }, note: 'Petugas hanya melihat laporan yang didisposisikan ke instansi ini.', indexed: true }),
  f.m2o('region', 'string', '{{name}}', { label: { id: 'Wilayah', en: 'Region' }, note: 'Untuk Camat: laporan di wilayah ini dan di bawahnya dapat dibaca.' }),
  f.m2o('desk', 'string', '{{name}}', { label: { id: 'Meja pengaduan', en: 'Intake desk' }, indexed: true, width: 'half',
    note: 'Untuk Tim Meja Pengaduan (meja kecamatan atau desa): laporan baru meja ini yang diperiksa. Kosong: tidak ada laporan.' }),
  f.string('wa_phone', { label: { id: 'Nomor WhatsApp', en: 'WhatsApp number' }, note: 'Format E.164; untuk pengingat batas waktu.', width: 'half', maxLength: 32 }),
];

/**
 * Fields added to directus_files (MODEL.md). Agency roles read a report's file only once the bundle's
 * file hook has stripped its metadata (EXIF/IPTC/XMP/GPS, document authors) and set this flag, so a file
 * whose cleaning failed never reaches them.
 */
export const FILE_FIELDS: FieldPayload[] = [
  f.boolean('metadata_cleaned', { label: { id: 'Metadata dibersihkan', en: 'Metadata removed' }, readonly: true, width: 'half',
    note: 'Diisi sistem: lokasi GPS, penulis dan metadata lain sudah dihapus dari berkas. OPD dan Camat hanya dapat membuka berkas yang sudah dibersihkan.' }),
];

export const USER_RELATIONS: RelationPayload[] = [
  rel.m2o('directus_users', 'agency', 'agencies', 'SET NULL'),
  rel.m2o('directus_users', 'region', 'regions', 'SET NULL'),
  rel.m2o('directus_users', 'desk', 'desks', 'SET NULL'),
];
