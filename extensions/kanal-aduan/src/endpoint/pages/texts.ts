import type { Locale } from '../tracking-view.ts';

/** Every word the public pages show, Indonesian first. Citizens' and officers' text never goes here. */
const ID = {
  service: 'Kanal Aduan',
  nav_track: 'Lacak laporan',
  nav_performance: 'Kinerja layanan',
  other_language: 'English',
  track_title: 'Lacak laporan',
  track_intro: 'Masukkan nomor tiket dan kode lacak yang Anda terima lewat WhatsApp saat melapor.',
  ticket: 'Nomor tiket',
  ticket_hint: 'Contoh: ADU-2611-00042',
  code: 'Kode lacak',
  code_hint: '8 huruf/angka dari pesan WhatsApp. Tanpa kode, hanya status yang ditampilkan.',
  submit: 'Lacak',
  status: 'Status',
  office: 'Ditangani oleh',
  category: 'Kategori',
  kecamatan: 'Kecamatan',
  report: 'Laporan',
  address: 'Lokasi',
  timeline: 'Perjalanan laporan',
  no_timeline: 'Belum ada tindak lanjut.',
  status_only: 'Hanya status yang ditampilkan. Rincian laporan hanya terbuka dengan kode lacak yang benar, dan tidak ditampilkan untuk laporan yang dirahasiakan.',
  track_again: 'Lacak laporan lain',
  error_title: 'Tidak dapat menampilkan laporan',
  perf_title: 'Kinerja layanan pengaduan',
  perf_intro: 'Angka gabungan dari semua laporan yang diterima pada periode ini, tidak termasuk laporan yang ditolak (spam, ganda, di luar kewenangan). Tidak ada laporan perorangan yang ditampilkan.',
  period: 'Periode',
  period_month: 'Bulan ini',
  period_quarter: '3 bulan terakhir',
  period_year: 'Tahun ini',
  reports: 'Laporan masuk',
  fixed: 'Selesai',
  median_response: 'Median waktu sampai tanggapan pertama',
  median_resolution: 'Median waktu sampai selesai',
  days_unit: 'hari kerja',
  days_note: 'Dihitung dalam hari kerja (Senin–Jumat, di luar hari libur nasional dan cuti bersama) sejak laporan diterima; 0 berarti pada hari yang sama.',
  satisfaction: 'Kepuasan pelapor',
  satisfaction_of: 'dari 5, berdasarkan {n} penilaian',
  no_data: 'Belum ada data.',
  by_category: 'Menurut kategori',
  by_kecamatan: 'Menurut kecamatan',
  no_category: 'Tanpa kategori',
  no_kecamatan: 'Kecamatan belum diketahui',
  ranking: 'Peringkat OPD',
  ranking_note: 'Skor 0–100 dari ketepatan tanggapan, penyelesaian, waktu, kepuasan dan laporan yang dibuka ulang. Unit dengan laporan kurang dari {n} belum diberi peringkat.',
  rank: 'No.',
  unit: 'Instansi',
  score: 'Skor',
  counted: 'Laporan',
  insufficient: 'Data belum cukup',
  updated: 'Diperbarui',
  footer: 'Identitas pelapor selalu dirahasiakan.',
} as const;

type Texts = Record<keyof typeof ID, string>;

const EN: Texts = {
  service: 'Kanal Aduan',
  nav_track: 'Track a report',
  nav_performance: 'Service performance',
  other_language: 'Bahasa Indonesia',
  track_title: 'Track a report',
  track_intro: 'Enter the ticket number and the tracking code you received on WhatsApp when you reported.',
  ticket: 'Ticket number',
  ticket_hint: 'Example: ADU-2611-00042',
  code: 'Tracking code',
  code_hint: '8 letters/digits from the WhatsApp message. Without the code only the status is shown.',
  submit: 'Track',
  status: 'Status',
  office: 'Handled by',
  category: 'Category',
  kecamatan: 'Sub-district',
  report: 'Report',
  address: 'Location',
  timeline: 'Report history',
  no_timeline: 'No follow-up yet.',
  status_only: 'Only the status is shown. The report details open only with the right tracking code, and are not shown for confidential reports.',
  track_again: 'Track another report',
  error_title: 'The report cannot be shown',
  perf_title: 'Complaint service performance',
  perf_intro: 'Combined figures over every report received in this period, excluding rejected ones (spam, duplicates, out of scope). No individual report is shown.',
  period: 'Period',
  period_month: 'This month',
  period_quarter: 'Last 3 months',
  period_year: 'This year',
  reports: 'Reports received',
  fixed: 'Resolved',
  median_response: 'Median time to first response',
  median_resolution: 'Median time to resolution',
  days_unit: 'working days',
  days_note: 'Counted in working days (Monday–Friday, excluding public holidays and collective leave) from when the report was received; 0 means the same day.',
  satisfaction: 'Reporter satisfaction',
  satisfaction_of: 'out of 5, from {n} ratings',
  no_data: 'No data yet.',
  by_category: 'By category',
  by_kecamatan: 'By sub-district',
  no_category: 'No category',
  no_kecamatan: 'Sub-district unknown',
  ranking: 'Agency ranking',
  ranking_note: 'Score 0–100 from timely response, resolution, time taken, satisfaction and reopened reports. Units with fewer than {n} reports are not ranked yet.',
  rank: 'No.',
  unit: 'Agency',
  score: 'Score',
  counted: 'Reports',
  insufficient: 'Not enough data',
  updated: 'Updated',
  footer: 'The reporter’s identity is always kept confidential.',
};

export function textsFor(locale: Locale): Texts {
  return locale === 'en' ? EN : ID;
}
export type { Texts };

/** Number in the locale's way (1.234,5 in Indonesian). */
export function formatNumber(n: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits }).format(n);
}

/** An instant as a local date and time in the service's zone (e.g. "3 Nov 2026, 09.00 WIB"). */
export function formatDateTime(iso: string | null, locale: Locale, timezone: string): string | null {
  if (!iso) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: timezone, timeZoneName: 'short' }).format(at);
}
