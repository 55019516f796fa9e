/**
 * Hari libur nasional and cuti bersama, the days the SP4N-LAPOR working-day
 * clock skips (besides Saturday and Sunday).
 *
 * Sources:
 * - 2025: SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB
 *   No. 1017 Tahun 2024, No. 2 Tahun 2024, No. 2 Tahun 2024 (14 Oktober 2024);
 *   18 Agustus 2025 added as cuti bersama by the government's decision of
 *   August 2025 (perubahan SKB).
 * - 2026: SKB 3 Menteri No. 1497 Tahun 2025, No. 2 Tahun 2025, No. 5 Tahun 2025
 *   (September 2025).
 * - 2027: NOT YET DECREED when this file was written. Dates are projected from
 *   the Hijri/Chinese/Saka calendars and the usual cuti bersama pattern and are
 *   marked "(perkiraan)" in the name. Replace them with the SKB 3 Menteri for
 *   2027 as soon as it is published (usually September/October of the year
 *   before), and admins can edit them in Directus (collection `holidays`).
 *
 * Moving Islamic holidays follow the government's date; if the Sidang Isbat
 * moves Idul Fitri/Idul Adha by a day, admins adjust the row.
 */
export type HolidaySeed = { date: string; name: string; kind: 'national' | 'cuti_bersama' | 'regional' };

const PROJECTED = ' (perkiraan — cek SKB 3 Menteri 2027)';

