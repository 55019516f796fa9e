import { DEFAULT_TEXTS } from '@kanal-aduan/core';

/**
 * Every text the bot and the notifications send. Admins edit them in Directus
 * (collection `message_templates`); these are the first versions.
 *
 * Bodies are Handlebars (rendered by core's renderTemplate with HTML escaping
 * off, because WhatsApp is plain text). WhatsApp formatting: *bold*, _italic_.
 * Keep each message short enough to read on a small phone; WhatsApp caps a
 * text body at 4096 characters and an interactive body at 1024.
 *
 * `vars` lists the variables each text may use; it becomes the row's
 * `description` so an admin editing the text knows what is available.
 * `wa_template` names the approved WhatsApp template used when the citizen's
 * 24-hour customer-service window is closed (business-initiated messages,
 * https://developers.facebook.com/docs/whatsapp/pricing#customer-service-windows).
 */
export type TemplateSeed = {
  key: string;
  purpose: string;
  vars: Record<string, string>;
  wa_template?: string;
  id: string;
  en: string;
};

/**
 * A seed row as written below: texts the conversation has a built-in default
 * for (core's DEFAULT_TEXTS) carry no body here and take core's, so the seeded
 * first version and the bot's fallback are one text; every other text (the
 * notifications, reminders and the older intake prompts) is owned here.
 */
type SeedEntry = Omit<TemplateSeed, 'id' | 'en'> & Partial<Pick<TemplateSeed, 'id' | 'en'>>;

function withBody(t: SeedEntry): TemplateSeed {
  const core = DEFAULT_TEXTS[t.key];
  if (core && (t.id !== undefined || t.en !== undefined)) throw new Error(`message template ${t.key}: the body comes from core's DEFAULT_TEXTS, do not repeat it in the seeds`);
  const body = core ?? (t.id !== undefined && t.en !== undefined ? { id: t.id, en: t.en } : undefined);
  if (!body) throw new Error(`message template ${t.key}: no body (not in core's DEFAULT_TEXTS, so the seed must write id and en)`);
  return { ...t, id: body.id, en: body.en };
}

const V = {
  name: 'nama pelapor (nama profil WhatsApp atau yang ia sebutkan)',
  ticket: 'nomor tiket, mis. ADU-2611-00042',
  instance_name: 'nama layanan, mis. Lapor Bupati OKI',
  status: 'status laporan dalam kata-kata (mis. Sedang diproses)',
  category: 'nama kategori laporan',
  place: 'nama lokasi (desa/kelurahan, kecamatan)',
  agency: 'nama instansi tujuan (OPD atau Kecamatan)',
  reason: 'alasan yang ditulis petugas',
  body: 'isi tindak lanjut/pertanyaan yang ditulis petugas',
  date: 'tanggal dalam format lokal, mis. 24 November 2026',
  due: 'batas waktu, mis. Rabu, 25 November 2026',
  tracking_code: 'kode lacak rahasia laporan (8 huruf/angka, mis. K7P3XW9A): hanya pelapor yang menerimanya; rincian laporan di halaman pelacakan terbuka hanya dengan nomor tiket dan kode ini',
};

