import { pickTemplate, renderTemplate } from '../templates.ts';
import type { Locale, MessageTemplate } from '../model.ts';
import { APPOINTMENT_TEXTS } from '../appointments/texts.ts';

// Every bot text comes from `message_templates` (admins edit them). These
// defaults — short button/list labels and a few prompts — are the one source
// of those keys' first versions: the seeds take their bodies from here, and
// the bot falls back to them when a row is missing, so it never fails in
// front of a citizen; a row with the same key in message_templates overrides them. WhatsApp caps button
// titles at 20 characters and list row titles at 24, so keep labels short.
export const DEFAULT_TEXTS: Readonly<Record<string, { id: string; en: string }>> = {
  'system.error': {
    id: 'Mohon maaf, sistem kami sedang mengalami gangguan. Pesan Anda tidak hilang — silakan coba lagi beberapa saat lagi.',
    en: 'We are sorry, our system is having a problem. Your message is not lost — please try again in a moment.',
  },
  'intake.ask_real_problem': {
    id: 'Terima kasih sudah menghubungi kami 🙏 Agar bisa kami bantu, mohon ceritakan masalahnya: apa yang terjadi dan di mana tepatnya (mis. «Lampu jalan mati di depan SD 2 Kayu Agung»).',
    en: 'Thank you for contacting us 🙏 So that we can help, please tell us the problem: what happened and exactly where (e.g. "The street light is out in front of SD 2 Kayu Agung").',
  },
  'intake.menu': {
    id:
      'Halo{{#if name}}, {{name}}{{/if}} 👋\nSelamat datang di layanan *{{instance_name}}*.\n\n' +
      'Ceritakan langsung masalah Anda beserta lokasinya, atau pilih menu di bawah: lapor pengaduan, aspirasi/saran, minta informasi, cek status, Temu Bupati, atau bantuan.',
    en:
      'Hello{{#if name}}, {{name}}{{/if}} 👋\nWelcome to *{{instance_name}}*.\n\n' +
      'Tell us the problem and where it is right away, or choose from the menu below: report a complaint, aspiration/suggestion, request information, check status, meet the Regent, or help.',
  },
  'intake.stale_button': {
    id: 'Tombol itu berasal dari pesan sebelumnya dan sudah tidak berlaku. Kita lanjutkan dari sini ya:',
    en: 'That button belongs to an earlier message and no longer applies. Let us continue from here:',
  },
  'intake.choose_place': {
    id: 'Ada beberapa tempat dengan nama "{{text}}". Mohon pilih yang benar:',
    en: 'Several places are called "{{text}}". Please choose the right one:',
  },
  'intake.ask_edit': {
    id: 'Bagian mana yang ingin Anda ubah?',
    en: 'Which part would you like to change?',
  },
  'intake.nothing_to_cancel': {
    id: 'Saat ini tidak ada laporan yang sedang Anda isi.',
    en: 'You are not writing a report at the moment.',
  },
  'intake.menu_restart': {
    id: 'Laporan yang belum selesai kami batalkan. Silakan mulai lagi dari menu.',
    en: 'The unfinished report has been cancelled. Please start again from the menu.',
  },
  'status.list': {
    id: 'Anda memiliki {{count}} laporan yang masih berjalan. Pilih salah satu untuk melihat statusnya:',
    en: 'You have {{count}} report(s) in progress. Choose one to see its status:',
  },
  'status.joined': {
    id:
      'Laporan *{{ticket}}* sudah digabungkan dengan laporan *{{original_ticket}}* tentang masalah yang sama, dan kabar laporan itu juga kami kirimkan kepada Anda.\n' +
      '• Status *{{original_ticket}}*: *{{status}}*\n' +
      '{{#if agency}}• Ditangani oleh: {{agency}}\n{{/if}}' +
      '{{#if due}}• Ditanggapi paling lambat: {{due}}\n{{/if}}' +
      '{{#if last_update}}\nTindak lanjut terakhir:\n"{{last_update}}"\n{{/if}}',
    en:
      'Report *{{ticket}}* has been joined with report *{{original_ticket}}* about the same problem, and we send you that report\'s news too.\n' +
      '• Status of *{{original_ticket}}*: *{{status}}*\n' +
      '{{#if agency}}• Handled by: {{agency}}\n{{/if}}' +
      '{{#if due}}• Expected by: {{due}}\n{{/if}}' +
      '{{#if last_update}}\nLatest follow-up:\n"{{last_update}}"\n{{/if}}',
  },
  'status.none': {
    id: 'Saat ini tidak ada laporan Anda yang masih berjalan. Untuk laporan lama, ketik *cek* diikuti nomor tiketnya, mis. *cek ADU-2611-00042*.',
    en: 'You have no reports in progress right now. For an older report, type *cek* and its ticket number, e.g. *cek ADU-2611-00042*.',
  },
  // Appended to the ticket confirmation when an admin's edited `intake.received` leaves out
  // {{tracking_code}}: the citizen must always get the code, it is their only proof on the web tracker.
  'intake.tracking_code': {
    id: 'Kode lacak Anda: *{{tracking_code}}*. Simpan dan jangan bagikan kode ini kepada siapa pun: rincian laporan di halaman pelacakan hanya terbuka dengan nomor tiket dan kode ini.',
    en: 'Your tracking code: *{{tracking_code}}*. Keep it and do not share it with anyone: the report details on the tracking page open only with the ticket number and this code.',
  },
  'ui.menu.button': { id: 'Pilih menu', en: 'Menu' },
  'ui.menu.report': { id: 'Lapor pengaduan', en: 'Report a complaint' },
  'ui.menu.aspiration': { id: 'Aspirasi/Saran', en: 'Aspiration/Suggestion' },
  'ui.menu.info': { id: 'Minta informasi', en: 'Request information' },
  'ui.menu.status': { id: 'Cek status', en: 'Check status' },
  'ui.menu.help': { id: 'Bantuan', en: 'Help' },
  'ui.type.button': { id: 'Pilih jenis', en: 'Choose type' },
  'ui.type.pengaduan': { id: 'Pengaduan', en: 'Complaint' },
  'ui.type.aspirasi': { id: 'Aspirasi', en: 'Aspiration' },
  'ui.type.saran': { id: 'Saran', en: 'Suggestion' },
  'ui.type.informasi': { id: 'Permintaan informasi', en: 'Information request' },
  'ui.category.button': { id: 'Pilih kategori', en: 'Choose category' },
  'ui.category.more': { id: 'Kategori lain…', en: 'More categories…' },
  'ui.place.yes': { id: 'Ya, benar', en: 'Yes, correct' },
  'ui.place.no': { id: 'Bukan', en: 'No' },
  'ui.place.button': { id: 'Pilih lokasi', en: 'Choose place' },
  'ui.place.pin': { id: 'Titik lokasi {{lat}}, {{lng}}', en: 'Pinned location {{lat}}, {{lng}}' },
  'intake.pin_around': { id: 'Titik lokasi {{lat}}, {{lng}}, sekitar {{place}}', en: 'Pinned location {{lat}}, {{lng}}, around {{place}}' },
  'ui.media.skip': { id: 'Lewati', en: 'Skip' },
  'ui.media.done': { id: 'Selesai', en: 'Done' },
  'ui.confidential.yes': { id: 'Ya, rahasiakan', en: 'Yes, keep it secret' },
  'ui.confidential.no': { id: 'Tidak perlu', en: 'No need' },
  'ui.summary.send': { id: 'Kirim', en: 'Send' },
  'ui.summary.edit': { id: 'Ubah', en: 'Change' },
  'ui.summary.cancel': { id: 'Batal', en: 'Cancel' },
  'ui.edit.button': { id: 'Pilih bagian', en: 'Choose part' },
  'ui.edit.type': { id: 'Jenis', en: 'Type' },
  'ui.edit.category': { id: 'Kategori', en: 'Category' },
  'ui.edit.place': { id: 'Lokasi', en: 'Location' },
  'ui.edit.description': { id: 'Uraian', en: 'Description' },
  'ui.edit.media': { id: 'Lampiran', en: 'Attachments' },
  'ui.edit.confidential': { id: 'Kerahasiaan', en: 'Confidentiality' },
  'ui.status.button': { id: 'Lihat laporan', en: 'See reports' },
  ...APPOINTMENT_TEXTS,
};

/** Renders `key` in `locale` from the admins' templates, else the default above; throws TEMPLATE.MISSING otherwise. */
export function say(templates: readonly MessageTemplate[], key: string, locale: Locale, vars: Record<string, unknown> = {}): string {
  const own = templates.find((t) => t.key === key && t.locale === locale);
  const fallback = DEFAULT_TEXTS[key];
  const body = own?.body ?? fallback?.[locale] ?? pickTemplate([...templates], key, locale).body;
  return renderTemplate(body, vars).trim();
}
