// The ranking's fast path keeps its own tables (extensions/kanal-aduan
// src/ranking/pre-aggregate.ts): per-day tallies, dirty marks written by
// database triggers, the previous window's snapshots. They are a cache the
// bundle derives from `assignments` and `complaints`, not data anyone edits,
// so they are not Directus collections:
// - registering them is not possible as they are: Directus needs a one-column
//   primary key and ranking_daily / ranking_snapshot_days have composite ones;
//   a surrogate id would only make every refresh slower and offer a cache to
//   the API, the permission system and the admins' forms;
// - Directus lists tables it does not manage in the Data Model, so they are
//   named in DB_EXCLUDE_TABLES (scripts/stack, docker-compose.yml): Directus
//   then neither shows nor serves them, and `schema/snapshot.json` never sees them;
// - the apply step creates them (and the triggers) through the bundle's
//   POST /kanal-aduan/ranking/prepare once the collections exist, so a fresh
//   install has them before the first dashboard view.
import { createClient, type Client, type ClientOptions } from './directus-client.ts';

export const RANKING_TABLES = ['ranking_daily', 'ranking_dirty', 'ranking_meta', 'ranking_snapshots', 'ranking_snapshot_days'] as const;

/** The public tracker's shared rate-limit counts (the bundle's endpoint/track-limiter.ts), created on first use. */
export const TRACK_LIMITS_TABLE = 'kanal_track_limits';

/** Directus's DB_EXCLUDE_TABLES: its own default (PostGIS, SQL Server), the ranking's tables and the tracker's counts. */
export const DIRECTUS_EXCLUDED_TABLES = ['spatial_ref_sys', 'sysdiagrams', ...RANKING_TABLES, TRACK_LIMITS_TABLE].join(',');

export type PrepareResult = { created: boolean; rebuilt: boolean; days: number };

/** Creates the ranking's tables and triggers if missing and folds pending changes in (the bundle's endpoint). */
export async function prepareRankingTables(api: Client): Promise<PrepareResult> {
  return api.post<PrepareResult>('/kanal-aduan/ranking/prepare', {});
}

/** The same for a caller without a client (the bootstrap, after seeding: the first dashboard view then only reads). */
export async function prepareRanking(o: ClientOptions): Promise<PrepareResult> {
  return prepareRankingTables(createClient(o));
}