const TEXTS: readonly SeedEntry[] = [
  // ——— Intake conversation ———
  {
    key: 'intake.greeting',
    purpose: 'Sapaan pertama dan menu utama.',
    vars: { name: V.name, instance_name: V.instance_name },
    id:
      'Halo{{#if name}}, {{name}}{{/if}} 👋\n' +
      'Selamat datang di layanan *{{instance_name}}*. Kami siap menerima laporan, aspirasi, dan saran Anda untuk pemerintah daerah.\n\n' +
      'Silakan pilih:\n' +
      '1. Buat laporan baru\n' +
      '2. Cek status laporan (ketik *cek* diikuti nomor tiket)\n' +
      '3. Bantuan\n\n' +
      'Balas dengan angka atau tekan tombol di bawah.',
    en:
      'Hello{{#if name}}, {{name}}{{/if}} 👋\n' +
      'Welcome to *{{instance_name}}*. We are here to receive your complaints, aspirations and suggestions for the local government.\n\n' +
      'Please choose:\n' +
      '1. Make a new report\n' +
      '2. Check a report (type *cek* followed by the ticket number)\n' +
      '3. Help\n\n' +
      'Reply with a number or tap a button below.',
  },
  {
    key: 'intake.ask_type',
    purpose: 'Menanyakan jenis laporan.',
    vars: {},
    id:
      'Apa jenis yang ingin Anda sampaikan?\n' +
      '1. *Pengaduan* — ada masalah layanan atau fasilitas umum\n' +
      '2. *Aspirasi* — usulan atau harapan untuk daerah\n' +
      '3. *Saran* — masukan untuk perbaikan layanan\n' +
      '4. *Permintaan informasi*',
    en:
      'What would you like to send us?\n' +
      '1. *Complaint* — a problem with a public service or facility\n' +
      '2. *Aspiration* — a proposal or hope for the region\n' +
      '3. *Suggestion* — feedback to improve a service\n' +
      '4. *Request for information*',
  },
  {
    key: 'intake.ask_category',
    purpose: 'Menanyakan kategori; daftar kategori dikirim sebagai pilihan (list).',
    vars: { categories: 'daftar kategori bernomor (teks), untuk cadangan bila tombol daftar tidak tampil' },
    id:
      'Laporan Anda tentang apa? Pilih kategori yang paling mendekati.\n' +
      '{{#if categories}}\n{{categories}}\n{{/if}}' +
      'Kalau bingung, pilih *Lainnya* — petugas kami yang akan menentukan.',
    en:
      'What is your report about? Choose the closest category.\n' +
      '{{#if categories}}\n{{categories}}\n{{/if}}' +
      'If unsure, choose *Other* — our staff will sort it out.',
  },
  {
    key: 'intake.ask_place',
    purpose: 'Menanyakan lokasi kejadian.',
    vars: {},
    id:
      'Di mana lokasi kejadiannya?\n' +
      'Anda bisa *membagikan lokasi* lewat tombol 📎 → Lokasi, atau ketik nama *desa/kelurahan* dan *kecamatan*, misalnya: _Sukadana, Kayu Agung_.',
    en:
      'Where did it happen?\n' +
      'You can *share your location* via 📎 → Location, or type the *village* and *district*, for example: _Sukadana, Kayu Agung_.',
  },
  {
    key: 'intake.confirm_place',
    purpose: 'Memastikan lokasi yang dikenali bot.',
    vars: { place: V.place },
    id: 'Apakah lokasinya di *{{place}}*?\nBalas *ya* bila benar, atau ketik ulang nama desa/kelurahan dan kecamatan.',
    en: 'Is the location *{{place}}*?\nReply *yes* if correct, or type the village and district again.',
  },
  {
    key: 'intake.place_unknown',
    purpose: 'Nama tempat yang diketik tidak ditemukan.',
    vars: { text: 'teks yang diketik warga' },
    id:
      'Maaf, kami belum menemukan "{{text}}" di daftar desa/kelurahan kami. ' +
      'Coba tulis nama desa/kelurahan dan kecamatannya, misalnya _Sukadana, Kayu Agung_, atau bagikan lokasi Anda.',
    en:
      'Sorry, we could not find "{{text}}" in our list of villages. ' +
      'Please write the village and district, e.g. _Sukadana, Kayu Agung_, or share your location.',
  },
  {
    key: 'intake.ask_description',
    purpose: 'Meminta uraian laporan.',
    vars: {},
    id:
      'Silakan ceritakan apa yang terjadi. Sebutkan sejelas mungkin: apa masalahnya, sejak kapan, dan patokan lokasinya (mis. dekat masjid, depan sekolah).',
    en:
      'Please tell us what happened: what the problem is, since when, and a landmark nearby (e.g. near the mosque, in front of the school).',
  },
  {
    key: 'intake.ask_real_problem',
    purpose: 'Pesan warga hanya salam atau sapaan (bukan laporan): meminta dengan ramah isi masalahnya. Tidak ada laporan yang dibuat.',
    vars: {},
  },
  {
    key: 'intake.description_too_short',
    purpose: 'Uraian terlalu pendek.',
    vars: { min: 'jumlah karakter minimal' },
    id:
      'Ceritanya masih terlalu singkat untuk kami tindak lanjuti 🙏 Mohon tambahkan sedikit keterangan (minimal {{min}} huruf): apa masalahnya dan di mana tepatnya.',
    en:
      'That is a bit too short for us to act on 🙏 Please add a few details (at least {{min}} characters): what the problem is and exactly where.',
  },
  {
    key: 'intake.ask_media',
    purpose: 'Menawarkan lampiran foto/video (boleh dilewati).',
    vars: {},
    id:
      'Bila ada, kirimkan *foto atau video* pendukung (boleh lebih dari satu). Foto sangat membantu petugas di lapangan.\n' +
      'Kalau tidak ada, ketik *lewati*.',
    en:
      'If you have them, send supporting *photos or videos* (more than one is fine). Photos help our field officers a lot.\n' +
      'If not, type *skip*.',
  },
  {
    key: 'intake.media_received',
    purpose: 'Konfirmasi lampiran diterima.',
    vars: { count: 'jumlah lampiran sejauh ini' },
    id: 'Lampiran diterima ({{count}}). Kirim lagi bila masih ada, atau ketik *lanjut*.',
    en: 'Attachment received ({{count}}). Send more if you have them, or type *next*.',
  },
  {
    key: 'intake.ask_confidential',
    purpose: 'Menanyakan apakah identitas pelapor dirahasiakan.',
    vars: {},
    id:
      'Apakah Anda ingin identitas Anda *dirahasiakan*? Jika ya, nama dan nomor Anda hanya diketahui tim verifikator dan tidak ditampilkan kepada instansi yang menangani maupun kepada publik.\n' +
      'Balas *ya* atau *tidak*.',
    en:
      'Would you like your identity kept *confidential*? If so, your name and number are known only to our verification team and are never shown to the handling office or the public.\n' +
      'Reply *yes* or *no*.',
  },
  {
    key: 'intake.summary',
    purpose: 'Ringkasan sebelum dikirim.',
    vars: {
      type: 'jenis laporan',
      category: V.category,
      place: V.place,
      description: 'uraian dari warga',
      media_count: 'jumlah lampiran',
      confidential: 'true bila identitas dirahasiakan',
    },
    id:
      'Mohon periksa laporan Anda:\n\n' +
      '• Jenis: {{type}}\n' +
      '• Kategori: {{category}}\n' +
      '• Lokasi: {{place}}\n' +
      '• Uraian: {{description}}\n' +
      '• Lampiran: {{#if media_count}}{{media_count}} berkas{{else}}tidak ada{{/if}}\n' +
      '• Identitas: {{#if confidential}}dirahasiakan{{else}}tidak dirahasiakan{{/if}}\n\n' +
      'Tekan *Kirim* bila sudah benar, *Ubah* untuk memperbaiki, atau *Batal* untuk membatalkan.',
    en:
      'Please check your report:\n\n' +
      '• Type: {{type}}\n' +
      '• Category: {{category}}\n' +
      '• Location: {{place}}\n' +
      '• Description: {{description}}\n' +
      '• Attachments: {{#if media_count}}{{media_count}} file(s){{else}}none{{/if}}\n' +
      '• Identity: {{#if confidential}}confidential{{else}}not confidential{{/if}}\n\n' +
      'Tap *Send* if it is correct, *Change* to fix something, or *Cancel* to cancel.',
  },
  {
    key: 'intake.received',
    purpose: 'Laporan tersimpan; memberi nomor tiket dan cara cek status.',
    vars: { name: V.name, ticket: V.ticket, tracking_code: V.tracking_code },
    id:
      'Terima kasih, {{name}}. Laporan Anda sudah kami terima dengan nomor tiket *{{ticket}}*.\n\n' +
      'Tim kami akan memeriksanya paling lambat 3 hari kerja, lalu meneruskannya ke instansi yang berwenang. Setiap perkembangan akan kami kabarkan lewat WhatsApp ini.\n\n' +
      'Untuk melihat status kapan saja, ketik: *cek {{ticket}}*' +
      '{{#if tracking_code}}\n\nKode lacak Anda: *{{tracking_code}}*. Simpan dan jangan bagikan kode ini kepada siapa pun: rincian laporan di halaman pelacakan hanya terbuka dengan nomor tiket dan kode ini.{{/if}}',
    en:
      'Thank you, {{name}}. We have received your report with ticket number *{{ticket}}*.\n\n' +
      'Our team will review it within 3 working days and forward it to the responsible office. We will keep you updated on this WhatsApp chat.\n\n' +
      'To check the status at any time, type: *cek {{ticket}}*' +
      '{{#if tracking_code}}\n\nYour tracking code: *{{tracking_code}}*. Keep it and do not share it with anyone: the report details on the tracking page open only with the ticket number and this code.{{/if}}',
  },
  {
    key: 'intake.tracking_code',
    purpose: 'Ditambahkan di bawah pesan tiket bila teks «intake.received» yang diubah admin tidak memuat kode lacak: warga selalu menerima kodenya.',
    vars: { tracking_code: V.tracking_code },
  },
  {
    key: 'intake.cancelled',
    purpose: 'Warga membatalkan pengisian laporan.',
    vars: {},
    id: 'Baik, laporan ini kami batalkan dan tidak disimpan. Ketik *menu* kapan saja bila ingin melapor lagi.',
    en: 'All right, this report has been cancelled and not saved. Type *menu* any time to report again.',
  },
  {
    key: 'intake.draft_expired',
    purpose: 'Draf lama kedaluwarsa karena lama tidak dilanjutkan.',
    vars: { hours: 'berapa jam draf disimpan' },
    id:
      'Laporan yang sedang Anda isi sudah lebih dari {{hours}} jam tidak dilanjutkan, jadi kami hapus demi keamanan data Anda. Ketik *menu* untuk memulai lagi — kami siap membantu.',
    en:
      'The report you were writing was left unfinished for more than {{hours}} hours, so we removed it to protect your data. Type *menu* to start again — we are happy to help.',
  },
  {
    key: 'intake.invalid_choice',
    purpose: 'Jawaban tidak sesuai pilihan.',
    vars: {},
    id: 'Maaf, kami belum memahami jawaban Anda. Mohon pilih salah satu pilihan di atas, atau ketik *batal* untuk berhenti.',
    en: 'Sorry, we did not understand your answer. Please choose one of the options above, or type *cancel* to stop.',
  },

  {
    key: 'intake.menu',
    purpose: 'Sapaan dan menu utama (daftar pilihan) saat warga pertama kali menulis atau mengetik *menu*.',
    vars: { name: V.name, instance_name: V.instance_name },
  },
  {
    key: 'intake.stale_button',
    purpose: 'Warga menekan tombol dari pesan lama yang sudah tidak berlaku; pertanyaan saat ini diulang sesudahnya.',
    vars: {},
  },
  {
    key: 'intake.choose_place',
    purpose: 'Beberapa desa/kelurahan bernama sama; warga memilih dari daftar.',
    vars: { text: 'nama tempat yang diketik warga' },
  },
  {
    key: 'intake.ask_edit',
    purpose: 'Warga menekan *Ubah* pada ringkasan; daftar bagian laporan yang bisa diubah.',
    vars: {},
  },
  {
    key: 'intake.nothing_to_cancel',
    purpose: 'Warga mengetik *batal* padahal tidak sedang mengisi laporan.',
    vars: {},
  },
  {
    key: 'intake.menu_restart',
    purpose: 'Warga mengetik *menu* di tengah pengisian; draf dibatalkan.',
    vars: {},
  },

  // ——— Status, help, system ———
  {
    key: 'status.reply',
    purpose: 'Jawaban untuk "cek ADU-…".',
    vars: {
      ticket: V.ticket,
      status: V.status,
      category: V.category,
      agency: V.agency,
      date: 'tanggal laporan diterima',
      due: 'batas waktu tahap berikutnya (verifikasi, tanggapan instansi, atau penyelesaian); kosong bila laporan sudah selesai',
      last_update: 'tindak lanjut publik terakhir (boleh kosong)',
    },
    id:
      'Status laporan *{{ticket}}*:\n' +
      '• Status: *{{status}}*\n' +
      '{{#if category}}• Kategori: {{category}}\n{{/if}}' +
      '{{#if agency}}• Ditangani oleh: {{agency}}\n{{/if}}' +
      '• Diterima: {{date}}\n' +
      '{{#if due}}• Ditanggapi paling lambat: {{due}}\n{{/if}}' +
      '{{#if last_update}}\nTindak lanjut terakhir:\n"{{last_update}}"\n{{/if}}',
    en:
      'Status of report *{{ticket}}*:\n' +
      '• Status: *{{status}}*\n' +
      '{{#if category}}• Category: {{category}}\n{{/if}}' +
      '{{#if agency}}• Handled by: {{agency}}\n{{/if}}' +
      '• Received: {{date}}\n' +
      '{{#if due}}• Expected by: {{due}}\n{{/if}}' +
      '{{#if last_update}}\nLatest follow-up:\n"{{last_update}}"\n{{/if}}',
  },
  {
    key: 'status.not_found',
    purpose: 'Nomor tiket tidak ditemukan (atau bukan milik pengirim).',
    vars: { ticket: V.ticket },
    id:
      'Maaf, kami tidak menemukan laporan dengan nomor *{{ticket}}* untuk nomor WhatsApp ini. Mohon periksa kembali penulisannya, contoh: *cek ADU-2611-00042*.',
    en:
      'Sorry, we could not find a report numbered *{{ticket}}* for this WhatsApp number. Please check the spelling, e.g. *cek ADU-2611-00042*.',
  },
  {
    key: 'status.list',
    purpose: 'Warga mengetik *cek* tanpa nomor dan punya beberapa laporan berjalan; daftar tiket dikirim sebagai pilihan.',
    vars: { count: 'jumlah laporan yang masih berjalan' },
  },
  {
    key: 'status.joined',
    purpose: 'Jawaban untuk "cek ADU-…" bila laporan itu sudah digabungkan dengan laporan lain tentang masalah yang sama: status dan tindak lanjut laporan asli.',
    vars: {
      ticket: V.ticket,
      original_ticket: 'nomor tiket laporan asli yang diikuti',
      status: 'status laporan asli',
      agency: 'instansi yang menangani laporan asli (boleh kosong)',
      due: 'batas waktu tahap berikutnya laporan asli (boleh kosong)',
      last_update: 'tindak lanjut publik terakhir laporan asli (boleh kosong)',
    },
  },
  {
    key: 'status.none',
    purpose: 'Warga mengetik *cek* tanpa nomor dan tidak punya laporan yang masih berjalan.',
    vars: {},
  },
  {
    key: 'help',
    purpose: 'Bantuan / cara pakai.',
    vars: { instance_name: V.instance_name },
    id:
      'Cara menggunakan *{{instance_name}}*:\n' +
      '• Ketik *lapor* atau *menu* untuk membuat laporan baru.\n' +
      '• Ketik *cek* dan nomor tiket (mis. *cek ADU-2611-00042*) untuk melihat status.\n' +
      '• Ketik *batal* untuk membatalkan laporan yang sedang diisi.\n\n' +
      'Laporan diperiksa dalam 3 hari kerja dan instansi menanggapi dalam 5 hari kerja, sesuai standar SP4N-LAPOR!. ' +
      'Untuk keadaan darurat (kebakaran, kecelakaan, kejahatan) hubungi *112*.',
    en:
      'How to use *{{instance_name}}*:\n' +
      '• Type *lapor* or *menu* to make a new report.\n' +
      '• Type *cek* and the ticket number (e.g. *cek ADU-2611-00042*) to see the status.\n' +
      '• Type *batal* to cancel the report you are writing.\n\n' +
      'Reports are reviewed within 3 working days and the office responds within 5 working days, following the SP4N-LAPOR! standard. ' +
      'For emergencies (fire, accident, crime) call *112*.',
  },
  {
    key: 'system.unsupported_message',
    purpose: 'Jenis pesan yang belum bisa diproses (stiker, panggilan, dll.).',
    vars: { type: 'jenis pesan yang diterima' },
    id:
      'Maaf, jenis pesan ini belum dapat kami proses. Mohon kirim dalam bentuk *teks*, *foto*, *video*, atau *lokasi*. Ketik *menu* untuk melihat pilihan.',
    en:
      'Sorry, we cannot process this kind of message yet. Please send *text*, *photos*, *videos* or a *location*. Type *menu* to see the options.',
  },
  {
    key: 'system.flood_warning',
    purpose: 'Warga mengirim terlalu banyak pesan dalam waktu singkat.',
    vars: { minutes: 'berapa menit harus menunggu' },
    id:
      'Pesan Anda sangat banyak dalam waktu singkat, jadi kami jeda sebentar agar semua laporan tetap tertangani. Silakan lanjutkan dalam {{minutes}} menit. Terima kasih atas pengertiannya 🙏',
    en:
      'We received many messages from you in a short time, so we are pausing briefly to keep every report handled. Please continue in {{minutes}} minutes. Thank you for understanding 🙏',
  },
  {
    key: 'system.error',
    purpose: 'Gangguan teknis di sisi kami.',
    vars: {},
  },

  // ——— Notifications to the citizen (may be sent outside the 24 h window) ———
  {
    key: 'notify.needs_info',
    purpose: 'Verifikator meminta keterangan tambahan dari warga (status Perlu info warga).',
    vars: { ticket: V.ticket, body: V.body },
    wa_template: 'kanal_aduan_perlu_info',
    id:
      'Laporan *{{ticket}}* membutuhkan sedikit keterangan tambahan agar bisa kami proses:\n\n"{{body}}"\n\n' +
      'Silakan balas pesan ini dengan jawaban Anda. Tanpa jawaban dalam 10 hari kerja, laporan akan kami tutup.',
    en:
      'Report *{{ticket}}* needs a little more information before we can process it:\n\n"{{body}}"\n\n' +
      'Please reply to this message with your answer. Without a reply within 10 working days the report will be closed.',
  },
  {
    key: 'notify.info_received',
    purpose: 'Balasan setelah warga mengirim keterangan yang diminta verifikator (laporan kembali diperiksa).',
    vars: { ticket: V.ticket, others: 'nomor tiket lain milik warga ini yang masih menunggu keterangan (kosong bila tidak ada)' },
    wa_template: 'kanal_aduan_status',
    id:
      'Terima kasih, keterangan Anda sudah kami teruskan ke verifikator untuk laporan *{{ticket}}*. Kami akan mengabarkan perkembangannya.' +
      '{{#if others}}\n\nLaporan lain yang masih menunggu keterangan Anda: {{others}}. Silakan balas lagi untuk melengkapinya.{{/if}}',
    en:
      'Thank you, your information has been passed to the verifier for report *{{ticket}}*. We will keep you updated.' +
      '{{#if others}}\n\nOther reports still waiting for your information: {{others}}. Please reply again to complete them.{{/if}}',
  },
  {
    key: 'notify.web_received',
    purpose: 'Warga melapor lewat situs (formulir /kanal-aduan/lapor) dan menulis nomor WhatsApp-nya: nomor tiket dan kode lacak dikirim ke nomor itu.',
    vars: { ticket: V.ticket, tracking_code: V.tracking_code },
    wa_template: 'kanal_aduan_status',
    id:
      'Laporan Anda lewat situs sudah kami terima dengan nomor tiket *{{ticket}}*.' +
      '{{#if tracking_code}} Kode lacak: *{{tracking_code}}* (simpan, jangan dibagikan).{{/if}}\n\n' +
      'Kabar penanganannya akan kami kirim ke nomor ini. Untuk menanyakan status, balas *cek {{ticket}}*.\n' +
      'Bila Anda tidak merasa mengirim laporan ini, abaikan pesan ini.',
    en:
      'Your report from the website has been received with ticket number *{{ticket}}*.' +
      '{{#if tracking_code}} Tracking code: *{{tracking_code}}* (keep it, do not share it).{{/if}}\n\n' +
      'We will send news about it to this number. To ask for its status, reply *cek {{ticket}}*.\n' +
      'If you did not send this report, please ignore this message.',
  },
  {
    key: 'notify.desk_received',
    purpose: 'Verifikator mencatat laporan warga yang menelepon atau datang langsung (halaman «Catat laporan») dan menulis nomor WhatsApp-nya: nomor tiket dan kode lacak dikirim ke nomor itu.',
    vars: { ticket: V.ticket, tracking_code: V.tracking_code, via: 'cara laporan disampaikan: «lewat telepon» atau «dengan datang langsung ke kantor layanan»' },
    wa_template: 'kanal_aduan_status',
    id:
      'Laporan Anda yang disampaikan {{via}} sudah kami catat dengan nomor tiket *{{ticket}}*.' +
      '{{#if tracking_code}} Kode lacak: *{{tracking_code}}* (simpan, jangan dibagikan).{{/if}}\n\n' +
      'Kabar penanganannya akan kami kirim ke nomor ini. Untuk menanyakan status, balas *cek {{ticket}}*.\n' +
      'Bila Anda tidak merasa menyampaikan laporan ini, abaikan pesan ini.',
    en:
      'The report you gave us {{via}} has been recorded with ticket number *{{ticket}}*.' +
      '{{#if tracking_code}} Tracking code: *{{tracking_code}}* (keep it, do not share it).{{/if}}\n\n' +
      'We will send news about it to this number. To ask for its status, reply *cek {{ticket}}*.\n' +
      'If you did not make this report, please ignore this message.',
  },
  {
    key: 'notify.verified',
    purpose: 'Laporan lolos verifikasi.',
    vars: { ticket: V.ticket },
    wa_template: 'kanal_aduan_status',
    id: 'Laporan *{{ticket}}* sudah kami periksa dan dinyatakan *layak ditindaklanjuti*. Selanjutnya akan kami teruskan ke instansi yang berwenang.',
    en: 'Report *{{ticket}}* has been reviewed and *accepted for follow-up*. We will now forward it to the responsible office.',
  },
  {
    key: 'notify.rejected',
    purpose: 'Laporan tidak dapat diproses (alasan wajib).',
    vars: { ticket: V.ticket, reason: V.reason },
    wa_template: 'kanal_aduan_status',
    id:
      'Mohon maaf, laporan *{{ticket}}* tidak dapat kami tindak lanjuti.\nAlasan: {{reason}}\n\n' +
      'Bila ada keterangan yang keliru, silakan kirim laporan baru dengan informasi yang lebih lengkap. Terima kasih atas kepedulian Anda.',
    en:
      'We are sorry, report *{{ticket}}* cannot be followed up.\nReason: {{reason}}\n\n' +
      'If something was misunderstood, please send a new report with more details. Thank you for caring.',
  },
  {
    key: 'notify.duplicate',
    purpose: 'Laporan sama dengan laporan lain yang sudah ada.',
    vars: { ticket: V.ticket, original_ticket: 'nomor tiket laporan asli' },
    wa_template: 'kanal_aduan_status',
    id:
      'Laporan *{{ticket}}* ternyata sama dengan laporan *{{original_ticket}}* yang sudah kami tangani, jadi keduanya kami gabungkan. ' +
      'Kabar tindak lanjut dan hasil penanganan *{{original_ticket}}* akan kami kirimkan juga kepada Anda.\n' +
      'Anda juga bisa memantaunya dengan mengetik *cek {{original_ticket}}*.',
    en:
      'Report *{{ticket}}* turns out to be the same as report *{{original_ticket}}*, which we are already handling, so we have joined them. ' +
      'We will send you the follow-ups and the outcome of *{{original_ticket}}* as well.\n' +
      'You can also follow it by typing *cek {{original_ticket}}*.',
  },
  {
    key: 'notify.dispositioned',
    purpose: 'Laporan diteruskan (didisposisikan) ke instansi.',
    vars: { ticket: V.ticket, agency: V.agency, due: V.due },
    wa_template: 'kanal_aduan_status',
    id:
      'Laporan *{{ticket}}* telah kami teruskan ke *{{agency}}* untuk ditindaklanjuti.' +
      '{{#if due}} Instansi tersebut akan memberikan tanggapan paling lambat {{due}}.{{/if}}',
    en:
      'Report *{{ticket}}* has been forwarded to *{{agency}}* for follow-up.' +
      '{{#if due}} The office will respond by {{due}}.{{/if}}',
  },
  {
    key: 'notify.follow_up',
    purpose: 'Petugas menulis tindak lanjut publik.',
    vars: { ticket: V.ticket, agency: V.agency, body: V.body },
    wa_template: 'kanal_aduan_tindak_lanjut',
    id: 'Tindak lanjut laporan *{{ticket}}*{{#if agency}} dari {{agency}}{{/if}}:\n\n{{body}}',
    en: 'Follow-up on report *{{ticket}}*{{#if agency}} from {{agency}}{{/if}}:\n\n{{body}}',
  },
  {
    key: 'notify.leader_message',
    purpose: 'Pimpinan (Bupati/Wali Kota, Sekda) menulis «Pesan pimpinan» kepada pelapor; juga ke warga yang laporannya digabungkan.',
    vars: { ticket: V.ticket, leader: 'jabatan atau nama pimpinan yang menulis, mis. «Bupati»', body: V.body, agency: V.agency },
    wa_template: 'kanal_aduan_tindak_lanjut',
    id: '*Pesan pimpinan*{{#if leader}} dari {{leader}}{{/if}} tentang laporan *{{ticket}}*:\n\n{{body}}',
    en: '*Message from the regional head*{{#if leader}} ({{leader}}){{/if}} about report *{{ticket}}*:\n\n{{body}}',
  },
  {
    key: 'notify.resolved',
    purpose: 'Laporan dinyatakan selesai; meminta penilaian kepuasan.',
    vars: { ticket: V.ticket, agency: V.agency, body: V.body },
    wa_template: 'kanal_aduan_selesai',
    id:
      'Laporan *{{ticket}}* telah selesai ditangani{{#if agency}} oleh {{agency}}{{/if}}.' +
      '{{#if body}}\n\n"{{body}}"{{/if}}\n\n' +
      'Seberapa puas Anda dengan penanganannya? Balas dengan angka *1* (sangat tidak puas) sampai *5* (sangat puas).\n' +
      'Bila masalahnya ternyata belum beres, balas *belum selesai* dan laporan akan kami buka kembali.',
    en:
      'Report *{{ticket}}* has been resolved{{#if agency}} by {{agency}}{{/if}}.' +
      '{{#if body}}\n\n"{{body}}"{{/if}}\n\n' +
      'How satisfied are you? Reply with a number from *1* (very dissatisfied) to *5* (very satisfied).\n' +
      'If the problem is not actually fixed, reply *not fixed* and we will reopen the report.',
  },
  {
    key: 'notify.follower_resolved',
    purpose: 'Laporan asli selesai; dikirim ke warga yang laporannya digabungkan ke laporan itu (tanpa pertanyaan kepuasan).',
    vars: { ticket: V.ticket, own_ticket: 'nomor tiket laporan warga yang digabungkan', agency: V.agency, body: V.body },
    wa_template: 'kanal_aduan_status',
    id:
      'Laporan *{{ticket}}*, yang digabungkan dengan laporan Anda *{{own_ticket}}*, telah selesai ditangani{{#if agency}} oleh {{agency}}{{/if}}.' +
      '{{#if body}}\n\n"{{body}}"{{/if}}\n\n' +
      'Terima kasih sudah ikut melapor. Bila masalahnya ternyata belum beres, silakan kirim laporan baru.',
    en:
      'Report *{{ticket}}*, which your report *{{own_ticket}}* was joined with, has been resolved{{#if agency}} by {{agency}}{{/if}}.' +
      '{{#if body}}\n\n"{{body}}"{{/if}}\n\n' +
      'Thank you for reporting. If the problem is not actually fixed, please send a new report.',
  },
  {
    key: 'notify.rating_thanks',
    purpose: 'Terima kasih atas penilaian.',
    vars: { ticket: V.ticket, rating: 'nilai 1–5' },
    id: 'Terima kasih atas penilaian Anda ({{rating}}/5) untuk laporan *{{ticket}}*. Masukan Anda membantu kami memperbaiki layanan.',
    en: 'Thank you for rating report *{{ticket}}* ({{rating}}/5). Your feedback helps us improve our services.',
  },
  {
    key: 'notify.reopened',
    purpose: 'Laporan dibuka kembali.',
    vars: { ticket: V.ticket },
    wa_template: 'kanal_aduan_status',
    id: 'Laporan *{{ticket}}* kami buka kembali dan sudah dikembalikan ke instansi yang menangani. Mohon maaf atas ketidaknyamanannya; kami akan mengabarkan perkembangannya.',
    en: 'Report *{{ticket}}* has been reopened and returned to the handling office. We apologise for the inconvenience and will keep you updated.',
  },
  {
    key: 'notify.closed',
    purpose: 'Laporan ditutup (dikonfirmasi warga atau 10 hari kerja tanpa tanggapan).',
    vars: { ticket: V.ticket },
    wa_template: 'kanal_aduan_status',
    id: 'Laporan *{{ticket}}* kini *ditutup*. Terima kasih telah ikut menjaga daerah kita. Jangan ragu melapor lagi kapan saja.',
    en: 'Report *{{ticket}}* is now *closed*. Thank you for helping look after our region. Feel free to report again any time.',
  },

  // ——— Notices and reminders to officers ———
  {
    key: 'officer.disposition',
    purpose: 'Pemberitahuan ke petugas OPD/Camat bahwa ada laporan baru untuk instansinya.',
    // Officers rarely write to the bot: outside 24 h they get this approved template ({{1}} ticket, {{2}} category, {{3}} place, {{4}} due).
    wa_template: 'kanal_aduan_disposisi',
    vars: { ticket: V.ticket, agency: V.agency, category: V.category, place: V.place, due: V.due, url: 'tautan ke laporan di Directus' },
    id:
      'Yth. petugas {{agency}},\n' +
      'Ada laporan baru yang didisposisikan ke instansi Anda:\n' +
      '• Tiket: *{{ticket}}*\n' +
      '• Kategori: {{category}}\n' +
      '• Lokasi: {{place}}\n' +
      '• Batas tanggapan: *{{due}}*\n\n' +
      'Mohon diterima dan ditindaklanjuti{{#if url}}: {{url}}{{/if}}. Bila bukan kewenangan instansi Anda, kembalikan dengan alasan dalam 1 hari kerja.',
    en:
      'Dear {{agency}} officer,\n' +
      'A new report has been assigned to your office:\n' +
      '• Ticket: *{{ticket}}*\n' +
      '• Category: {{category}}\n' +
      '• Location: {{place}}\n' +
      '• Respond by: *{{due}}*\n\n' +
      'Please accept and follow it up{{#if url}}: {{url}}{{/if}}. If it is outside your authority, return it with a reason within 1 working day.',
  },
  // Digests from the SLA scan (workflows/flows/reminders.json): one message per
  // person per run listing every ticket they are told about. `items` entries:
  // {ticket, due, overdue, days_late, stage (verifikasi|tanggapan|penyelesaian), agency}.
  {
    key: 'officer.reopened',
    purpose: 'Pemberitahuan ke petugas bahwa pelapor menyatakan laporan belum selesai (dibuka kembali).',
    wa_template: 'kanal_aduan_dibuka_kembali',
    vars: { ticket: V.ticket, agency: V.agency, category: V.category, place: V.place, due: V.due, url: 'tautan ke laporan di Directus' },
    id:
      'Yth. petugas {{agency}},\n' +
      'Pelapor menyatakan laporan *{{ticket}}* *belum selesai*, sehingga laporan dibuka kembali dan dikembalikan ke instansi Anda:\n' +
      '• Kategori: {{category}}\n' +
      '• Lokasi: {{place}}\n\n' +
      'Mohon ditindaklanjuti kembali dan kabarkan perkembangannya{{#if url}}: {{url}}{{/if}}.',
    en:
      'Dear {{agency}} officer,\n' +
      'The reporter says report *{{ticket}}* is *not fixed*, so it has been reopened and returned to your office:\n' +
      '• Category: {{category}}\n' +
      '• Location: {{place}}\n\n' +
      'Please follow it up again and post an update{{#if url}}: {{url}}{{/if}}.',
  },
  {
    key: 'reminder.verifikator_digest',
    // Officers rarely write to the bot, so most digests go out as this approved template ({{1}} name, {{2}} count).
    wa_template: 'kanal_aduan_pengingat',
    purpose: 'Pengingat untuk verifikator: laporan yang mendekati/lewat batas verifikasi.',
    vars: { name: 'nama penerima', count: 'jumlah laporan', items: 'daftar {ticket, due, overdue, days_late, stage, agency}', url: 'tautan ke daftar laporan di Directus' },
    id:
      'Yth. {{name}}, pengingat verifikasi: {{count}} laporan menunggu diperiksa.\n' +
      '{{#each items}}• {{ticket}} — batas {{due}}{{#if overdue}} ⚠️ *terlambat {{days_late}} hari kerja*{{/if}}\n{{/each}}' +
      '{{#if url}}\nBuka daftar: {{url}}{{/if}}',
    en:
      'Dear {{name}}, verification reminder: {{count}} report(s) awaiting review.\n' +
      '{{#each items}}• {{ticket}} — due {{due}}{{#if overdue}} ⚠️ *{{days_late}} working day(s) late*{{/if}}\n{{/each}}' +
      '{{#if url}}\nOpen the list: {{url}}{{/if}}',
  },
  {
    key: 'reminder.officer_digest',
    wa_template: 'kanal_aduan_pengingat',
    purpose: 'Pengingat untuk petugas OPD/Camat: laporan yang mendekati/lewat batas tanggapan atau penyelesaian.',
    vars: { name: 'nama penerima', agency: V.agency, count: 'jumlah laporan', items: 'daftar {ticket, due, overdue, days_late, stage, agency}', url: 'tautan ke daftar laporan di Directus' },
    id:
      'Yth. {{name}} ({{agency}}), {{count}} laporan perlu segera ditindaklanjuti:\n' +
      '{{#each items}}• {{ticket}} — batas {{stage}} {{due}}{{#if overdue}} ⚠️ *terlambat {{days_late}} hari kerja*{{/if}}\n{{/each}}' +
      '{{#if url}}\nBuka daftar: {{url}}\n{{/if}}' +
      '\nTerima kasih atas kerja samanya.',
    en:
      'Dear {{name}} ({{agency}}), {{count}} report(s) need your attention soon:\n' +
      '{{#each items}}• {{ticket}} — {{stage}} due {{due}}{{#if overdue}} ⚠️ *{{days_late}} working day(s) late*{{/if}}\n{{/each}}' +
      '{{#if url}}\nOpen the list: {{url}}\n{{/if}}' +
      '\nThank you for your cooperation.',
  },
  {
    key: 'reminder.head_digest',
    wa_template: 'kanal_aduan_pengingat',
    purpose: 'Eskalasi ke Kepala OPD/Camat: laporan yang melewati batas waktu.',
    vars: { name: 'nama penerima', agency: V.agency, count: 'jumlah laporan', items: 'daftar {ticket, due, overdue, days_late, stage, agency}', url: 'tautan ke daftar laporan di Directus' },
    id:
      'Yth. Bapak/Ibu {{name}}, Kepala {{agency}}: {{count}} laporan warga perlu perhatian Bapak/Ibu:\n' +
      '{{#each items}}• {{ticket}} — batas {{stage}} {{due}}{{#if overdue}} (*terlambat {{days_late}} hari kerja*){{/if}}\n{{/each}}' +
      '{{#if url}}\nBuka daftar: {{url}}\n{{/if}}' +
      '\nMohon arahan agar segera ditindaklanjuti.',
    en:
      'Dear {{name}}, Head of {{agency}}: {{count}} citizen report(s) need your attention:\n' +
      '{{#each items}}• {{ticket}} — {{stage}} due {{due}}{{#if overdue}} (*{{days_late}} working day(s) late*){{/if}}\n{{/each}}' +
      '{{#if url}}\nOpen the list: {{url}}\n{{/if}}' +
      '\nPlease ensure they are followed up promptly.',
  },
  {
    key: 'reminder.pimpinan_digest',
    wa_template: 'kanal_aduan_pengingat',
    purpose: 'Eskalasi ke Pimpinan (Bupati/Sekda): laporan yang terlambat, per instansi.',
    vars: { name: 'nama penerima', count: 'jumlah laporan', agencies: 'daftar {agency, count}', items: 'daftar {ticket, due, overdue, days_late, stage, agency}', url: 'tautan ke daftar laporan di Directus' },
    id:
      'Yth. {{name}}, laporan untuk Pimpinan: {{count}} laporan warga terlambat ditangani.\n' +
      '{{#each agencies}}• {{agency}}: {{count}} laporan\n{{/each}}' +
      '\nRincian:\n{{#each items}}• {{ticket}} ({{agency}}) — terlambat {{days_late}} hari kerja\n{{/each}}' +
      '{{#if url}}\nBuka daftar: {{url}}{{/if}}',
    en:
      'Dear {{name}}, report for leadership: {{count}} citizen report(s) are late.\n' +
      '{{#each agencies}}• {{agency}}: {{count}} report(s)\n{{/each}}' +
      '\nDetails:\n{{#each items}}• {{ticket}} ({{agency}}) — {{days_late}} working day(s) late\n{{/each}}' +
      '{{#if url}}\nOpen the list: {{url}}{{/if}}',
  },
];

