// The Insights dashboard for the Bupati/Sekda, built only from Directus's
// built-in panels (metric, time-series, bar-chart). Panel option names follow
// the panel definitions in @directus/app 11.17 (e.g. metric: collection, field,
// function, filter; bar-chart: xAxis, xAxisDisplayField, yAxis, function).
import { OPEN_STATUSES } from './collections/reports.ts';
import { DEADLINE_STATUS_FILTER } from './overdue-filter.ts';

export const DASHBOARD_ID = '6b1f2a10-0000-4000-8000-00000000d001';

// The map: Insights has no map panel (checked against @directus/app 11.17: bar-chart,
// label, line-chart, list, meter, metric, metric-list, pie-chart, relational-variable,
// time-series, variable), so the bundle brings one (`kanal-aduan-map`). Directus's own
// map layout of the reports is the "Peta laporan" bookmark (presets.ts), where the
// database has PostGIS for the geometry field.

export type DashboardRow = { id: string; name: string; icon: string; note: string; color: string | null };
export type PanelRow = {
  id: string; dashboard: string; name: string; icon: string; color: string | null; show_header: boolean;
  note: string | null; type: string; position_x: number; position_y: number; width: number; height: number;
  options: Record<string, unknown>;
};

export const DASHBOARDS: DashboardRow[] = [
  { id: DASHBOARD_ID, name: 'Dasbor Pimpinan', icon: 'insights', note: 'Ringkasan laporan warga untuk Bupati dan Sekda.', color: null },
];

const open = { status: { _in: [...OPEN_STATUSES] } };
// The scan's flag, and only where core's stage rule runs a clock (a report that left such a
// status drops out at once, before the next scan clears its flag).
const OVERDUE_OPEN = { _and: [{ overdue: { _eq: true } }, DEADLINE_STATUS_FILTER] };
const panelId = (n: number) => `6b1f2a10-0000-4000-8000-00000000d${String(100 + n).padStart(3, '0')}`;
const base = { dashboard: DASHBOARD_ID, color: null, show_header: true };

/**
 * Grid layout (Directus insights grid, x/y in cells):
 *   y 1-6    four metrics in a row (x 1, 13, 25, 37; 12 wide)
 *   y 7-18   reports per day (x 1, 36 wide) + average satisfaction (x 37)
 *   y 19-32  by category (x 1) and by kecamatan (x 25), 24 wide each
 *   y 33-52  the ranking panels (type `kanal-aduan-ranking`, the bundle's
 *            panel entry): OPD (x 1) and Camat (x 25), 24 wide each, in
 *            RANKING_PANEL_SLOT. applySchema never touches panels whose id it
 *            does not own, so panels an admin adds survive re-applies.
 *   y 53-66  the overdue list (x 1, 48 wide)
 *   y 67-90  the report map (type `kanal-aduan-map`, the bundle's panel: the
 *            public map page framed, so it shows no more than the public sees)
 */
export const RANKING_PANEL_SLOT = { position_x: 1, position_y: 33, width: 48, height: 20 } as const;

/** Panels of earlier versions, deleted by the next apply (see "Laporan per kecamatan" below). */
export const RETIRED_PANEL_IDS: string[] = [panelId(7)];

