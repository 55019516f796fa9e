import { findTicket, PUBLIC_UPDATE_KINDS, trackingCodeMatches } from '@kanal-aduan/core';
import { KanalInvalidPathError, KanalNotFoundError, KanalRateLimitError } from '../shared/errors.ts';
import { schemaOf, type DirectusRequest, type RouteContext } from './context.ts';
import { clientAddress, codeBudget, trackBudget, trackLimitsFromEnv, type SharedStore, type TrackBudget } from './track-limiter.ts';
import { kecamatanCode, PublicFollowUp, TrackedComplaint, TimelineFollowUp, TimelinePhoto } from './tracking-view.ts';

// Whitelist of what the tracker reads; reporter and internal fields are never selected.
// `tracking_code` is read only to compare it, never answered.
export const COMPLAINT_FIELDS = [
  'id', 'ticket', 'type', 'title', 'description', 'address', 'latitude', 'longitude', 'confidential', 'status',
  'category.name', 'category.name_en', 'region.code', 'region.name', 'region.level',
  'assigned_agency.name', 'assigned_agency.short_name', 'assigned_agency.kind',
  'received_at', 'verified_at', 'dispositioned_at', 'first_response_at', 'resolved_at', 'closed_at', 'tracking_code',
  // A report joined into another ("Gabungkan") names the one it follows: only its ticket and status, which anyone may look up.
  'status_reason', 'duplicate_of.ticket', 'duplicate_of.status',
];

/** How many public follow-ups the tracking page lists (newest first). */
export const TIMELINE_LIMIT = 30;

export type TrackBudgets = { address: TrackBudget; code: TrackBudget; missCost: number };

/** The request parts the tracker reads (Express's, loosely typed so tests can pass plain objects). */
export type TrackReq = { params?: unknown; query?: unknown; body?: unknown; ip?: string; socket?: { remoteAddress?: string }; app?: { get?: (s: string) => unknown } };
export type TrackRes = { set?: (h: string, v: string) => unknown };

type Items = { readByQuery(q: Record<string, unknown>): Promise<Array<Record<string, unknown>>> };
export type TrackFound = { complaint: TrackedComplaint; proven: boolean; items: (collection: string) => Items };

const budgetsByContext = new WeakMap<object, TrackBudgets>();

/**
 * One set of budgets per endpoint context: the JSON tracker and the tracking
 * page spend the same per-address and per-ticket budgets, so switching between
 * them gives a script no second allowance.
 */
export function sharedTrackBudgets(ctx: RouteContext): TrackBudgets {
  const known = budgetsByContext.get(ctx);
  if (known) return known;
  const limits = trackLimitsFromEnv(process.env);
  // Budgets shared by every Directus instance on Postgres (track-limiter.ts).
  const store = ctx.database as SharedStore;
  const budgets = { address: trackBudget(limits, store, 'track'), code: codeBudget(limits, store), missCost: limits.missCost };
  budgetsByContext.set(ctx, budgets);
  return budgets;
}

/**
 * The tracker's rules, shared by `GET|POST /track/:ticket` (JSON) and the
 * public tracking page: the address budget, the ticket's shape, the per-ticket
 * budget of code tries, and the code comparison. A wrong code is not an error:
 * `proven` is false and callers show the status only.
 */