// ——— Short labels on buttons and list rows (WhatsApp: button title <= 20 characters, list row <= 24) ———
const UI_LABELS: ReadonlyArray<[key: string, purpose: string, vars?: Record<string, string>]> = [
  ['ui.menu.button', 'Tombol pembuka menu utama.'],
  ['ui.menu.report', 'Baris menu: lapor pengaduan.'],
  ['ui.menu.aspiration', 'Baris menu: aspirasi atau saran.'],
  ['ui.menu.info', 'Baris menu: minta informasi.'],
  ['ui.menu.status', 'Baris menu: cek status laporan.'],
  ['ui.menu.help', 'Baris menu: bantuan.'],
  ['ui.type.button', 'Tombol pembuka daftar jenis laporan.'],
  ['ui.type.pengaduan', 'Jenis laporan: pengaduan.'],
  ['ui.type.aspirasi', 'Jenis laporan: aspirasi.'],
  ['ui.type.saran', 'Jenis laporan: saran.'],
  ['ui.type.informasi', 'Jenis laporan: permintaan informasi.'],
  ['ui.category.button', 'Tombol pembuka daftar kategori.'],
  ['ui.category.more', 'Baris terakhir daftar kategori: halaman berikutnya.'],
  ['ui.place.yes', 'Tombol: lokasi yang ditebak bot benar.'],
  ['ui.place.no', 'Tombol: lokasi yang ditebak bot salah.'],
  ['ui.place.button', 'Tombol pembuka daftar desa/kelurahan bernama sama.'],
  ['ui.place.pin', 'Lokasi dari titik peta pada ringkasan.', { lat: 'lintang', lng: 'bujur' }],
  ['intake.pin_around', 'Lokasi dari titik peta pada ringkasan, dengan desa/kelurahan terdekat dari titik itu.', { lat: 'lintang', lng: 'bujur', place: 'desa/kelurahan, kecamatan' }],
  ['ui.media.skip', 'Tombol: tidak ada foto/video.'],
  ['ui.media.done', 'Tombol: selesai mengirim lampiran.'],
  ['ui.confidential.yes', 'Tombol: rahasiakan identitas.'],
  ['ui.confidential.no', 'Tombol: identitas tidak perlu dirahasiakan.'],
  ['ui.summary.send', 'Tombol pada ringkasan: kirim laporan.'],
  ['ui.summary.edit', 'Tombol pada ringkasan: ubah laporan.'],
  ['ui.summary.cancel', 'Tombol pada ringkasan: batalkan laporan.'],
  ['ui.edit.button', 'Tombol pembuka daftar bagian yang bisa diubah.'],
  ['ui.edit.type', 'Bagian yang bisa diubah: jenis.'],
  ['ui.edit.category', 'Bagian yang bisa diubah: kategori.'],
  ['ui.edit.place', 'Bagian yang bisa diubah: lokasi.'],
  ['ui.edit.description', 'Bagian yang bisa diubah: uraian.'],
  ['ui.edit.media', 'Bagian yang bisa diubah: lampiran.'],
  ['ui.edit.confidential', 'Bagian yang bisa diubah: kerahasiaan.'],
  ['ui.status.button', 'Tombol pembuka daftar laporan milik warga.'],
];

