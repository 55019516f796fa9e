// Durable outbox of the report events Directus sends to n8n. The
// bundle's hook writes a row in the same transaction as the history row and
// the assignment, so an event exists exactly when its history does; a schedule
// hook delivers pending rows with backoff until n8n answers 2xx, queues public
// follow-ups whose action never ran, and deletes delivered rows older than
// KANAL_OUTBOX_RETENTION_DAYS (default 30; undelivered rows stay). Admin only:
// no policy grants it, so the hidden collection is invisible to every other role.
import { defineCollection, f } from '../dsl.ts';

export const eventOutbox = defineCollection({
  collection: 'event_outbox',
  label: { id: 'Antrian peristiwa', en: 'Event outbox' },
  icon: 'outbox',
  note: 'Peristiwa laporan untuk n8n; dikirim ulang otomatis sampai diterima (dipakai sistem).',
  pk: { kind: 'string', field: 'id', label: { id: 'ID peristiwa', en: 'Event id' }, maxLength: 120, note: '<perpindahan>:<laporan> atau update:<tindak lanjut>; kunci sekali-saja.' },
  hidden: true,
  sort: 98,
  fields: [
    f.string('event', { label: { id: 'Peristiwa', en: 'Event' }, required: true, width: 'half', maxLength: 64 }),
    f.integer('complaint', { label: { id: 'Laporan (id)', en: 'Report (id)' }, indexed: true, width: 'half' }),
    f.json('payload', { label: { id: 'Isi', en: 'Payload' }, required: true }),
    f.timestamp('created_at', { label: { id: 'Dibuat', en: 'Created at' }, required: true, readonly: true }),
    f.integer('attempts', { label: { id: 'Percobaan kirim', en: 'Attempts' }, required: true, default: 0, width: 'half' }),
    f.timestamp('next_attempt_at', { label: { id: 'Coba lagi pada', en: 'Next attempt at' }, indexed: true }),
    f.timestamp('delivered_at', { label: { id: 'Terkirim', en: 'Delivered at' }, indexed: true }),
    f.timestamp('received_at', { label: { id: 'Diterima n8n', en: 'Received by n8n' }, note: 'Dicatat oleh pemicu n8n (menolak kiriman ganda).' }),
    f.text('last_error', { label: { id: 'Galat terakhir', en: 'Last error' } }),
  ],
  relations: [],
});
