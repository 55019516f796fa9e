// Reports (MODEL.md "Reports"): complaints and their children. The status
// history is complaint_updates rows; rankings read assignments.
import { STATUS_ADMIN_LABELS, STATUSES } from '@kanal-aduan/core';
import { defineCollection, f, rel, type Choice } from '../dsl.ts';
import { ESCALATION_STAGE_CHOICES, LOCALE_CHOICES } from './reference.ts';

// Values are core's STATUSES; texts are core's admin-app wording (one source for list, buttons and refusals).
export const STATUS_CHOICES: Choice[] = STATUSES.map((value) => ({ value, ...STATUS_ADMIN_LABELS[value] }));

/** Statuses whose kind is `open` (core statusKind) — used by dashboards. */
export const OPEN_STATUSES = ['received', 'needs_info', 'verified', 'dispositioned', 'in_progress'] as const;

export const TYPE_CHOICES: Choice[] = [
  { value: 'pengaduan', id: 'Pengaduan', en: 'Complaint' },
  { value: 'aspirasi', id: 'Aspirasi', en: 'Aspiration' },
  { value: 'saran', id: 'Saran', en: 'Suggestion' },
  { value: 'informasi', id: 'Permintaan informasi', en: 'Information request' },
];

export const CHANNEL_CHOICES: Choice[] = [
  { value: 'whatsapp', id: 'WhatsApp', en: 'WhatsApp' },
  { value: 'telegram', id: 'Telegram', en: 'Telegram' },
  { value: 'messenger', id: 'Facebook Messenger', en: 'Facebook Messenger' },
  { value: 'instagram', id: 'Instagram', en: 'Instagram' },
  { value: 'web', id: 'Situs web', en: 'Web' },
  { value: 'admin', id: 'Dicatat petugas', en: 'Entered by staff' },
  { value: 'phone', id: 'Telepon', en: 'Phone' },
  { value: 'walk_in', id: 'Datang langsung', en: 'Walk-in' },
  { value: 'open311', id: 'Open311 (sistem lain)', en: 'Open311 (another system)' },
];

export const STATUS_REASON_CHOICES: Choice[] = [
  { value: 'spam', id: 'Spam', en: 'Spam' },
  { value: 'duplicate', id: 'Laporan ganda', en: 'Duplicate' },
  { value: 'out_of_scope', id: 'Di luar kewenangan pemerintah daerah', en: 'Out of scope' },
  { value: 'invalid', id: 'Tidak dapat ditindaklanjuti', en: 'Invalid' },
  { value: 'not_authority', id: 'Bukan wewenang', en: 'Not our authority' },
  { value: 'citizen_confirmed', id: 'Dikonfirmasi pelapor', en: 'Confirmed by the reporter' },
  { value: 'no_response', id: 'Tidak ada tanggapan pelapor', en: 'No response from the reporter' },
];

export const UPDATE_KIND_CHOICES: Choice[] = [
  { value: 'status_change', id: 'Ubah status', en: 'Status change' },
  { value: 'follow_up', id: 'Tindak lanjut', en: 'Follow-up' },
  { value: 'internal_note', id: 'Catatan internal', en: 'Internal note' },
  { value: 'reminder', id: 'Pengingat', en: 'Reminder' },
  { value: 'citizen_message', id: 'Pesan warga', en: 'Citizen message' },
  { value: 'leader_message', id: 'Pesan pimpinan', en: 'Message from the regional head' },
  { value: 'desk_move', id: 'Pindah meja', en: 'Desk change' },
];

export const MEDIA_KIND_CHOICES: Choice[] = [
  { value: 'image', id: 'Foto', en: 'Image' },
  { value: 'video', id: 'Video', en: 'Video' },
  { value: 'audio', id: 'Rekaman suara', en: 'Audio' },
  { value: 'document', id: 'Dokumen', en: 'Document' },
];

const REMINDER_MARK_LABEL = {
  verify: { id: 'Pengingat verifikasi tercatat sampai', en: 'Verify reminders recorded up to' },
  respond: { id: 'Pengingat tanggapan tercatat sampai', en: 'Respond reminders recorded up to' },
  resolve: { id: 'Pengingat penyelesaian tercatat sampai', en: 'Resolve reminders recorded up to' },
} as const;

const sysTime = (field: string, id: string, en: string, group?: string, indexed = false) =>
  f.timestamp(field, { label: { id, en }, readonly: true, group, indexed, note: 'Diisi otomatis oleh sistem.' });