// ——— Temu Bupati (bodies in core's appointments/texts.ts) ———
const APPOINTMENT_V = {
  code: 'kode booking, mis. TMU-7K3PQ9', day: 'hari pertemuan, mis. Selasa, 8 Desember 2026', time: 'jam mulai, mis. 09:00', place: 'tempat pertemuan',
};
const APPOINTMENT: readonly SeedEntry[] = [
  { key: 'appointment.ask_topic', purpose: 'Temu Bupati: pertanyaan pertama, topik yang ingin disampaikan.', vars: {} },
  { key: 'appointment.topic_too_short', purpose: 'Temu Bupati: topik terlalu pendek.', vars: { min: 'jumlah huruf paling sedikit' } },
  { key: 'appointment.no_days', purpose: 'Temu Bupati: tidak ada jadwal yang masih tersedia.', vars: {} },
  { key: 'appointment.choose_day', purpose: 'Temu Bupati: daftar hari yang masih tersedia.', vars: { days: 'daftar bernomor hari, jam dan tempat' } },
  { key: 'appointment.confirm', purpose: 'Temu Bupati: ringkasan sebelum didaftarkan.', vars: { topic: 'topik', day: APPOINTMENT_V.day, time: APPOINTMENT_V.time, place: APPOINTMENT_V.place } },
  { key: 'appointment.booked', purpose: 'Temu Bupati: pendaftaran diterima, dengan kode booking.', vars: APPOINTMENT_V },
  { key: 'appointment.moved_booked', purpose: 'Temu Bupati: warga memindahkan jadwalnya sendiri.', vars: APPOINTMENT_V },
  { key: 'appointment.slot_taken', purpose: 'Temu Bupati: tempat terakhir baru saja diambil warga lain.', vars: { day: APPOINTMENT_V.day } },
  { key: 'appointment.cancelled', purpose: 'Temu Bupati: warga membatalkan.', vars: { code: APPOINTMENT_V.code, day: APPOINTMENT_V.day } },
  { key: 'appointment.draft_cancelled', purpose: 'Temu Bupati: pendaftaran yang belum selesai dibatalkan.', vars: {} },
  { key: 'appointment.not_found', purpose: 'Temu Bupati: kode tidak ditemukan untuk nomor ini.', vars: { code: APPOINTMENT_V.code } },
  { key: 'appointment.which', purpose: 'Temu Bupati: warga punya beberapa jadwal, minta kodenya.', vars: { codes: 'kode-kode booking', first: 'kode pertama' } },
  // The four notices that may reach a citizen days after they last wrote: outside 24 h, the approved template
  // kanal_aduan_temu ({{1}} booking code, {{2}} the whole text in one line).
  { key: 'appointment.reminder', wa_template: 'kanal_aduan_temu', purpose: 'Temu Bupati: pengingat sehari sebelumnya.', vars: APPOINTMENT_V },
  { key: 'appointment.scheduled', wa_template: 'kanal_aduan_temu', purpose: 'Temu Bupati: petugas menyetujui jadwal.', vars: APPOINTMENT_V },
  { key: 'appointment.office_moved', wa_template: 'kanal_aduan_temu', purpose: 'Temu Bupati: petugas memindahkan jadwal.', vars: APPOINTMENT_V },
  { key: 'appointment.office_cancelled', wa_template: 'kanal_aduan_temu', purpose: 'Temu Bupati: petugas membatalkan jadwal.', vars: { code: APPOINTMENT_V.code, day: APPOINTMENT_V.day } },
  { key: 'ui.menu.meet', purpose: 'Baris menu: daftar Temu Bupati.', vars: {} },
  { key: 'ui.appointment.button', purpose: 'Tombol pembuka daftar hari Temu Bupati.', vars: {} },
  { key: 'ui.appointment.row', purpose: 'Keterangan baris hari Temu Bupati.', vars: { place: APPOINTMENT_V.place, remaining: 'sisa tempat' } },
  { key: 'ui.appointment.book', purpose: 'Tombol: daftarkan Temu Bupati.', vars: {} },
  { key: 'ui.appointment.change', purpose: 'Tombol: pilih hari lain.', vars: {} },
  { key: 'ui.appointment.cancel', purpose: 'Tombol: batalkan pendaftaran Temu Bupati.', vars: {} },
];

export const TEMPLATES: readonly TemplateSeed[] = [
  ...TEXTS,
  ...APPOINTMENT,
  ...UI_LABELS.map(([key, purpose, vars = {}]): SeedEntry => ({ key, purpose, vars })),
].map(withBody);
