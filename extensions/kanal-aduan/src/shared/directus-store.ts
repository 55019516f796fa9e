import { makeCalendar, type JoinOriginal, type SlaPolicy, type Status, type WorkCalendar } from '@kanal-aduan/core';
import { BUILT_IN_SP4N, DEFAULT_TICKET_PREFIX, DEFAULT_TIMEZONE, FALLBACK_POLICY_CODE } from './defaults.ts';
import type { AssignmentRow, AssignmentStore, ComplaintSnapshot, ComplaintStore, DeskRow, HistoryStore, KanalSettings } from './store.ts';
import { nextTicketSeq, type CounterKnex } from './ticket-counter.ts';
import { parseLastTransition } from '../complaints/transition.ts';
import type { FileLinks, FollowUpLookup, MediaLinks } from '../complaints/handlers/media-filter.ts';

/**
 * Loose shapes of what Directus 11 passes in a hook/endpoint context
 * (node_modules/@directus/api/dist/extensions/manager.js: services, database,
 * getSchema, env, logger). Kept minimal so the adapter reads clearly.
 */
type ItemsServiceLike = {
  readOne(key: string | number, query?: Record<string, unknown>): Promise<Record<string, unknown>>;
  readMany(keys: ReadonlyArray<string | number>, query?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  readByQuery(query: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  readSingleton(query: Record<string, unknown>): Promise<Record<string, unknown>>;
  createOne(data: Record<string, unknown>): Promise<string | number>;
  updateOne(key: string | number, data: Record<string, unknown>): Promise<string | number>;
};
export type DirectusServices = {
  ItemsService: new (collection: string, options: { knex: unknown; schema: unknown; accountability?: unknown }) => ItemsServiceLike;
  /** api/dist/services/utils.js: clearCache({system}) empties the data cache (admin only). */
  UtilsService?: new (options: { knex: unknown; schema: unknown; accountability?: unknown }) => { clearCache(o: { system: boolean }): Promise<unknown> };
};
export type SchemaLike = { collections: Record<string, unknown> };

export type StoreDeps = {
  services: DirectusServices;
  /** The knex of the hook event: the create transaction inside the create filter (SQLite has one connection). */
  database: unknown;
  schema: SchemaLike;
  env: Record<string, string | undefined>;
};

/** Reads and writes with full rights (no accountability): the caller's rights were checked by Directus and by our guard. */
export function directusStore(deps: StoreDeps): ComplaintStore & HistoryStore & AssignmentStore & FollowUpLookup & MediaLinks & FileLinks {
  const items = (collection: string) => new deps.services.ItemsService(collection, { knex: deps.database, schema: deps.schema });
  const has = (collection: string) => collection in deps.schema.collections;
  // A database the schema apply has not brought up to date yet lacks the newest fields: read those that exist.
  const fieldsOf = (collection: string) => ((deps.schema.collections[collection] as { fields?: Record<string, unknown> } | undefined)?.fields ?? {});

  const readPolicy = async (code: string): Promise<SlaPolicy | null> => {
    if (!has('sla_policies')) return null;
    const rows = await items('sla_policies').readByQuery({ filter: { code: { _eq: code } }, limit: 1 });
    return (rows[0] as SlaPolicy | undefined) ?? null;
  };

  const store: ComplaintStore & HistoryStore & AssignmentStore & FollowUpLookup & MediaLinks & FileLinks = {
    async settings(): Promise<KanalSettings> {
      const fallbackTz = deps.env['KANAL_TIMEZONE'] || DEFAULT_TIMEZONE;
      if (!has('settings')) return { ticketPrefix: DEFAULT_TICKET_PREFIX, timezone: fallbackTz };
      const row = await items('settings').readSingleton({ fields: ['ticket_prefix', 'timezone'] });
      return {
        ticketPrefix: (row['ticket_prefix'] as string | null) || DEFAULT_TICKET_PREFIX,
        timezone: (row['timezone'] as string | null) || fallbackTz,
      };
    },

    nextTicketSeq(period: string) {
      return nextTicketSeq(deps.database as CounterKnex, period);
    },

    async slaPolicy(category: string | null): Promise<SlaPolicy> {
      if (category && has('categories')) {
        const rows = await items('categories').readByQuery({ filter: { code: { _eq: category } }, fields: ['sla_policy'], limit: 1 });
        const code = rows[0]?.['sla_policy'];
        if (typeof code === 'string' && code) {
          const policy = await readPolicy(code);
          if (policy) return policy;
        }
      }
      return (await readPolicy(FALLBACK_POLICY_CODE)) ?? BUILT_IN_SP4N;
    },

    async calendar(timezone: string, from: Date): Promise<WorkCalendar> {
      if (!has('holidays')) return makeCalendar(timezone, []);
      // Read all and filter here: the table holds a few dozen days a year, and
      // `date` may be a Directus date or string field (string has no _gte).
      // A day of margin covers every UTC offset of Indonesia's zones.
      const since = new Date(from.getTime() - 86_400_000).toISOString().slice(0, 10);
      const rows = (await items('holidays').readByQuery({ fields: ['date'], limit: -1 })).filter((r) => String(r['date']).slice(0, 10) >= since);
      return makeCalendar(timezone, rows.map((r) => String(r['date']).slice(0, 10)));
    },

    async complaints(keys): Promise<ComplaintSnapshot[]> {
      const rows = await items('complaints').readMany(keys, {
        fields: [
          'id', 'ticket', 'status', 'category', 'assigned_agency', 'suggested_agency', 'verified_at', 'first_response_at', 'reopen_count', 'last_transition', 'pending_transition',
          ...['status_reason', 'duplicate_of', 'duplicate_suggestion', 'desk'].filter((f) => f in fieldsOf('complaints')),
        ],
        limit: -1,
      });
      return rows.map((r) => ({
        id: r['id'] as string | number,
        ticket: (r['ticket'] as string | null) ?? null,
        status: r['status'] as Status,
        category: (r['category'] as string | null) ?? null,
        assigned_agency: (r['assigned_agency'] as string | null) ?? null,
        suggested_agency: (r['suggested_agency'] as string | null) ?? null,
        verified_at: (r['verified_at'] as string | null) ?? null,
        first_response_at: (r['first_response_at'] as string | null) ?? null,
        reopen_count: r['reopen_count'] === null || r['reopen_count'] === undefined ? null : Number(r['reopen_count']),
        last_transition: parseLastTransition(r['last_transition']),
        pending_transition: (r['pending_transition'] as string | null | undefined) ?? null,
        status_reason: (r['status_reason'] as string | null | undefined) ?? null,
        duplicate_of: (r['duplicate_of'] as string | number | null | undefined) ?? null,
        duplicate_suggestion: (r['duplicate_suggestion'] as string | number | null | undefined) ?? null,
        desk: (r['desk'] as string | null | undefined) ?? null,
      }));
    },

    async joinOriginal(id: string | number): Promise<JoinOriginal | null> {
      const [r] = await items('complaints').readMany([id], { fields: ['id', 'ticket', 'status', 'status_reason', 'duplicate_of.ticket'] });
      if (!r) return null;
      const up = r['duplicate_of'] as { ticket?: string | null } | null | undefined;
      return {
        id: r['id'] as string | number,
        ticket: (r['ticket'] as string | null) ?? null,
        status: r['status'] as Status,
        status_reason: (r['status_reason'] as string | null | undefined) ?? null,
        duplicate_of_ticket: up?.ticket ?? null,
      };
    },

    async desks(): Promise<DeskRow[]> {
      if (!has('desks')) return [];
      const rows = await items('desks').readByQuery({ fields: ['code', 'name', 'active', 'is_default'], limit: -1 });
      return rows.map((r) => ({ code: String(r['code']), name: String(r['name'] ?? r['code']), active: r['active'] === true, is_default: r['is_default'] === true }));
    },

    async userDesk(userId: string): Promise<string | null> {
      if (!('desk' in fieldsOf('directus_users'))) return null;
      const user = await items('directus_users').readOne(userId, { fields: ['desk'] });
      const desk = user['desk'];
      return typeof desk === 'string' && desk ? desk : null;
    },

    async userAgency(userId: string): Promise<string | null> {
      const user = await items('directus_users').readOne(userId, { fields: ['agency'] });
      const agency = user['agency'];
      return typeof agency === 'string' && agency ? agency : null;
    },

    async createUpdate(row) {
      await items('complaint_updates').createOne(row);
    },

    async complaintSummary(id) {
      const rows = await items('complaints').readMany([id], { fields: ['ticket', 'status'] });
      const row = rows[0];
      return row ? { ticket: (row['ticket'] as string | null) ?? null, status: row['status'] as Status } : null;
    },

    async activeAssignment(complaint: string | number): Promise<AssignmentRow | null> {
      const rows = await items('assignments').readByQuery({
        filter: { complaint: { _eq: complaint }, active: { _eq: true } },
        fields: ['id', 'agency', 'assigned_at', 'accepted_at', 'first_response_at', 'active'],
        sort: ['-id'],
        limit: 1,
      });
      const r = rows[0];
      return r
        ? {
            id: r['id'] as string | number,
            agency: String(r['agency']),
            assigned_at: (r['assigned_at'] as string | null) ?? null,
            accepted_at: (r['accepted_at'] as string | null) ?? null,
            first_response_at: (r['first_response_at'] as string | null) ?? null,
            active: true,
          }
        : null;
    },

    async createAssignment(row: Parameters<AssignmentStore['createAssignment']>[0]) {
      await items('assignments').createOne(row);
    },

    async updateAssignment(id: string | number, patch: Record<string, unknown>) {
      await items('assignments').updateOne(id, patch);
    },

    async returnGrace(complaint: string | number, at: Date) {
      const rows = await items('complaints').readMany([complaint], { fields: ['category'] });
      const category = (rows[0]?.['category'] as string | null | undefined) ?? null;
      const policy = await store.slaPolicy(category);
      const { timezone } = await store.settings();
      // The assignment started before `at`: holidays since a month back cover any grace window.
      return { days: policy.return_grace_days ?? 1, calendar: await store.calendar(timezone, new Date(at.getTime() - 30 * 86_400_000)) };
    },

    async updateComplaint(update: string | number) {
      // Inside the create filter this is the follow-up's own transaction (nested create), so a new follow-up is found.
      const rows = await items('complaint_updates').readMany([update], { fields: ['complaint'] });
      const complaint = rows[0]?.['complaint'];
      return typeof complaint === 'string' || typeof complaint === 'number' ? complaint : null;
    },

    async mediaLinks(keys) {
      const rows = await items('complaint_media').readMany(keys, { fields: ['id', 'complaint', 'update', 'file'], limit: -1 });
      const key = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? v : null);
      return rows.map((r) => ({ id: r['id'] as string | number, complaint: key(r['complaint']), update: key(r['update']), file: typeof r['file'] === 'string' ? r['file'] : null }));
    },

    async fileLink(file: string) {
      // Inside the create filter this is the request's transaction: a file uploaded earlier is committed, links made in this request are seen.
      const files = await items('directus_files').readByQuery({ filter: { id: { _eq: file } }, fields: ['uploaded_by'], limit: 1 });
      if (!files[0]) return null;
      const media = await items('complaint_media').readByQuery({ filter: { file: { _eq: file } }, fields: ['id'], limit: -1 });
      const uploader = files[0]['uploaded_by'];
      return { uploaded_by: typeof uploader === 'string' ? uploader : null, media: media.map((r) => r['id'] as string | number) };
    },

    async complaintAgency(complaint: string | number) {
      const rows = await items('complaints').readMany([complaint], { fields: ['assigned_agency'] });
      const agency = rows[0]?.['assigned_agency'];
      return typeof agency === 'string' && agency ? agency : null;
    },
  };
  return store;
}
