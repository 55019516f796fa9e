// Temu Bupati (MODEL.md "Appointments"): the weekly schedule of meetings with
// the regional head as data (appointment_slots: weekday, start, place, quota),
// and the citizens' bookings (appointments). The bot offers a slot's dates that
// are working days (core appointments/open-days.ts) and still have room; the
// bundle books under a lock on the slot, so the quota holds under a race.
import { APPOINTMENT_STATUSES } from '@kanal-aduan/core';
import { defineCollection, f, rel, type Choice } from '../dsl.ts';
import { LOCALE_CHOICES } from './reference.ts';

const STATUS_LABELS: Record<(typeof APPOINTMENT_STATUSES)[number], { id: string; en: string }> = {
  requested: { id: 'Diajukan', en: 'Requested' },
  scheduled: { id: 'Dijadwalkan', en: 'Scheduled' },
  done: { id: 'Selesai', en: 'Done' },
  cancelled: { id: 'Dibatalkan', en: 'Cancelled' },
};
export const APPOINTMENT_STATUS_CHOICES: Choice[] = APPOINTMENT_STATUSES.map((value) => ({ value, ...STATUS_LABELS[value] }));

/** ISO weekdays (1 = Monday), as core's openSlotDays reads them. */
export const WEEKDAY_CHOICES: Choice[] = [
  { value: 1, id: 'Senin', en: 'Monday' },
  { value: 2, id: 'Selasa', en: 'Tuesday' },
  { value: 3, id: 'Rabu', en: 'Wednesday' },
  { value: 4, id: 'Kamis', en: 'Thursday' },
  { value: 5, id: 'Jumat', en: 'Friday' },
  { value: 6, id: 'Sabtu', en: 'Saturday' },
  { value: 7, id: 'Minggu', en: 'Sunday' },
];

export const appointmentSlots = defineCollection({
  collection: 'appointment_slots',
  label: { id: 'Jadwal Temu Bupati', en: 'Meeting schedule' },
  icon: 'event_available',
  note: 'Jadwal mingguan Temu Bupati: hari, jam, tempat dan kuota per pertemuan. Hari libur dan cuti bersama dilewati otomatis.',
  pk: { kind: 'integer' },
  displayTemplate: '{{weekday}} {{start_time}} · {{place}}',
  sort: 26,
  fields: [
    f.integer('weekday', {
      label: { id: 'Hari', en: 'Weekday' }, required: true, width: 'half', interface: 'select-dropdown',
      options: { choices: WEEKDAY_CHOICES.map((c) => ({ text: c.id, value: c.value })) },
      display: 'labels', display_options: { choices: WEEKDAY_CHOICES.map((c) => ({ text: c.id, value: c.value })) },
    }),
    f.string('start_time', {
      label: { id: 'Jam mulai', en: 'Start time' }, required: true, width: 'half', maxLength: 5, note: 'Waktu setempat, mis. 09:00.',
      validation: { start_time: { _regex: '^([01][0-9]|2[0-3]):[0-5][0-9]$' } }, validation_message: 'Tulis jam sebagai JJ:MM, mis. 09:00.',
    }),
    f.string('place', { label: { id: 'Tempat', en: 'Place' }, required: true, width: 'half' }),
    f.integer('quota', { label: { id: 'Kuota warga', en: 'Quota' }, required: true, default: 5, width: 'half', note: 'Jumlah warga per pertemuan.',
      validation: { quota: { _gte: 1 } }, validation_message: 'Kuota paling sedikit 1.' }),
    f.boolean('active', { label: { id: 'Aktif', en: 'Active' }, default: true, width: 'half' }),
    f.text('note', { label: { id: 'Catatan', en: 'Note' } }),
  ],
  relations: [],
});

export const appointments = defineCollection({
  collection: 'appointments',
  label: { id: 'Temu Bupati', en: 'Appointments', singular: { id: 'Janji temu', en: 'Appointment' }, plural: { id: 'Janji temu', en: 'Appointments' } },
  icon: 'event',
  note: 'Permintaan warga untuk bertemu kepala daerah. Setujui, pindahkan atau batalkan dengan mengubah status/jadwal: warga diberi tahu lewat WhatsApp.',
  pk: { kind: 'integer' },
  displayTemplate: '{{code}} · {{topic}}',
  sort: 25,
  fields: [
    f.string('code', { label: { id: 'Kode booking', en: 'Booking code' }, unique: true, readonly: true, width: 'half', maxLength: 16,
      note: 'Dibuat otomatis, mis. TMU-7K3PQ9.', options: { font: 'monospace' } }),
    f.choice('status', APPOINTMENT_STATUS_CHOICES, { label: { id: 'Status', en: 'Status' }, required: true, default: 'requested', indexed: true }),
    f.m2o('citizen', 'uuid', '{{display_name}}', { label: { id: 'Warga', en: 'Citizen' } }),
    f.text('topic', { label: { id: 'Topik', en: 'Topic' }, required: true }),
    f.m2o('slot', 'integer', '{{weekday}} {{start_time}} · {{place}}', { label: { id: 'Jadwal', en: 'Schedule' } }),
    f.date('slot_date', { label: { id: 'Tanggal', en: 'Date' }, indexed: true }),
    f.timestamp('scheduled_at', { label: { id: 'Waktu pertemuan', en: 'Meeting time' }, indexed: true,
      note: 'Diisi dari jadwal dan tanggal; ubah untuk memindahkan (warga diberi tahu).' }),
    f.string('place', { label: { id: 'Tempat', en: 'Place' }, width: 'half' }),
    f.choice('locale', LOCALE_CHOICES, { label: { id: 'Bahasa', en: 'Locale' }, default: 'id' }),
    f.text('note', { label: { id: 'Catatan pertemuan', en: 'Meeting notes' }, note: 'Apa yang disampaikan warga: «Jadikan laporan» membuatnya menjadi laporan.' }),
    f.m2o('complaint', 'integer', '{{ticket}}', { label: { id: 'Laporan dari pertemuan ini', en: 'Report made from it' }, readonly: true }),
    f.presentation('make_report', 'kanal-aduan-meeting-report', { label: { id: 'Jadikan laporan', en: 'Make a report' }, width: 'full' }),
    f.timestamp('reminded_at', { label: { id: 'Pengingat terkirim', en: 'Reminder sent' }, readonly: true, note: 'Diisi otomatis oleh sistem.' }),
    f.string('notice_pending', { label: { id: 'Pemberitahuan menunggu', en: 'Notice pending' }, readonly: true, hidden: true, maxLength: 64,
      note: 'Pesan ke warga atas perubahan petugas (disetujui, dipindah, dibatalkan), dikirim oleh alur pengingat; diisi otomatis.' }),
    f.dateCreated(),
    f.dateUpdated(),
  ],
  relations: [
    rel.m2o('appointments', 'citizen', 'citizens', 'SET NULL'),
    rel.m2o('appointments', 'slot', 'appointment_slots', 'SET NULL'),
    rel.m2o('appointments', 'complaint', 'complaints', 'SET NULL'),
  ],
});