export const complaints = defineCollection({
  collection: 'complaints',
  label: { id: 'Laporan', en: 'Reports', singular: { id: 'Laporan', en: 'Report' }, plural: { id: 'Laporan', en: 'Reports' } },
  icon: 'campaign',
  note: 'Laporan warga: pengaduan, aspirasi, saran dan permintaan informasi.',
  pk: { kind: 'integer' },
  displayTemplate: '{{ticket}} · {{title}}',
  sort: 1,
  fields: [
    f.string('ticket', { label: { id: 'Nomor tiket', en: 'Ticket' }, unique: true, readonly: true, width: 'half', note: 'Dibuat otomatis, mis. ADU-2611-00042.', options: { font: 'monospace' } }),
    f.choice('status', STATUS_CHOICES, { label: { id: 'Status', en: 'Status' }, required: true, default: 'received', indexed: true,
      // ui: the bundle's next-step buttons offer only the moves the viewer's role may make from the stored status.
      interface: 'kanal-aduan-status', width: 'full', note: 'Pilih langkah berikutnya, lalu simpan. Hanya langkah yang boleh Anda ambil yang ditampilkan.',
      display_options: { choices: [
        { text: 'Diterima', value: 'received', foreground: '#FFFFFF', background: '#6644FF' },
        { text: 'Perlu info warga', value: 'needs_info', foreground: '#FFFFFF', background: '#FFA439' },
        { text: 'Terverifikasi', value: 'verified', foreground: '#FFFFFF', background: '#3399FF' },
        { text: 'Didisposisi', value: 'dispositioned', foreground: '#FFFFFF', background: '#2ECDA7' },
        { text: 'Dalam proses', value: 'in_progress', foreground: '#FFFFFF', background: '#18222F' },
        { text: 'Selesai ditangani', value: 'resolved', foreground: '#FFFFFF', background: '#2ECC71' },
        { text: 'Ditutup', value: 'closed', foreground: '#FFFFFF', background: '#A2B5CD' },
        { text: 'Ditolak', value: 'rejected', foreground: '#FFFFFF', background: '#E35169' },
      ] } }),

    f.group('group_report', { label: { id: 'Isi laporan', en: 'Report' } }),
    f.choice('type', TYPE_CHOICES, { label: { id: 'Jenis', en: 'Type' }, required: true, default: 'pengaduan', group: 'group_report' }),
    f.m2o('category', 'string', '{{name}}', { label: { id: 'Kategori', en: 'Category' }, group: 'group_report', indexed: true }),
    f.string('title', { label: { id: 'Judul', en: 'Title' }, group: 'group_report', note: 'Ringkasan singkat laporan.' }),
    f.text('description', { label: { id: 'Uraian', en: 'Description' }, required: true, group: 'group_report' }),
    // Identity the citizen wrote in a confidential report is hidden from agencies in `description`/`address`
    // (the bundle's create filter, core findIdentity); the original stays here, for admin and verifikator only.
    f.text('description_private', { label: { id: 'Uraian asli (hanya verifikator)', en: 'Original description' }, group: 'group_report', readonly: true,
      note: 'Uraian seperti ditulis warga, sebelum nomor HP, NIK, email dan nama pelapor disembunyikan dari OPD, Camat dan pimpinan.' }),
    f.choice('channel', CHANNEL_CHOICES, { label: { id: 'Kanal', en: 'Channel' }, default: 'whatsapp', group: 'group_report' }),
    // The intake desk the report came in at (desks.ts); a desk team screens only its own desk's new reports.
    f.m2o('desk', 'string', '{{name}}', { label: { id: 'Meja pengaduan', en: 'Intake desk' }, group: 'group_report', indexed: true, width: 'half',
      note: 'Meja tempat laporan masuk. «Teruskan ke kabupaten»: tim meja kecamatan memilih meja kabupaten lalu menyimpan.' }),
    f.choice('locale', LOCALE_CHOICES, { label: { id: 'Bahasa pelapor', en: 'Reporter locale' }, default: 'id', group: 'group_report' }),
    f.m2o('reporter', 'uuid', '{{display_name}} · {{phone}}', { label: { id: 'Pelapor', en: 'Reporter' }, group: 'group_report', indexed: true, note: 'Rahasia: tidak terlihat oleh OPD, Camat dan pimpinan.' }),
    f.boolean('confidential', { label: { id: 'Rahasiakan identitas', en: 'Confidential' }, group: 'group_report', width: 'half' }),
    f.o2m('media', '{{kind}} {{caption}}', { label: { id: 'Lampiran', en: 'Attachments' }, group: 'group_report' }),

    f.group('group_location', { label: { id: 'Lokasi', en: 'Location' } }),
    f.m2o('region', 'string', '{{name}}', { label: { id: 'Wilayah', en: 'Region' }, group: 'group_location', indexed: true }),
    // Stamped from `region` on every write (core regionStamp); Dasbor Pimpinan's bar chart groups by it and shows regions.name.
    f.m2o('kecamatan', 'string', '{{name}}', { label: { id: 'Kecamatan', en: 'Sub-district' }, group: 'group_location', indexed: true, readonly: true, width: 'half',
      note: 'Diisi otomatis dari wilayah.' }),
    f.string('address', { label: { id: 'Alamat / patokan', en: 'Address' }, group: 'group_location', width: 'half' }),
    f.string('rt', { label: { id: 'RT', en: 'RT (neighbourhood)' }, group: 'group_location', width: 'half', maxLength: 3,
      note: 'Diisi otomatis bila alamat atau cerita pelapor menyebut RT (tiga angka, mis. 003).' }),
    f.string('rw', { label: { id: 'RW', en: 'RW (community unit)' }, group: 'group_location', width: 'half', maxLength: 3,
      note: 'Diisi otomatis bila alamat atau cerita pelapor menyebut RW (tiga angka, mis. 005).' }),
    f.text('address_private', { label: { id: 'Alamat asli (hanya verifikator)', en: 'Original address' }, group: 'group_location', width: 'half', readonly: true }),
    f.float('latitude', { label: { id: 'Lintang', en: 'Latitude' }, group: 'group_location', width: 'half' }),
    f.float('longitude', { label: { id: 'Bujur', en: 'Longitude' }, group: 'group_location', width: 'half' }),

    f.group('group_handling', { label: { id: 'Penanganan', en: 'Handling' } }),
    f.m2o('assigned_agency', 'string', '{{short_name}} · {{name}}', { label: { id: 'Instansi tujuan', en: 'Assigned agency' }, group: 'group_handling', indexed: true, readonly: true,
      options: { template: '{{short_name}} · {{name}}', enableCreate: false },
      note: 'Diisi dari «Saran instansi» saat memilih «Disposisikan ke instansi»; ubah bila perlu.',
      // ui: editable only while dispositioning; never for the officer of the agency itself (returns go through the status step).
      conditions: [
        { name: 'Saat disposisi', rule: { status: { _eq: 'dispositioned' } }, readonly: false, required: true },
        { name: 'Instansi sendiri', rule: { _and: [{ assigned_agency: { _nnull: true } }, { assigned_agency: { _eq: '$CURRENT_USER.agency' } }] }, readonly: true },
      ] }),
    f.m2o('suggested_agency', 'string', '{{short_name}} · {{name}}', { label: { id: 'Saran instansi', en: 'Suggested agency' }, group: 'group_handling', readonly: true, note: 'Saran otomatis dari model disposisi (bila yakin) atau dari aturan disposisi; alasannya di bawah.' }),
    f.text('route_reason', { label: { id: 'Alasan saran instansi', en: 'Why this agency' }, group: 'group_handling', readonly: true,
      note: 'Diisi sistem saat laporan diverifikasi: saran model (keyakinan, kata penentu) dan aturan disposisi.',
      conditions: [{ name: 'Belum ada', rule: { route_reason: { _null: true } }, hidden: true }] }),
    // ui: the reason appears when the chosen step needs one (reject, close) or the report carries one (returned, rejected).
    f.choice('status_reason', STATUS_REASON_CHOICES, { label: { id: 'Alasan', en: 'Status reason' }, group: 'group_handling', hidden: true,
      conditions: [
        { name: 'Ada alasan', rule: { status_reason: { _nnull: true } }, hidden: false, readonly: true },
        { name: 'Tolak', rule: { status: { _eq: 'rejected' } }, hidden: false, readonly: false, required: true, options: { choices: [{ text: 'Spam', value: 'spam' }, { text: 'Laporan ganda (duplikat)', value: 'duplicate' }, { text: 'Di luar kewenangan pemerintah daerah', value: 'out_of_scope' }, { text: 'Tidak dapat ditindaklanjuti', value: 'invalid' }] } },
        { name: 'Tutup', rule: { status: { _eq: 'closed' } }, hidden: false, readonly: false, required: true, options: { choices: [{ text: 'Dikonfirmasi pelapor', value: 'citizen_confirmed' }, { text: 'Tidak ada tanggapan pelapor', value: 'no_response' }] } },
      ] }),
    f.text('status_note', { label: { id: 'Catatan untuk warga', en: 'Note to the reporter' }, group: 'group_handling',
      note: 'Dikirim ke warga lewat WhatsApp saat Tunda (pertanyaan), Tolak (keterangan) dan Selesai (ringkasan). Saat Kembalikan: alasan bukan wewenang untuk verifikator.',
      conditions: [
        { name: 'Tunda', rule: { status: { _eq: 'needs_info' } }, required: true, options: { placeholder: 'Pertanyaan untuk warga, mis. «Mohon kirim foto lokasi dan nama jalan terdekat.»' } },
        { name: 'Tolak', rule: { status: { _eq: 'rejected' } }, options: { placeholder: 'Keterangan penolakan untuk warga (boleh dikosongkan)' } },
        { name: 'Selesai', rule: { status: { _eq: 'resolved' } }, options: { placeholder: 'Ringkasan penyelesaian untuk warga' } },
        { name: 'Kembalikan', rule: { status_reason: { _eq: 'not_authority' } }, required: true, options: { placeholder: 'Alasan bukan wewenang, mis. «Jalan nasional: kewenangan BPJN.»' } },
      ] }),
    f.m2o('duplicate_of', 'integer', '{{ticket}} · {{title}}', { label: { id: 'Laporan asli (duplikat dari)', en: 'Duplicate of' }, group: 'group_handling', hidden: true,
      note: 'Gabungkan: kosongkan untuk memakai saran «Mungkin sama dengan», atau cari nomor tiket laporan asli. Pelapor diberi tahu nomor itu dan ikut menerima kabar laporan asli.',
      options: { template: '{{ticket}} · {{title}}', enableCreate: false },
      display_options: { template: '{{ticket}}' },
      conditions: [{ name: 'Laporan ganda', rule: { status_reason: { _eq: 'duplicate' } }, hidden: false }] }),
    // Triage at filing (the intake, core triageFiling): score, reasons and verdict; "Mungkin spam" lists likely_spam.
    // Agencies' field lists leave out the reasons, the counts, the fingerprint and the duplicate suggestion.
    f.float('spam_score', { label: { id: 'Skor spam', en: 'Spam score' }, group: 'group_handling', readonly: true, width: 'half' }),
    f.boolean('likely_spam', { label: { id: 'Mungkin spam', en: 'Likely spam' }, group: 'group_handling', readonly: true, indexed: true, width: 'half',
      note: 'Diisi otomatis saat laporan masuk; laporan ini tampil di «Mungkin spam», bukan di «Perlu verifikasi». Tidak ada yang dihapus otomatis.' }),
    f.json('spam_reasons', { label: { id: 'Alasan skor spam', en: 'Spam reasons' }, group: 'group_handling', readonly: true, interface: 'list',
      options: { fields: [{ field: 'detail_id', name: 'Alasan', type: 'string', meta: { interface: 'input', width: 'full' } }, { field: 'weight', name: 'Bobot', type: 'float', meta: { interface: 'input', width: 'half' } }], template: '{{detail_id}}' },
      display: 'formatted-json-value', display_options: { format: '{{detail_id}}' },
      conditions: [{ name: 'Tanpa alasan', rule: { spam_score: { _null: true } }, hidden: true }] }),
    f.boolean('not_spam', { label: { id: 'Bukan spam', en: 'Not spam' }, group: 'group_handling', width: 'half',
      note: 'Centang bila laporan ini bukan spam: laporan pindah ke «Perlu verifikasi» dan penilaian Anda dipakai untuk skor laporan berikutnya.',
      conditions: [{ name: 'Bukan mungkin spam', rule: { _and: [{ likely_spam: { _neq: true } }, { not_spam: { _neq: true } }] }, hidden: true }] }),
    f.json('spam_signals', { label: { id: 'Hitungan saat dinilai', en: 'Counts at scoring' }, group: 'group_handling', readonly: true, hidden: true,
      note: 'Diisi sistem: jumlah pesan serupa dari nomor lain, laporan ditolak, pesan per jam saat skor dihitung (untuk belajar dari penilaian).' }),
    f.string('text_fingerprint', { label: { id: 'Sidik teks', en: 'Text fingerprint' }, hidden: true, readonly: true, indexed: true, maxLength: 32,
      note: 'Diisi sistem: sidik uraian yang dinormalkan, untuk menghitung pesan salinan dari banyak nomor.' }),
    f.m2o('duplicate_suggestion', 'integer', '{{ticket}} · {{title}}', { label: { id: 'Mungkin sama dengan', en: 'Possibly the same as' }, group: 'group_handling', readonly: true,
      options: { template: '{{ticket}} · {{title}}', enableCreate: false, enableSelect: false }, display: 'related-values', display_options: { template: 'Mungkin sama dengan {{ticket}}' },
      note: 'Saran otomatis: laporan terbuka dengan kategori sama, lokasi dekat dan uraian mirip dalam 30 hari. Bila benar, pilih Tolak dengan alasan «Laporan ganda» (Gabungkan): pelapornya ikut menerima kabar laporan itu.',
      conditions: [{ name: 'Tanpa saran', rule: { duplicate_suggestion: { _null: true } }, hidden: true }] }),
    f.json('duplicate_evidence', { label: { id: 'Bukti kemiripan', en: 'Duplicate evidence' }, group: 'group_handling', readonly: true, interface: 'input-code', options: { language: 'JSON' },
      conditions: [{ name: 'Tanpa saran', rule: { duplicate_suggestion: { _null: true } }, hidden: true }] }),
    f.integer('satisfaction', { label: { id: 'Kepuasan pelapor (1–5)', en: 'Satisfaction (1–5)' }, group: 'group_handling', readonly: true, interface: 'slider', options: { minValue: 1, maxValue: 5, stepInterval: 1 }, display: 'rating', display_options: { simple: true },
      // ui: an empty slider sits at 3 and reads as a rating; show it only once the citizen has rated.
      conditions: [{ name: 'Belum dinilai', rule: { satisfaction: { _null: true } }, hidden: true }] }),
    f.integer('reopen_count', { label: { id: 'Jumlah dibuka kembali', en: 'Reopen count' }, group: 'group_handling', readonly: true, default: 0 }),
    // "Gabungkan": the reports rejected as duplicates of this one, whose citizens follow it; kept by the bundle's hook in the join's transaction.
    f.integer('reporters_count', { label: { id: 'Jumlah warga pelapor', en: 'Citizens reporting' }, group: 'group_handling', readonly: true, default: 1, width: 'half',
      note: 'Pelapor laporan ini ditambah warga yang laporannya digabungkan ke sini (masing-masing dihitung sekali). Makin banyak, makin mendesak.' }),
    f.o2m('joined_reports', '{{ticket}} · {{title}}', { label: { id: 'Laporan yang digabungkan', en: 'Joined reports' }, group: 'group_handling',
      note: 'Laporan yang ditolak sebagai «Laporan ganda» dari laporan ini. Pelapornya ikut menerima kabar tindak lanjut dan hasil penanganan laporan ini.',
      options: { template: '{{ticket}} · {{title}}', enableCreate: false, enableSelect: false },
      conditions: [{ name: 'Tidak ada', rule: { reporters_count: { _lte: 1 } }, hidden: true }] }),
    f.o2m('assignments', '{{agency.short_name}} {{assigned_at}}', { label: { id: 'Riwayat disposisi', en: 'Assignments' }, group: 'group_handling', options: { template: '{{agency.short_name}} {{assigned_at}}', enableCreate: false, enableSelect: false } }),
    f.o2m('updates', '{{kind}} · {{body}}', { label: { id: 'Tindak lanjut & riwayat', en: 'Updates & history' }, group: 'group_handling',
      note: '«Buat baru» untuk menulis tindak lanjut bagi warga atau catatan internal.',
      options: { layout: 'table', fields: ['date_created', 'kind', 'status_to', 'body', 'agency', 'public'], template: '{{kind}} · {{body}}', enableCreate: true, enableSelect: false, sort: 'date_created', sortDirection: '-' } }),

    f.group('group_deadlines', { label: { id: 'Batas waktu', en: 'Deadlines' } }),
    sysTime('verify_due', 'Batas verifikasi', 'Verify due', 'group_deadlines', true),
    sysTime('respond_due', 'Batas tanggapan', 'Respond due', 'group_deadlines', true),
    sysTime('resolve_due', 'Target selesai', 'Resolve due', 'group_deadlines', true),
    sysTime('autoclose_due', 'Tutup otomatis', 'Auto-close due', 'group_deadlines', true),
    // Kept by the SLA scan (workflows/flows/reminders.json) so views and the dashboard can filter on them.
    f.boolean('overdue', { label: { id: 'Lewat batas waktu', en: 'Overdue' }, group: 'group_deadlines', readonly: true, indexed: true, width: 'half',
      note: 'Diperbarui otomatis oleh pemindai tenggat.' }),
    f.integer('days_late', { label: { id: 'Hari kerja terlambat', en: 'Working days late' }, group: 'group_deadlines', readonly: true, width: 'half', default: 0,
      note: 'Jumlah hari kerja sejak batas waktu tahap yang berjalan terlewati.' }),
    f.choice('overdue_stage', ESCALATION_STAGE_CHOICES, { label: { id: 'Tahap terlambat', en: 'Overdue stage' }, group: 'group_deadlines', readonly: true,
      note: 'Tahap yang batas waktunya terlewati (verifikasi, tanggapan atau penyelesaian); kosong bila tepat waktu.' }),
    // How far each stage's reminders are recorded (core sla-scan/marks.ts): the SLA scan writes
    // it with the reminder rows, in one transaction, and reads only reports with a level past it.
    ...(['verify', 'respond', 'resolve'] as const).map((stage) =>
      f.integer(`reminder_mark_${stage}`, { label: REMINDER_MARK_LABEL[stage], group: 'group_deadlines', readonly: true, hidden: true, width: 'half',
        note: 'Pengingat tahap ini sudah tercatat sampai sekian hari kerja dari batas waktu (-1 = sehari sebelumnya); diisi pemindai tenggat.' })),

    f.group('group_times', { label: { id: 'Waktu', en: 'Timestamps' } }),
    sysTime('received_at', 'Diterima', 'Received at', 'group_times', true),
    sysTime('verified_at', 'Diverifikasi', 'Verified at', 'group_times'),
    sysTime('dispositioned_at', 'Didisposisi', 'Dispositioned at', 'group_times'),
    sysTime('first_response_at', 'Tanggapan pertama', 'First response at', 'group_times'),
    sysTime('resolved_at', 'Selesai ditangani', 'Resolved at', 'group_times'),
    sysTime('closed_at', 'Ditutup', 'Closed at', 'group_times'),
    { ...f.dateCreated(), schema: { ...f.dateCreated().schema, is_indexed: true } },
    f.dateUpdated(),
    // The status move travels with the status in the same write (the hook's update
    // filter sets both), so the history row, assignment and event can always be
    // derived from the row, even when Directus stops between the save and the action.
    f.json('last_transition', { label: { id: 'Perpindahan status terakhir', en: 'Last transition' }, hidden: true, readonly: true,
      note: 'Diisi sistem: dasar riwayat, disposisi dan peristiwa ke n8n.' }),
    f.string('pending_transition', { label: { id: 'Perpindahan belum dicatat', en: 'Unrecorded transition' }, hidden: true, readonly: true, indexed: true, maxLength: 64,
      note: 'Diisi sistem: id perpindahan yang riwayatnya belum tertulis; kosong setelah dicatat.' }),
    // Only the citizen gets it (with the ticket, on WhatsApp); the public tracker shows a report's
    // detail only with it. Agency roles' field lists leave it out, like the reporter.
    f.string('tracking_code', { label: { id: 'Kode lacak warga', en: 'Citizen tracking code' }, hidden: true, readonly: true, maxLength: 16,
      note: 'Diisi sistem saat laporan dibuat; hanya dikirim ke pelapor lewat WhatsApp.' }),
    // Who wrote the report in: the desk staff member for a phone call or a visit («Catat laporan»), the user of the admin app; empty for the citizen's own doors.
    f.m2o('user_created', 'uuid', '{{first_name}} {{last_name}}', { label: { id: 'Dicatat oleh', en: 'Recorded by' }, group: 'group_report', readonly: true, width: 'half',
      special: ['user-created'], note: 'Petugas yang mencatat laporan (telepon, datang langsung, aplikasi admin); kosong bila warga melapor sendiri.' }),
  ].map((fp) => (fp.field === 'date_created' || fp.field === 'date_updated' ? { ...fp, meta: { ...fp.meta, group: 'group_times' } } : fp)),
  relations: [
    rel.m2o('complaints', 'category', 'categories', 'SET NULL'),
    rel.m2o('complaints', 'region', 'regions', 'SET NULL'),
    rel.m2o('complaints', 'desk', 'desks', 'SET NULL'),
    rel.m2o('complaints', 'kecamatan', 'regions', 'SET NULL'),
    rel.m2o('complaints', 'reporter', 'citizens', 'SET NULL'),
    rel.m2o('complaints', 'user_created', 'directus_users', 'SET NULL'),
    rel.m2o('complaints', 'assigned_agency', 'agencies', 'SET NULL'),
    rel.m2o('complaints', 'suggested_agency', 'agencies', 'SET NULL'),
    rel.m2o('complaints', 'duplicate_of', 'complaints', 'SET NULL', 'joined_reports'),
    rel.m2o('complaints', 'duplicate_suggestion', 'complaints', 'SET NULL'),
  ],
});

