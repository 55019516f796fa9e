// Bot texts of Temu Bupati (meeting the regional head). Defaults only: admins
// edit them in message_templates (the seeds take these as first versions).
// Variables: topic, day (e.g. "Selasa, 8 Desember 2026"), time ("09:00"),
// place, code (booking code), remaining, codes (a list of booking codes).
export const APPOINTMENT_TEXTS: Readonly<Record<string, { id: string; en: string }>> = {
  'appointment.ask_topic': {
    id: 'Baik, kami bantu daftarkan *Temu Bupati* 🙏\nApa yang ingin Bapak/Ibu sampaikan kepada Bupati? Tulis singkat topiknya (mis. «Usulan perbaikan irigasi desa Celikah»).',
    en: 'Sure, we will help you book a *meeting with the Regent* 🙏\nWhat would you like to talk about with the Regent? Write the topic briefly (e.g. "Proposal to repair the irrigation in Celikah").',
  },
  'appointment.topic_too_short': {
    id: 'Mohon tulis topiknya sedikit lebih jelas (paling sedikit {{min}} huruf), agar Bupati dapat bersiap.',
    en: 'Please describe the topic a little more (at least {{min}} characters), so that the Regent can prepare.',
  },
  'appointment.no_days': {
    id: 'Mohon maaf, saat ini belum ada jadwal Temu Bupati yang masih tersedia. Silakan coba lagi minggu depan, atau tulis laporan Anda di sini.',
    en: 'We are sorry, there is no open meeting with the Regent at the moment. Please try again next week, or send us your report here.',
  },
  'appointment.choose_day': {
    id: 'Pilih hari pertemuan dengan Bupati (atau ketik nomornya):\n\n{{days}}',
    en: 'Choose the day to meet the Regent (or type its number):\n\n{{days}}',
  },
  'appointment.confirm': {
    id: 'Mohon periksa pendaftaran Temu Bupati Anda:\n• Topik: {{topic}}\n• Hari: *{{day}}*, pukul {{time}}\n• Tempat: {{place}}\n\nDaftarkan sekarang?',
    en: 'Please check your booking to meet the Regent:\n• Topic: {{topic}}\n• Day: *{{day}}*, at {{time}}\n• Place: {{place}}\n\nBook it now?',
  },
  'appointment.booked': {
    id: 'Pendaftaran Temu Bupati Anda kami terima ✅\nKode booking: *{{code}}*\n• Hari: *{{day}}*, pukul {{time}}\n• Tempat: {{place}}\n\nKami akan mengingatkan sehari sebelumnya. Mohon datang 15 menit lebih awal dan membawa KTP. Untuk membatalkan ketik *batal temu {{code}}*; untuk pindah hari ketik *pindah temu {{code}}*.',
    en: 'Your booking to meet the Regent is received ✅\nBooking code: *{{code}}*\n• Day: *{{day}}*, at {{time}}\n• Place: {{place}}\n\nWe will remind you the day before. Please come 15 minutes early and bring your ID card. To cancel type *batal temu {{code}}*; to change the day type *pindah temu {{code}}*.',
  },
  'appointment.moved_booked': {
    id: 'Jadwal Temu Bupati *{{code}}* sudah kami pindahkan ✅\n• Hari: *{{day}}*, pukul {{time}}\n• Tempat: {{place}}',
    en: 'Your meeting *{{code}}* has been moved ✅\n• Day: *{{day}}*, at {{time}}\n• Place: {{place}}',
  },
  'appointment.slot_taken': {
    id: 'Mohon maaf, tempat pada {{day}} baru saja terisi penuh. Silakan pilih hari lain:',
    en: 'We are sorry, the places on {{day}} have just been taken. Please choose another day:',
  },
  'appointment.cancelled': {
    id: 'Temu Bupati *{{code}}* pada {{day}} sudah dibatalkan. Terima kasih telah memberi tahu kami.',
    en: 'Meeting *{{code}}* on {{day}} has been cancelled. Thank you for letting us know.',
  },
  'appointment.draft_cancelled': {
    id: 'Pendaftaran Temu Bupati dibatalkan. Ketik *menu* bila ingin memulai lagi.',
    en: 'The meeting booking has been cancelled. Type *menu* to start again.',
  },
  'appointment.not_found': {
    id: 'Kami tidak menemukan Temu Bupati aktif atas nama nomor ini{{#if code}} dengan kode *{{code}}*{{/if}}.',
    en: 'We found no active meeting for this number{{#if code}} with code *{{code}}*{{/if}}.',
  },
  'appointment.which': {
    id: 'Anda memiliki beberapa jadwal Temu Bupati: {{codes}}. Mohon sebutkan kodenya, mis. *batal temu {{first}}*.',
    en: 'You have several meetings booked: {{codes}}. Please name the code, e.g. *batal temu {{first}}*.',
  },
  'appointment.reminder': {
    id: 'Pengingat Temu Bupati 📅\nBesok, *{{day}}*, pukul {{time}} di {{place}}.\nKode booking: *{{code}}*. Mohon datang 15 menit lebih awal dan membawa KTP. Berhalangan? Ketik *batal temu {{code}}*.',
    en: 'Reminder: meeting with the Regent 📅\nTomorrow, *{{day}}*, at {{time}} at {{place}}.\nBooking code: *{{code}}*. Please come 15 minutes early and bring your ID card. Cannot come? Type *batal temu {{code}}*.',
  },
  'appointment.scheduled': {
    id: 'Temu Bupati *{{code}}* sudah dijadwalkan ✅\n• Hari: *{{day}}*, pukul {{time}}\n• Tempat: {{place}}',
    en: 'Meeting *{{code}}* is confirmed ✅\n• Day: *{{day}}*, at {{time}}\n• Place: {{place}}',
  },
  'appointment.office_moved': {
    id: 'Jadwal Temu Bupati *{{code}}* dipindahkan oleh petugas:\n• Hari: *{{day}}*, pukul {{time}}\n• Tempat: {{place}}\nBila tidak bisa hadir, ketik *pindah temu {{code}}* atau *batal temu {{code}}*.',
    en: 'Meeting *{{code}}* has been moved by our staff:\n• Day: *{{day}}*, at {{time}}\n• Place: {{place}}\nIf you cannot come, type *pindah temu {{code}}* or *batal temu {{code}}*.',
  },
  'appointment.office_cancelled': {
    id: 'Mohon maaf, Temu Bupati *{{code}}* pada {{day}} dibatalkan oleh petugas. Silakan daftar lagi untuk hari lain dengan mengetik *temu bupati*.',
    en: 'We are sorry, meeting *{{code}}* on {{day}} has been cancelled by our staff. Please book another day by typing *temu bupati*.',
  },
  'ui.menu.meet': { id: 'Temu Bupati', en: 'Meet the Regent' },
  'ui.appointment.button': { id: 'Pilih hari', en: 'Choose day' },
  'ui.appointment.row': { id: '{{place}} · sisa {{remaining}} tempat', en: '{{place}} · {{remaining}} place(s) left' },
  'ui.appointment.book': { id: 'Ya, daftarkan', en: 'Yes, book it' },
  'ui.appointment.change': { id: 'Ganti hari', en: 'Other day' },
  'ui.appointment.cancel': { id: 'Batal', en: 'Cancel' },
};
