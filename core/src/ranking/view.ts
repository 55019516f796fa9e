import type { Ranking, RankingRow } from './rank.ts';

/**
 * Who reads the ranking decides how much of it they see:
 * - `full`: pimpinan and admins, every component of every unit;
 * - `agency`: an OPD head or Camat — the whole order and scores (the ranking
 *   is public within the government), but components and statistics of their
 *   own unit only;
 * - `public`: the published summary: rank, unit, score, trend, volume.
 */
export type RankingViewer = { kind: 'full' } | { kind: 'agency'; agency: string | null } | { kind: 'public' };

export type RankingRowView = Omit<RankingRow, 'components' | 'stats'> & {
  components?: RankingRow['components'];
  stats?: RankingRow['stats'];
  /** Always shown: the volume a rank stands on. */
  counted: number;
  /** Whether components/stats are included for this row. */
  details: boolean;
};

export type RankingView = Omit<Ranking, 'ranked' | 'insufficient'> & { ranked: RankingRowView[]; insufficient: RankingRowView[] };

export function rankingView(r: Ranking, viewer: RankingViewer): RankingView {
  const show = (row: RankingRow) => viewer.kind === 'full' || (viewer.kind === 'agency' && viewer.agency !== null && row.unit.code === viewer.agency);
  const map = (row: RankingRow): RankingRowView => {
    const { components, stats, ...rest } = row;
    return show(row) ? { ...rest, components, stats, counted: stats.counted, details: true } : { ...rest, counted: stats.counted, details: false };
  };
  return { weights: r.weights, min_volume: r.min_volume, ranked: r.ranked.map(map), insufficient: r.insufficient.map(map) };
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '' : Math.round(x * 1000) / 10);
const num = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? '' : Math.round(x * 10 ** d) / 10 ** d);
const TREND = { up: 'naik', down: 'turun', flat: 'tetap' } as const;

/** Indonesian column headers of the ranking export (monthly evaluation meeting format). */
export const RANKING_EXPORT_HEADERS = [
  'Peringkat', 'Kode', 'Unit', 'Skor (0–100)', 'Skor periode sebelumnya', 'Perubahan', 'Tren',
  'Laporan didisposisi', 'Laporan dihitung', 'Dikembalikan (bukan wewenang, dalam tenggang)', 'Dikembalikan terlambat',
  'Ditanggapi tepat waktu (%)', 'Tuntas (%)', 'Median hari kerja ke tanggapan pertama', 'Median hari kerja ke penyelesaian',
  'Rata-rata kepuasan (1–5)', 'Jumlah penilaian', 'Dibuka ulang (%)', 'Lewat batas saat ini', 'Keterangan',
] as const;

/** One export row per unit: ranked units first, then "data belum cukup". */
export function rankingExportRows(view: RankingView): Array<Array<string | number>> {
  const row = (r: RankingRowView, note: string): Array<string | number> => {
    const s = r.stats;
    return [
      r.rank ?? '', r.unit.code, r.unit.name, r.score ?? '', r.previous_score ?? '', r.delta ?? '', r.trend ? TREND[r.trend] : '',
      s?.assigned ?? '', r.counted, s?.returned_in_grace ?? '', s?.returned_late ?? '',
      pct(s?.sla_rate), pct(s?.resolved_rate), num(s?.median_response_days), num(s?.median_resolution_days),
      num(s?.satisfaction_avg, 2), s?.rated ?? '', pct(s?.reopen_rate), s?.overdue_now ?? '', note,
    ];
  };
  return [
    ...view.ranked.map((r) => row(r, '')),
    ...view.insufficient.map((r) => row(r, `Data belum cukup (kurang dari ${view.min_volume} laporan)`)),
  ];
}
