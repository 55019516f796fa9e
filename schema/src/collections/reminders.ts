// Once-only record of the SLA scan's reminders. The primary key is
// the reminder's key `<complaint>:<stage>:<level>` (core's reminderKey), so the
// database refuses a second insert of the same level: two scans running at
// once cannot both claim, and so cannot both send.
import { defineCollection, f, rel, type Choice } from '../dsl.ts';

export const REMINDER_STAGE_CHOICES: Choice[] = [
  { value: 'verify', id: 'Verifikasi', en: 'Verification' },
  { value: 'respond', id: 'Tanggapan', en: 'Response' },
  { value: 'resolve', id: 'Penyelesaian', en: 'Resolution' },
];

export const REMINDER_STATUS_CHOICES: Choice[] = [
  { value: 'claimed', id: 'Sedang dikirim', en: 'Claimed' },
  { value: 'sent', id: 'Terkirim', en: 'Sent' },
  { value: 'failed', id: 'Gagal dikirim', en: 'Failed' },
  { value: 'superseded', id: 'Digantikan tingkat berikutnya', en: 'Superseded' },
];

export const reminders = defineCollection({
  collection: 'reminders',
  label: { id: 'Pengingat tenggat', en: 'Deadline reminders' },
  icon: 'notifications_active',
  note: 'Pengingat dan eskalasi yang sudah dikirim; satu baris per laporan, tahap dan tingkat (tidak pernah dikirim dua kali).',
  pk: { kind: 'string', field: 'key', label: { id: 'Kunci', en: 'Key' }, maxLength: 64, note: '<laporan>:<tahap>:<tingkat>, mis. 42:respond:agency_head+0' },
  displayTemplate: '{{complaint.ticket}} · {{stage}} · {{level}}',
  sort: 11,
  fields: [
    f.m2o('complaint', 'integer', '{{ticket}}', { label: { id: 'Laporan', en: 'Report' }, required: true, indexed: true }),
    f.choice('stage', REMINDER_STAGE_CHOICES, { label: { id: 'Tahap', en: 'Stage' }, required: true, width: 'half' }),
    f.string('level', { label: { id: 'Tingkat', en: 'Level' }, required: true, width: 'half', note: 'Penerima dan hari kerja relatif terhadap batas waktu, mis. agency_head+0.' }),
    // Indexed: each scan looks up the few rows still claimed or failed (to retry them) among every reminder ever sent.
    f.choice('status', REMINDER_STATUS_CHOICES, { label: { id: 'Status', en: 'Status' }, required: true, default: 'claimed', width: 'half', indexed: true }),
    f.integer('days_late', { label: { id: 'Hari kerja terlambat', en: 'Working days late' }, width: 'half' }),
    f.json('recipients', { label: { id: 'Penerima', en: 'Recipients' }, note: 'Nama dan nomor WhatsApp yang diberi tahu.' }),
    f.integer('attempts', { label: { id: 'Percobaan kirim', en: 'Attempts' }, default: 1, width: 'half', readonly: true,
      note: 'Pengingat yang belum terkirim diklaim ulang oleh pemindai berikutnya, paling banyak 5 kali.' }),
    f.timestamp('claimed_at', { label: { id: 'Terakhir diklaim', en: 'Last claimed' }, readonly: true }),
    f.json('last_error', { label: { id: 'Galat terakhir', en: 'Last error' }, readonly: true }),
    f.timestamp('sent_at', { label: { id: 'Waktu kirim', en: 'Sent at' }, readonly: true }),
    f.dateCreated(),
  ],
  relations: [rel.m2o('reminders', 'complaint', 'complaints', 'CASCADE')],
});
