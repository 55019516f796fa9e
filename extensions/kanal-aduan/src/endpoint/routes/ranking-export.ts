import { rankingView } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { z } from 'zod';
import { rankingAccess } from '../../ranking/access.ts';
import { rankingSheet, REPORT_EXPORT_HEADERS, reportRows, toCsv, toXlsx, type ExportSheet } from '../../ranking/export.ts';
import { computeRanking, readRankingSettings, windowsFor } from '../../ranking/service.ts';
import { ForbiddenError, KanalInvalidPayloadError, toDirectusError } from '../../shared/errors.ts';
import type { DirectusRequest, RouteModule } from '../context.ts';

const ExportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  /** CSV has no sheets: pick one. */
  sheet: z.enum(['opd', 'kecamatan', 'laporan']).default('opd'),
  min_volume: z.coerce.number().int().min(1).max(100_000).optional(),
});

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/**
 * GET /kanal-aduan/ranking/export?month=YYYY-MM&format=xlsx|csv[&sheet=opd|kecamatan|laporan]
 * The monthly evaluation meeting's file: ranking of OPDs, ranking of Camats
 * and the month's report list (no reporter identity), Indonesian headers.
 * XLSX has one sheet each; CSV carries the sheet asked for. Pimpinan and admins only.
 */
export const rankingExportRoutes: RouteModule = (router, ctx) => {
  router.get('/ranking/export', async (req, res, next) => {
    try {
      const knex = ctx.database as Knex;
      const settings = await readRankingSettings(knex);
      const access = await rankingAccess((req as DirectusRequest).accountability, knex, settings.publicEnabled);
      if (!access.mayExport) throw new ForbiddenError({ reason: 'Unduhan peringkat hanya untuk pimpinan dan admin.' });
      const parsed = ExportQuery.safeParse(req.query);
      if (!parsed.success) {
        throw new KanalInvalidPayloadError({ reason: 'Parameter unduhan tidak valid: month = YYYY-MM, format = csv | xlsx, sheet = opd | kecamatan | laporan.', domain_code: 'RANKING.BAD_QUERY' });
      }
      const q = parsed.data;
      const [y, m] = q.month.split('-').map(Number) as [number, number];
      const title = `Evaluasi penanganan pengaduan — ${MONTHS[m - 1]} ${y}`;
      const window = { month: q.month };
      const sheetFor = async (key: 'opd' | 'kecamatan' | 'laporan'): Promise<ExportSheet> => {
        if (key === 'laporan') {
          const { current } = windowsFor(window, new Date(), settings.timezone);
          return { name: `Laporan ${MONTHS[m - 1]} ${y}`, title: `Daftar laporan diterima — ${MONTHS[m - 1]} ${y}`, headers: REPORT_EXPORT_HEADERS, rows: await reportRows(knex, current, settings.timezone) };
        }
        const r = await computeRanking(knex, { level: key, window, minVolume: q.min_volume }, settings);
        return rankingSheet(key, rankingView(r, access), title);
      };
      const base = `peringkat-${q.month}`;
      if (q.format === 'csv') {
        const sheet = await sheetFor(q.sheet);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="${base}-${q.sheet}.csv"`);
        res.send(toCsv(sheet.headers, sheet.rows));
        return;
      }
      const sheets = [await sheetFor('opd'), await sheetFor('kecamatan'), await sheetFor('laporan')];
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename="${base}.xlsx"`);
      res.send(await toXlsx(sheets));
    } catch (error) {
      next(toDirectusError(error));
    }
  });
};
