import { OPEN_STATUSES } from '@kanal-aduan/schema/src/collections/reports.ts';
import { OVERDUE_FILTER } from '@kanal-aduan/schema/src/overdue-filter.ts';
import type { Knex } from 'knex';
import { rankingContext, readRankingSettings } from '../../ranking/service.ts';
import { rankingPayload } from '../routes/ranking.ts';
import { periodWindow } from '../pages/performance-view.ts';
import type { DirectusRequest, RouteContext } from '../context.ts';
import { schemaOf } from '../context.ts';
import { medianFirstResponse, resolveNow, type DashboardInput, type OverdueRow, type PimpinanQuery, type UpdateRow } from './view.ts';

type Items = { readByQuery(q: Record<string, unknown>): Promise<Array<Record<string, any>>>; readOne(id: string | number, q?: Record<string, unknown>): Promise<Record<string, any>> };
type ItemsCtor = new (collection: string, o: Record<string, unknown>) => Items;

/** How many overdue reports the list shows (the count above it is the full number). */
export const OVERDUE_LIST_LIMIT = 50;

/**
 * Every figure of the page read as the signed-in user: Directus's ItemsService
 * with the request's accountability, so the user's policies apply to each
 * count and row exactly as they do to the REST API; the ranking through the
 * ranking route's own rankingPayload (its access check included). Reference
 * data the user does not see itself (timezone, the holiday calendar) comes
 * from the ranking's settings reader, as the ranking route's does.
 */
export function dashboardReader(ctx: RouteContext) {
  const knex = ctx.database as Knex;
  return async (req: DirectusRequest, query: PimpinanQuery, base: string): Promise<DashboardInput> => {
    const schema = await schemaOf(req, ctx);
    const Items = ctx.services.ItemsService as unknown as ItemsCtor;
    const as = (collection: string) => new Items(collection, { knex, schema, accountability: req.accountability });
    const settings = await readRankingSettings(knex);
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const window = periodWindow(query.periode, now, settings.timezone);
    const place = query.kecamatan ? [{ kecamatan: { _eq: query.kecamatan } }] : [];
    // One operator per condition: ItemsService (unlike REST's query parser) reads only the first
    // operator of `{ _gte, _lte }`, and the window's end would be dropped.
    const inWindow = { _and: [{ received_at: { _gte: window.from.toISOString() } }, { received_at: { _lte: window.to.toISOString() } }] };
    // The real instant, not the minute: a report turns late at its due second, as REST's $NOW sees it.
    const overdueFilter = { _and: [resolveNow(OVERDUE_FILTER, new Date()), ...place] };
    const complaints = as('complaints');
    const count = async (filter: Record<string, unknown>) => {
      const [row] = await complaints.readByQuery({ aggregate: { count: ['id'] }, filter });
      return Number(row?.['count']?.['id'] ?? row?.['count'] ?? 0);
    };
    const [received, open, overdueTotal, responses, overdueRows, kecamatan, opd, camat, { calendar }] = await Promise.all([
      count({ _and: [inWindow, ...place] }),
      count({ _and: [{ status: { _in: [...OPEN_STATUSES] } }, ...place] }),
      count(overdueFilter),
      complaints.readByQuery({
        filter: { _and: [inWindow, { status: { _neq: 'rejected' } }, { first_response_at: { _nnull: true } }, ...place] },
        fields: ['received_at', 'first_response_at'],
        limit: -1,
      }),
      complaints.readByQuery({
        filter: overdueFilter,
        fields: ['id', 'ticket', 'title', 'status', 'verify_due', 'respond_due', 'resolve_due', 'first_response_at', 'days_late', 'reporters_count', 'assigned_agency.short_name', 'assigned_agency.name', 'kecamatan.name'],
        sort: ['-days_late', '-reporters_count', 'resolve_due', 'id'],
        limit: OVERDUE_LIST_LIMIT,
      }),
      as('regions').readByQuery({ filter: { level: { _eq: 'kecamatan' } }, fields: ['code', 'name'], sort: ['name'], limit: -1 }),
      rankingPayload(knex, req.accountability, { level: 'opd', days: String(window.days) }),
      rankingPayload(knex, req.accountability, { level: 'kecamatan', days: String(window.days) }),
      rankingContext(knex, settings),
    ]);
    const median = medianFirstResponse(responses as Array<{ received_at?: string; first_response_at?: string }>, calendar);
    return {
      locale: query.lang,
      timezone: settings.timezone,
      now,
      base,
      query,
      window,
      kecamatanOptions: kecamatan.map((k) => ({ code: String(k['code']), name: String(k['name']) })),
      headline: { received, open, overdue: overdueTotal, medianFirstResponse: median.median, responded: median.responded },
      ranking: { opd, kecamatan: camat },
      overdue: { rows: overdueRows as OverdueRow[], total: overdueTotal },
    };
  };
}

/** One report and its history, read as the user (their policies decide which rows and fields). */
export function timelineReader(ctx: RouteContext) {
  const knex = ctx.database as Knex;
  return async (req: DirectusRequest, id: number) => {
    const schema = await schemaOf(req, ctx);
    const Items = ctx.services.ItemsService as unknown as ItemsCtor;
    const as = (collection: string) => new Items(collection, { knex, schema, accountability: req.accountability });
    const [complaint] = await as('complaints').readByQuery({ filter: { id: { _eq: id } }, fields: ['id', 'ticket', 'title', 'status', 'received_at'], limit: 1 });
    if (!complaint) return null;
    const updates = await as('complaint_updates').readByQuery({
      filter: { complaint: { _eq: id } },
      fields: ['id', 'kind', 'status_from', 'status_to', 'body', 'date_created', 'agency.short_name', 'agency.name'],
      sort: ['date_created', 'id'],
      limit: 200,
    });
    const settings = await readRankingSettings(knex);
    return { complaint: complaint as { ticket: string; title?: string | null; status: UpdateRow['status_to'] & string; received_at?: string | null }, updates: updates as UpdateRow[], timezone: settings.timezone };
  };
}