export const ticketCounters = defineCollection({
  collection: 'ticket_counters',
  label: { id: 'Penghitung tiket', en: 'Ticket counters' },
  icon: 'pin',
  note: 'Nomor urut tiket per bulan (dipakai sistem).',
  pk: { kind: 'string', field: 'period', label: { id: 'Periode (YYMM)', en: 'Period (YYMM)' }, maxLength: 8 },
  hidden: true,
  sort: 99,
  fields: [f.integer('last', { label: { id: 'Nomor terakhir', en: 'Last number' }, required: true, default: 0 })],
});

export const assignments = defineCollection({
  collection: 'assignments',
  label: { id: 'Disposisi', en: 'Assignments' },
  icon: 'assignment_ind',
  note: 'Riwayat disposisi laporan ke instansi; dasar perhitungan peringkat.',
  pk: { kind: 'integer' },
  displayTemplate: '{{complaint.ticket}} → {{agency.short_name}}',
  sort: 5,
  fields: [
    f.m2o('complaint', 'integer', '{{ticket}}', { label: { id: 'Laporan', en: 'Report' }, required: true, indexed: true }),
    f.m2o('agency', 'string', '{{short_name}}', { label: { id: 'Instansi', en: 'Agency' }, required: true, indexed: true }),
    f.m2o('assigned_by', 'uuid', '{{first_name}} {{last_name}}', { label: { id: 'Didisposisi oleh', en: 'Assigned by' }, readonly: true }),
    sysTime('assigned_at', 'Waktu disposisi', 'Assigned at', undefined, true),
    sysTime('respond_due', 'Batas tanggapan', 'Respond due'),
    sysTime('accepted_at', 'Diterima instansi', 'Accepted at'),
    sysTime('first_response_at', 'Tanggapan pertama', 'First response at'),
    sysTime('returned_at', 'Dikembalikan', 'Returned at'),
    f.text('return_reason', { label: { id: 'Alasan pengembalian', en: 'Return reason' } }),
    sysTime('resolved_at', 'Selesai ditangani', 'Resolved at'),
    f.boolean('active', { label: { id: 'Disposisi aktif', en: 'Active' }, default: true, width: 'half' }),
    // Set by the complaint hook on a return: false when the agency handed the
    // report back within the SLA policy's return_grace_days (SP4N: 1 working day).
    f.boolean('counted', { label: { id: 'Dihitung dalam peringkat', en: 'Counts in ranking' }, default: true, width: 'half', readonly: true,
      note: 'Tidak dihitung bila dikembalikan (bukan wewenang) dalam 1 hari kerja.' }),
  ],
  relations: [
    rel.m2o('assignments', 'complaint', 'complaints', 'CASCADE', 'assignments'),
    rel.m2o('assignments', 'agency', 'agencies', 'RESTRICT'),
    rel.m2o('assignments', 'assigned_by', 'directus_users', 'SET NULL'),
  ],
});