export const HOLIDAYS: readonly HolidaySeed[] = [
  // 2025 — libur nasional
  { date: '2025-01-01', name: 'Tahun Baru 2025 Masehi', kind: 'national' },
  { date: '2025-01-27', name: 'Isra Mikraj Nabi Muhammad SAW', kind: 'national' },
  { date: '2025-01-29', name: 'Tahun Baru Imlek 2576 Kongzili', kind: 'national' },
  { date: '2025-03-29', name: 'Hari Suci Nyepi Tahun Baru Saka 1947', kind: 'national' },
  { date: '2025-03-31', name: 'Hari Raya Idul Fitri 1446 Hijriah', kind: 'national' },
  { date: '2025-04-01', name: 'Hari Raya Idul Fitri 1446 Hijriah', kind: 'national' },
  { date: '2025-04-18', name: 'Wafat Yesus Kristus', kind: 'national' },
  { date: '2025-04-20', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'national' },
  { date: '2025-05-01', name: 'Hari Buruh Internasional', kind: 'national' },
  { date: '2025-05-12', name: 'Hari Raya Waisak 2569 BE', kind: 'national' },
  { date: '2025-05-29', name: 'Kenaikan Yesus Kristus', kind: 'national' },
  { date: '2025-06-01', name: 'Hari Lahir Pancasila', kind: 'national' },
  { date: '2025-06-06', name: 'Hari Raya Idul Adha 1446 Hijriah', kind: 'national' },
  { date: '2025-06-27', name: 'Tahun Baru Islam 1447 Hijriah', kind: 'national' },
  { date: '2025-08-17', name: 'Hari Kemerdekaan Republik Indonesia', kind: 'national' },
  { date: '2025-09-05', name: 'Maulid Nabi Muhammad SAW', kind: 'national' },
  { date: '2025-12-25', name: 'Hari Raya Natal', kind: 'national' },
  // 2025 — cuti bersama
  { date: '2025-01-28', name: 'Cuti bersama Tahun Baru Imlek 2576 Kongzili', kind: 'cuti_bersama' },
  { date: '2025-03-28', name: 'Cuti bersama Hari Suci Nyepi', kind: 'cuti_bersama' },
  { date: '2025-04-02', name: 'Cuti bersama Idul Fitri 1446 Hijriah', kind: 'cuti_bersama' },
  { date: '2025-04-03', name: 'Cuti bersama Idul Fitri 1446 Hijriah', kind: 'cuti_bersama' },
  { date: '2025-04-04', name: 'Cuti bersama Idul Fitri 1446 Hijriah', kind: 'cuti_bersama' },
  { date: '2025-04-07', name: 'Cuti bersama Idul Fitri 1446 Hijriah', kind: 'cuti_bersama' },
  { date: '2025-05-13', name: 'Cuti bersama Hari Raya Waisak', kind: 'cuti_bersama' },
  { date: '2025-05-30', name: 'Cuti bersama Kenaikan Yesus Kristus', kind: 'cuti_bersama' },
  { date: '2025-06-09', name: 'Cuti bersama Idul Adha 1446 Hijriah', kind: 'cuti_bersama' },
  { date: '2025-08-18', name: 'Cuti bersama HUT ke-80 Kemerdekaan RI', kind: 'cuti_bersama' },
  { date: '2025-12-26', name: 'Cuti bersama Hari Raya Natal', kind: 'cuti_bersama' },

  // 2026 — libur nasional
  { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'national' },
  { date: '2026-01-16', name: 'Isra Mikraj Nabi Muhammad SAW', kind: 'national' },
  { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili', kind: 'national' },
  { date: '2026-03-19', name: 'Hari Suci Nyepi Tahun Baru Saka 1948', kind: 'national' },
  { date: '2026-03-21', name: 'Hari Raya Idul Fitri 1447 Hijriah', kind: 'national' },
  { date: '2026-03-22', name: 'Hari Raya Idul Fitri 1447 Hijriah', kind: 'national' },
  { date: '2026-04-03', name: 'Wafat Yesus Kristus', kind: 'national' },
  { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'national' },
  { date: '2026-05-01', name: 'Hari Buruh Internasional', kind: 'national' },
  { date: '2026-05-14', name: 'Kenaikan Yesus Kristus', kind: 'national' },
  { date: '2026-05-27', name: 'Hari Raya Idul Adha 1447 Hijriah', kind: 'national' },
  { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE', kind: 'national' },
  { date: '2026-06-01', name: 'Hari Lahir Pancasila', kind: 'national' },
  { date: '2026-06-16', name: 'Tahun Baru Islam 1448 Hijriah', kind: 'national' },
  { date: '2026-08-17', name: 'Hari Kemerdekaan Republik Indonesia', kind: 'national' },
  { date: '2026-08-25', name: 'Maulid Nabi Muhammad SAW', kind: 'national' },
  { date: '2026-12-25', name: 'Hari Raya Natal', kind: 'national' },
  // 2026 — cuti bersama
  { date: '2026-02-16', name: 'Cuti bersama Tahun Baru Imlek 2577 Kongzili', kind: 'cuti_bersama' },
  { date: '2026-03-18', name: 'Cuti bersama Hari Suci Nyepi', kind: 'cuti_bersama' },
  { date: '2026-03-20', name: 'Cuti bersama Idul Fitri 1447 Hijriah', kind: 'cuti_bersama' },
  { date: '2026-03-23', name: 'Cuti bersama Idul Fitri 1447 Hijriah', kind: 'cuti_bersama' },
  { date: '2026-03-24', name: 'Cuti bersama Idul Fitri 1447 Hijriah', kind: 'cuti_bersama' },
  { date: '2026-05-15', name: 'Cuti bersama Kenaikan Yesus Kristus', kind: 'cuti_bersama' },
  { date: '2026-05-28', name: 'Cuti bersama Idul Adha 1447 Hijriah', kind: 'cuti_bersama' },
  { date: '2026-12-24', name: 'Cuti bersama Hari Raya Natal', kind: 'cuti_bersama' },

  // 2027 — projected (see header): every name carries "(perkiraan …)".
  { date: '2027-01-01', name: `Tahun Baru 2027 Masehi${PROJECTED}`, kind: 'national' },
  { date: '2027-01-05', name: `Isra Mikraj Nabi Muhammad SAW${PROJECTED}`, kind: 'national' },
  { date: '2027-02-06', name: `Tahun Baru Imlek 2578 Kongzili${PROJECTED}`, kind: 'national' },
  { date: '2027-03-08', name: `Hari Suci Nyepi Tahun Baru Saka 1949${PROJECTED}`, kind: 'national' },
  { date: '2027-03-10', name: `Hari Raya Idul Fitri 1448 Hijriah${PROJECTED}`, kind: 'national' },
  { date: '2027-03-11', name: `Hari Raya Idul Fitri 1448 Hijriah${PROJECTED}`, kind: 'national' },
  { date: '2027-03-26', name: `Wafat Yesus Kristus${PROJECTED}`, kind: 'national' },
  { date: '2027-03-28', name: `Kebangkitan Yesus Kristus (Paskah)${PROJECTED}`, kind: 'national' },
  { date: '2027-05-01', name: `Hari Buruh Internasional${PROJECTED}`, kind: 'national' },
  { date: '2027-05-06', name: `Kenaikan Yesus Kristus${PROJECTED}`, kind: 'national' },
  { date: '2027-05-17', name: `Hari Raya Idul Adha 1448 Hijriah${PROJECTED}`, kind: 'national' },
  { date: '2027-05-20', name: `Hari Raya Waisak 2571 BE${PROJECTED}`, kind: 'national' },
  { date: '2027-06-01', name: `Hari Lahir Pancasila${PROJECTED}`, kind: 'national' },
  { date: '2027-06-06', name: `Tahun Baru Islam 1449 Hijriah${PROJECTED}`, kind: 'national' },
  { date: '2027-08-15', name: `Maulid Nabi Muhammad SAW${PROJECTED}`, kind: 'national' },
  { date: '2027-08-17', name: `Hari Kemerdekaan Republik Indonesia${PROJECTED}`, kind: 'national' },
  { date: '2027-12-25', name: `Hari Raya Natal${PROJECTED}`, kind: 'national' },
  { date: '2027-03-09', name: `Cuti bersama Idul Fitri 1448 Hijriah${PROJECTED}`, kind: 'cuti_bersama' },
  { date: '2027-03-12', name: `Cuti bersama Idul Fitri 1448 Hijriah${PROJECTED}`, kind: 'cuti_bersama' },
  { date: '2027-03-15', name: `Cuti bersama Idul Fitri 1448 Hijriah${PROJECTED}`, kind: 'cuti_bersama' },
  { date: '2027-05-07', name: `Cuti bersama Kenaikan Yesus Kristus${PROJECTED}`, kind: 'cuti_bersama' },
  { date: '2027-12-24', name: `Cuti bersama Hari Raya Natal${PROJECTED}`, kind: 'cuti_bersama' },
];