export function trackLookup(ctx: RouteContext, budgets: TrackBudgets) {
  const refuse = (res: TrackRes, wait: number, reason: string): never => {
    res.set?.('Retry-After', String(wait));
    throw new KanalRateLimitError({ reason });
  };
  const spend = async (req: TrackReq, res: TrackRes, cost: number) => {
    const wait = await budgets.address.take(clientAddress(req), cost);
    if (wait !== null) refuse(res, wait, `Terlalu banyak permintaan cek laporan dari alamat Anda. Silakan coba lagi dalam ${wait} detik.`);
  };

  async function find(req: TrackReq, res: TrackRes, rawTicket: unknown, code: string | null): Promise<TrackFound> {
    await spend(req, res, 1);
    const given = typeof rawTicket === 'string' && rawTicket.length <= 40 ? rawTicket : '';
    // The whole value must be a ticket (any case), not merely contain one.
    const ticket = given ? findTicket(given) : null;
    if (!ticket || ticket !== given.trim().toUpperCase()) {
      throw new KanalInvalidPathError({ reason: 'Format nomor tiket tidak dikenali. Contoh yang benar: ADU-2611-00042.' });
    }

    const schema = await schemaOf(req as unknown as DirectusRequest, ctx);
    const items = (collection: string): Items => new ctx.services.ItemsService(collection, { knex: ctx.database, schema }) as unknown as Items;

    const rows = await items('complaints').readByQuery({ filter: { ticket: { _eq: ticket } }, fields: COMPLAINT_FIELDS, limit: 1 });
    if (rows.length === 0) {
      await spend(req, res, budgets.missCost);
      throw new KanalNotFoundError({
        reason: `Laporan dengan nomor tiket ${ticket} tidak ditemukan. Periksa kembali nomor tiket Anda.`,
      });
    }
    const row = rows[0]!;
    const complaint = TrackedComplaint.parse(row);

    let proven = false;
    if (code) {
      // Counted per ticket before comparing, so a script rotating addresses gets a handful of tries
      // per window, and the refusal says nothing about whether a try was right.
      const wait = await budgets.code.take(ticket, 1);
      if (wait !== null) {
        refuse(res, wait, `Terlalu banyak percobaan kode lacak untuk laporan ${ticket}. Silakan coba lagi dalam ${Math.ceil(wait / 60)} menit.`);
      }
      proven = trackingCodeMatches(typeof row['tracking_code'] === 'string' ? row['tracking_code'] : null, code);
    }
    return { complaint, proven, items };
  }

  /** The name of the report's kecamatan (its own region, or the one above a desa/kelurahan). */
  async function kecamatanOf(found: TrackFound): Promise<string | null> {
    const region = found.complaint.region;
    if (region?.level === 'kecamatan') return region.name ?? null;
    const kecCode = kecamatanCode(region?.code);
    if (!kecCode) return null;
    const regions = await found.items('regions').readByQuery({ filter: { code: { _eq: kecCode } }, fields: ['name'], limit: 1 });
    return (regions[0]?.['name'] as string | undefined) ?? null;
  }

  async function lastFollowUp(found: TrackFound): Promise<PublicFollowUp | null> {
    const updates = await found.items('complaint_updates').readByQuery({
      filter: { complaint: { _eq: found.complaint.id }, kind: { _in: [...PUBLIC_UPDATE_KINDS] }, public: { _eq: true } },
      fields: ['body', 'date_created'],
      sort: ['-date_created', '-id'],
      limit: 1,
    });
    return updates[0] ? PublicFollowUp.parse(updates[0]) : null;
  }

  /**
   * The public follow-ups (newest first) and the photos on them. Only what
   * officers sent to the citizen; the view (tracking-view.ts) keeps only
   * cleaned images of those follow-ups.
   */
  async function timeline(found: TrackFound): Promise<{ followUps: TimelineFollowUp[]; photos: TimelinePhoto[] }> {
    const rows = await found.items('complaint_updates').readByQuery({
      filter: { complaint: { _eq: found.complaint.id }, kind: { _in: [...PUBLIC_UPDATE_KINDS] }, public: { _eq: true } },
      fields: ['id', 'kind', 'body', 'date_created', 'agency.name'],
      sort: ['-date_created', '-id'],
      limit: TIMELINE_LIMIT,
    });
    const followUps = rows.map((r) => TimelineFollowUp.parse(r));
    if (followUps.length === 0) return { followUps, photos: [] };
    const media = await found.items('complaint_media').readByQuery({
      filter: { complaint: { _eq: found.complaint.id }, update: { _in: followUps.map((u) => u.id) }, kind: { _eq: 'image' }, file: { _nnull: true } },
      fields: ['id', 'update', 'caption', 'file.id', 'file.type', 'file.metadata_cleaned'],
      sort: ['id'],
      limit: 100,
    });
    return { followUps, photos: media.map((m) => TimelinePhoto.parse(m)) };
  }

  return { find, kecamatanOf, lastFollowUp, timeline, spend };
}
export type TrackLookup = ReturnType<typeof trackLookup>;