export const complaintUpdates = defineCollection({
  collection: 'complaint_updates',
  label: { id: 'Tindak lanjut', en: 'Report updates' },
  icon: 'history',
  note: 'Perubahan status, tindak lanjut untuk warga, catatan internal dan pengingat.',
  pk: { kind: 'integer' },
  displayTemplate: '{{kind}} · {{body}}',
  sort: 10,
  fields: [
    f.m2o('complaint', 'integer', '{{ticket}}', { label: { id: 'Laporan', en: 'Report' }, required: true, indexed: true }),
    f.choice('kind', UPDATE_KIND_CHOICES, { label: { id: 'Jenis', en: 'Kind' }, required: true, default: 'follow_up',
      // ui: people write these two; status changes, reminders and citizen messages are written by the system.
      options: { choices: [{ text: 'Tindak lanjut (untuk warga)', value: 'follow_up' }, { text: 'Catatan internal (tidak dikirim ke warga)', value: 'internal_note' }] },
      conditions: [{ name: 'Catatan sistem', rule: { kind: { _nin: ['follow_up', 'internal_note'] } }, readonly: true, options: { choices: UPDATE_KIND_CHOICES.map((ch) => ({ text: ch.id, value: ch.value })) } }] }),
    f.choice('status_from', STATUS_CHOICES, { label: { id: 'Status sebelumnya', en: 'Status from' }, readonly: true,
      conditions: [{ name: 'Bukan perubahan status', rule: { status_from: { _null: true } }, hidden: true }] }),
    f.choice('status_to', STATUS_CHOICES, { label: { id: 'Status baru', en: 'Status to' }, readonly: true,
      conditions: [{ name: 'Bukan perubahan status', rule: { status_to: { _null: true } }, hidden: true }] }),
    f.text('body', { label: { id: 'Isi', en: 'Body' }, options: { placeholder: 'Tulis tindak lanjut, mis. «Tim sudah meninjau lokasi; penambalan dijadwalkan Kamis.»' } }),
    // A citizen's message as written; `body` holds it with identity hidden (the bundle's create filter), which is what agencies read.
    f.text('body_private', { label: { id: 'Pesan asli warga (hanya verifikator)', en: 'Original citizen message' }, readonly: true,
      note: 'Hanya admin dan verifikator yang melihat ini. OPD, Camat dan pimpinan membaca «Isi», dengan nomor HP, NIK, email dan nama pelapor disembunyikan; verifikator boleh menyunting «Isi» untuk menyembunyikan lebih banyak.',
      conditions: [{ name: 'Bukan pesan warga', rule: { kind: { _neq: 'citizen_message' } }, hidden: true }] }),
    f.boolean('public', { label: { id: 'Kirim ke pelapor', en: 'Public (sent to reporter)' }, note: 'Jika dicentang, isi dan «Foto untuk warga» dikirim ke warga lewat WhatsApp.',
      conditions: [{ name: 'Catatan internal', rule: { kind: { _eq: 'internal_note' } }, hidden: true, clear_hidden_value_on_save: true }] }),
    // The photos go to the citizen after the text (workflows/flows routing.json, notice.photos); the report is
    // filled in on each photo from its follow-up by the bundle's complaint_media create filter.
    f.o2m('media', '{{file.title}} · {{caption}}', { label: { id: 'Foto untuk warga', en: 'Photos for the reporter' },
      note: 'Foto JPEG/PNG (maks. 5 MB) dikirim ke warga lewat WhatsApp sesudah isi tindak lanjut, bila «Kirim ke pelapor» dicentang. «Laporan» pada foto boleh dikosongkan: diisi otomatis.',
      options: { template: '{{file.title}} · {{caption}}', enableCreate: true, enableSelect: false },
      conditions: [{ name: 'Bukan tindak lanjut', rule: { kind: { _neq: 'follow_up' } }, hidden: true }] }),
    f.m2o('author', 'uuid', '{{first_name}} {{last_name}}', { label: { id: 'Penulis', en: 'Author' }, readonly: true }),
    f.m2o('agency', 'string', '{{short_name}}', { label: { id: 'Instansi', en: 'Agency' }, readonly: true }),
    f.dateCreated(),
  ].map((fp) => (fp.field === 'date_created' ? { ...fp, meta: { ...fp.meta, hidden: false } } : fp)),
  relations: [
    rel.m2o('complaint_updates', 'complaint', 'complaints', 'CASCADE', 'updates'),
    rel.m2o('complaint_updates', 'author', 'directus_users', 'SET NULL'),
    rel.m2o('complaint_updates', 'agency', 'agencies', 'SET NULL'),
  ],
});