export const PANELS: PanelRow[] = [
  {
    ...base, id: panelId(1), name: 'Laporan terbuka', icon: 'inbox', note: 'Laporan yang belum selesai ditangani.', type: 'metric',
    position_x: 1, position_y: 1, width: 12, height: 6,
    options: { collection: 'complaints', field: 'id', function: 'count', filter: open, numberStyle: 'decimal', textAlign: 'center' },
  },
  {
    ...base, id: panelId(2), name: 'Lewat batas waktu', icon: 'alarm', note: 'Laporan terbuka yang melewati batas verifikasi, tanggapan atau penyelesaian (daftarnya di bawah).', type: 'metric',
    position_x: 13, position_y: 1, width: 12, height: 6,
    options: {
      collection: 'complaints', field: 'id', function: 'count',
      // The same reports as the "Laporan lewat batas" list: flagged by the SLA scan at every stage.
      filter: OVERDUE_OPEN,
      textAlign: 'center',
      conditionalFormatting: [{ operator: '>', value: 0, color: '#E35169' }],
    },
  },
  {
    ...base, id: panelId(3), name: 'Masuk minggu ini', icon: 'move_to_inbox', note: 'Laporan yang diterima 7 hari terakhir.', type: 'metric',
    position_x: 25, position_y: 1, width: 12, height: 6,
    options: { collection: 'complaints', field: 'id', function: 'count', filter: { received_at: { _gte: '$NOW(-7 days)' } }, textAlign: 'center' },
  },
  {
    ...base, id: panelId(4), name: 'Rata-rata kepuasan', icon: 'sentiment_satisfied', note: 'Nilai kepuasan pelapor (1–5).', type: 'metric',
    position_x: 37, position_y: 1, width: 12, height: 6,
    options: {
      collection: 'complaints', field: 'satisfaction', function: 'avg', filter: { satisfaction: { _nnull: true } },
      maximumFractionDigits: 1, minimumFractionDigits: 1, suffix: ' / 5', textAlign: 'center',
    },
  },
  {
    ...base, id: panelId(5), name: 'Laporan per hari', icon: 'show_chart', note: '30 hari terakhir.', type: 'time-series',
    position_x: 1, position_y: 7, width: 48, height: 12,
    options: {
      collection: 'complaints', function: 'count', precision: 'day', dateField: 'received_at', valueField: 'id',
      range: '1 month', missingData: 'zero', curveType: 'smooth', fillType: 'gradient', decimals: 0,
    },
  },
  {
    ...base, id: panelId(6), name: 'Laporan per kategori', icon: 'category', note: null, type: 'bar-chart',
    position_x: 1, position_y: 19, width: 24, height: 14,
    options: { collection: 'complaints', xAxis: 'category', xAxisDisplayField: 'name', yAxis: 'id', function: 'count', horizontal: true, decimals: 0 },
  },
  {
    // Grouped by the kecamatan stamped from the reporter's desa (18 bars, not 327 desa codes);
    // xAxisDisplayField makes the panel fetch regions.name, so the Bupati reads names, not codes.
    // Not panelId(7): Insights keys each query's result by a hash of panel id + query and
    // reads them back in object-key order; with id …d107 the regions query hashed to
    // all digits ("79123556"), which JavaScript orders before every other key, so the
    // chart got [regions, counts] swapped and drew no bars. …d111 hashes to "6d3acc11".
    ...base, id: panelId(11), name: 'Laporan per kecamatan', icon: 'map', note: 'Menurut kecamatan lokasi laporan (dari desa/kelurahan yang dipilih pelapor).', type: 'bar-chart',
    position_x: 25, position_y: 19, width: 24, height: 14,
    options: {
      collection: 'complaints', xAxis: 'kecamatan', xAxisDisplayField: 'name', yAxis: 'id', function: 'count', horizontal: true, decimals: 0,
      // No filter: Insights fetches every panel in one GraphQL query, where an M2O takes only the
      // related collection's filter; `{ kecamatan: { _nnull: true } }` failed validation and emptied every panel.
    },
  },
  ...rankingPanels(),
  {
    ...base, id: panelId(12), name: 'Peta laporan', icon: 'map', type: 'kanal-aduan-map',
    note: 'Laporan yang sudah diverifikasi, 3 bulan terakhir; laporan rahasia hanya di titik tengah desanya.',
    position_x: 1, position_y: 67, width: 48, height: 24,
    options: { periode: '3-bulan' },
  },
  // Below the ranking slot (y 53+): the overdue reports themselves, latest first, so the
  // Bupati sees which tickets make the "Lewat batas waktu" number. `overdue`, `days_late`
  // and `overdue_stage` are kept by the SLA scan (workflows/flows/reminders.json).
  {
    ...base, id: panelId(10), name: 'Laporan lewat batas', icon: 'alarm', note: 'Diurutkan dari yang paling lama terlambat (hari kerja).', type: 'list',
    position_x: 1, position_y: 53, width: 48, height: 14,
    options: {
      collection: 'complaints', limit: 20, sortField: 'days_late', sortDirection: 'desc', linkToItem: false,
      displayTemplate: '{{ticket}} · {{assigned_agency.short_name}} · {{overdue_stage}} · {{days_late}} hari kerja',
      filter: OVERDUE_OPEN,
    },
  },
];

/**
 * OPD and Camat ranking side by side in the reserved slot; options as the panel defines them.
 * 90 days (a triwulan): kecamatan offices get few reports, and 30 days leaves most of them
 * "data belum cukup"; the panel's options offer 7–365 days.
 */
function rankingPanels(): PanelRow[] {
  const half = RANKING_PANEL_SLOT.width / 2;
  const common = {
    ...base, type: 'kanal-aduan-ranking', icon: 'leaderboard',
    position_y: RANKING_PANEL_SLOT.position_y, width: half, height: RANKING_PANEL_SLOT.height,
  };
  return [
    {
      ...common, id: panelId(8), name: 'Peringkat OPD', position_x: RANKING_PANEL_SLOT.position_x,
      note: 'Skor 0–100 dari ketepatan waktu, penyelesaian, kecepatan, kepuasan dan laporan dibuka ulang; 90 hari terakhir (triwulan).',
      options: { level: 'opd', days: 90 },
    },
    {
      ...common, id: panelId(9), name: 'Peringkat Camat', position_x: RANKING_PANEL_SLOT.position_x + half,
      note: 'Laporan yang didisposisikan ke kantor kecamatan; 90 hari terakhir (triwulan).',
      options: { level: 'kecamatan', days: 90 },
    },
  ];
}
