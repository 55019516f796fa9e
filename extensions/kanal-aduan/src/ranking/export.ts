import { LEVEL_LABELS, RANKING_EXPORT_HEADERS, rankingExportRows, STATUS_ADMIN_LABELS, isStatus, type RankingLevel, type RankingView, type RankingWindow } from '@kanal-aduan/core';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { dialect, isSqlite } from './query.ts';

/** Headers of the month's report list (no reporter identity, ever). */
export const REPORT_EXPORT_HEADERS = [
  'Tiket', 'Diterima', 'Jenis', 'Kategori', 'Kecamatan', 'Desa/Kelurahan', 'Instansi penanggung jawab', 'Status', 'Alasan status',
  'Batas tanggapan', 'Tanggapan pertama', 'Selesai ditangani', 'Ditutup', 'Kepuasan (1–5)', 'Dibuka ulang',
] as const;

type Cell = string | number;

/** Local 'YYYY-MM-DD HH:mm' of a timestamp as either driver returns it (Date, ISO text or SQLite epoch ms). */
export function localStamp(v: unknown, timezone: string): string {
  if (v === null || v === undefined || v === '') return '';
  const d = v instanceof Date ? v : /^\d+$/.test(String(v)) ? new Date(Number(v)) : new Date(String(v));
  if (Number.isNaN(d.getTime())) return '';
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

/** Reports received in the window, ordered by ticket, with names instead of codes. */
export async function reportRows(knex: Knex, window: RankingWindow, timezone: string): Promise<Cell[][]> {
  const sqlite = isSqlite(knex);
  const D = dialect(knex);
  const rows: Array<Record<string, unknown>> = await knex('complaints as c')
    .leftJoin('categories as k', 'k.code', 'c.category')
    .leftJoin('regions as v', 'v.code', 'c.region')
    .leftJoin('regions as kec', function () {
      this.on('kec.code', '=', knex.raw(sqlite ? "substr(c.region, 1, 8)" : 'left(c.region, 8)'));
    })
    .leftJoin('agencies as g', 'g.code', 'c.assigned_agency')
    .whereRaw(`${D.tsCol('c.received_at')} >= ? AND ${D.tsCol('c.received_at')} < ?`, [D.ts(window.from), D.ts(window.to)])
    .orderBy('c.received_at')
    .orderBy('c.id')
    .select(
      'c.ticket', 'c.received_at', 'c.type', 'k.name as category', 'kec.name as kecamatan', 'v.name as village', 'v.level as village_level', 'g.name as agency',
      'c.status', 'c.status_reason', 'c.respond_due', 'c.first_response_at', 'c.resolved_at', 'c.closed_at', 'c.satisfaction', 'c.reopen_count',
    );
  return rows.map((r) => [
    String(r['ticket'] ?? ''),
    localStamp(r['received_at'], timezone),
    String(r['type'] ?? ''),
    String(r['category'] ?? ''),
    String(r['kecamatan'] ?? ''),
    r['village_level'] === 'kecamatan' ? '' : String(r['village'] ?? ''),
    String(r['agency'] ?? ''),
    isStatus(r['status']) ? STATUS_ADMIN_LABELS[r['status']].id : String(r['status'] ?? ''),
    String(r['status_reason'] ?? ''),
    localStamp(r['respond_due'], timezone),
    localStamp(r['first_response_at'], timezone),
    localStamp(r['resolved_at'], timezone),
    localStamp(r['closed_at'], timezone),
    r['satisfaction'] === null || r['satisfaction'] === undefined ? '' : Number(r['satisfaction']),
    Number(r['reopen_count'] ?? 0),
  ]);
}

/** RFC 4180 CSV with a UTF-8 BOM (so Excel opens "Kepuasan (1–5)" correctly) and CRLF line ends. */
export function toCsv(headers: readonly string[], rows: readonly Cell[][]): string {
  const cell = (v: Cell) => {
    const s = String(v);
    return /[",\r\n;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `\uFEFF${[headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export type ExportSheet = { name: string; title: string; headers: readonly string[]; rows: Cell[][] };

export function rankingSheet(level: RankingLevel, view: RankingView, title: string): ExportSheet {
  return { name: `Peringkat ${level === 'opd' ? 'OPD' : 'Camat'}`, title: `${title} — ${LEVEL_LABELS[level].id}`, headers: RANKING_EXPORT_HEADERS, rows: rankingExportRows(view) };
}

/** One workbook, one sheet per level plus the report list: title row, bold frozen header row, filters. */
export async function toXlsx(sheets: readonly ExportSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kanal Aduan';
  wb.created = new Date();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.addRow([s.title]).font = { bold: true, size: 13 };
    const head = ws.addRow([...s.headers]);
    head.font = { bold: true };
    head.alignment = { wrapText: true, vertical: 'top' };
    for (const r of s.rows) ws.addRow(r);
    ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: s.headers.length } };
    s.headers.forEach((h, i) => {
      ws.getColumn(i + 1).width = Math.min(40, Math.max(10, h.length > 24 ? 22 : h.length + 4));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