export const complaintMedia = defineCollection({
  collection: 'complaint_media',
  label: { id: 'Lampiran laporan', en: 'Report media' },
  icon: 'photo_library',
  note: 'Foto, video, suara dan dokumen dari warga atau petugas.',
  pk: { kind: 'integer' },
  displayTemplate: '{{kind}} {{caption}}',
  sort: 15,
  fields: [
    // Not required in the form: a photo added in a follow-up's «Foto untuk warga» gets the report from
    // the follow-up (the bundle's create filter); the column stays NOT NULL.
    f.m2o('complaint', 'integer', '{{ticket}}', { label: { id: 'Laporan', en: 'Report' }, nullable: false, indexed: true,
      note: 'Diisi otomatis bila foto ditambahkan pada tindak lanjut.' }),
    f.m2o('update', 'integer', '{{kind}}', { label: { id: 'Tindak lanjut', en: 'Update' } }),
    f.file('file', { label: { id: 'Berkas', en: 'File' } }),
    f.choice('kind', MEDIA_KIND_CHOICES, { label: { id: 'Jenis', en: 'Kind' }, required: true, default: 'image' }),
    f.string('wa_media_id', { label: { id: 'ID media WhatsApp', en: 'WhatsApp media ID' }, readonly: true, width: 'half' }),
    f.string('mime_type', { label: { id: 'Tipe MIME', en: 'MIME type' }, readonly: true, width: 'half' }),
    f.text('caption', { label: { id: 'Keterangan', en: 'Caption' } }),
  ],
  relations: [
    rel.m2o('complaint_media', 'complaint', 'complaints', 'CASCADE', 'media'),
    rel.m2o('complaint_media', 'update', 'complaint_updates', 'SET NULL', 'media'),
    rel.m2o('complaint_media', 'file', 'directus_files', 'SET NULL'),
  ],
});
