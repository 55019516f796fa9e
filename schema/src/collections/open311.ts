// The systems allowed to file reports through Open311 GeoReport v2 (POST
// /kanal-aduan/open311/v2/requests). Admin only: no policy grants it. Only the
// SHA-256 of each API key is stored; the bundle's endpoint
// (POST /kanal-aduan/open311/clients[/:id/key], admins) draws a key and shows it
// once: in the admin app through the «Kunci API» field's button.
import { defineCollection, f, rel } from '../dsl.ts';

export const open311Clients = defineCollection({
  collection: 'open311_clients',
  label: { id: 'Klien Open311', en: 'Open311 clients' },
  icon: 'key',
  note: 'Sistem lain yang boleh mengirim laporan lewat Open311. Simpan kliennya, lalu tekan «Buat kunci API»: kunci hanya ditampilkan sekali.',
  pk: { kind: 'uuid' },
  displayTemplate: '{{name}} ({{key_hint}}…)',
  sort: 97,
  fields: [
    f.string('name', { label: { id: 'Nama sistem', en: 'Name' }, required: true, width: 'half', maxLength: 120 }),
    f.boolean('active', { label: { id: 'Aktif', en: 'Active' }, default: true, width: 'half', note: 'Kunci klien yang tidak aktif ditolak.' }),
    f.integer('rate_limit_per_minute', { label: { id: 'Batas laporan per menit', en: 'Reports per minute' }, required: true, default: 10, width: 'half',
      validation: { _and: [{ rate_limit_per_minute: { _between: [1, 1000] } }] }, validation_message: 'Isi angka 1 sampai 1000.' }),
    f.string('key_hint', { label: { id: 'Awal kunci', en: 'Key prefix' }, readonly: true, width: 'half', maxLength: 16,
      note: 'Beberapa karakter pertama kunci, untuk mengenali kunci yang dipakai.' }),
    f.presentation('api_key', 'kanal-aduan-api-key', { label: { id: 'Kunci API', en: 'API key' }, width: 'full',
      note: 'Hanya sidik dan awal kunci yang disimpan; kunci lengkap ditampilkan sekali saat dibuat.' }),
    f.string('key_hash', { label: { id: 'Sidik kunci (SHA-256)', en: 'Key hash (SHA-256)' }, readonly: true, hidden: true, unique: true, maxLength: 64 }),
    f.text('note', { label: { id: 'Catatan', en: 'Note' } }),
    f.m2o('created_by', 'uuid', '{{first_name}} {{last_name}}', { label: { id: 'Dibuat oleh', en: 'Created by' }, readonly: true, width: 'half',
      special: ['user-created'] }),
    f.dateCreated(),
    f.timestamp('last_used_at', { label: { id: 'Terakhir dipakai', en: 'Last used' }, readonly: true }),
  ],
  relations: [rel.m2o('open311_clients', 'created_by', 'directus_users', 'SET NULL')],
});
