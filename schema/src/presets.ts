// Saved views ("bookmarks") of the complaints list per role, as code: the
// verifikator's work queues and the officers' own lists. Directus keeps them
// in directus_presets (integer ids), so apply matches a row by
// (role, collection, bookmark) and creates or patches only what differs.
// Filters use Directus's $NOW variable, so "Lewat batas waktu" is always current;
// its filter is built from core's stage rule (overdue-filter.ts).
import { diffKeys } from './apply.ts';
import { ROLE_IDS, type RoleKey } from './access.ts';
import type { Client } from './directus-client.ts';
import { OPEN_STATUSES } from './collections/reports.ts';
import { OVERDUE_FILTER } from './overdue-filter.ts';

export type PresetRow = {
  /** null: the role's default view of the list (what "Laporan" opens without a bookmark). */
  bookmark: string | null;
  role: string;
  user: null;
  collection: 'complaints' | 'appointments';
  icon: string;
  color: string | null;
  layout: 'tabular' | 'map' | 'calendar';
  layout_query: Record<string, unknown>;
  layout_options: Record<string, unknown> | null;
  filter: Record<string, unknown>;
  search: null;
  refresh_interval: number | null;
};

// Columns people read a queue by: the ticket and title first, then what the queue is about.
const COLUMNS = ['ticket', 'title', 'status', 'category', 'region', 'assigned_agency', 'received_at', 'verify_due'];
const VERIFY_COLUMNS = ['ticket', 'title', 'category', 'region', 'received_at', 'verify_due'];
const DISPOSE_COLUMNS = ['ticket', 'title', 'category', 'region', 'suggested_agency', 'verified_at'];
const RETURNED_COLUMNS = ['ticket', 'title', 'category', 'region', 'status_note', 'date_updated'];
const OFFICER_COLUMNS = ['ticket', 'title', 'status', 'category', 'region', 'address', 'respond_due', 'resolve_due'];
const SPAM_COLUMNS = ['ticket', 'title', 'spam_score', 'spam_reasons', 'received_at'];
const NOT_LIKELY_SPAM = { _or: [{ likely_spam: { _null: true } }, { likely_spam: { _eq: false } }] };
/** Reports screened at the kabupaten desk: the default desk's (and reports from before desks existed). A kecamatan desk's team screens its own. */
const AT_DEFAULT_DESK = { _or: [{ desk: { _null: true } }, { desk: { is_default: { _eq: true } } }] };
const view = (sort: string, fields = COLUMNS) => ({ tabular: { sort: [sort], fields, page: 1, limit: 50 } });

const preset = (role: RoleKey, bookmark: string, icon: string, color: string | null, filter: Record<string, unknown>, sort: string, fields?: string[]): PresetRow => ({
  bookmark, role: ROLE_IDS[role], user: null, collection: 'complaints', icon, color, layout: 'tabular',
  layout_query: view(sort, fields), layout_options: null, filter, search: null, refresh_interval: 60,
});

const officerLists = (role: RoleKey): PresetRow[] => [
  preset(role, 'Perlu diterima', 'move_to_inbox', '#E35169', { status: { _eq: 'dispositioned' } }, 'respond_due', OFFICER_COLUMNS),
  preset(role, 'Sedang ditindaklanjuti', 'engineering', '#3399FF', { status: { _eq: 'in_progress' } }, 'resolve_due', OFFICER_COLUMNS),
  preset(role, 'Lewat batas waktu', 'alarm', '#E35169', OVERDUE_FILTER, 'respond_due', OFFICER_COLUMNS),
];

/** Temu Bupati bookings on the calendar (month view, Monday first); cancelled ones are left out. */
function agenda(role: RoleKey): PresetRow {
  return {
    bookmark: null, role: ROLE_IDS[role], user: null, collection: 'appointments', icon: 'event', color: null, layout: 'calendar',
    layout_query: { calendar: { fields: ['code', 'topic', 'status', 'scheduled_at', 'place'] } },
    layout_options: { calendar: { template: '{{code}} · {{topic}}', startDateField: 'scheduled_at', endDateField: null, viewInfo: { type: 'dayGridMonth' }, firstDay: 1 } },
    filter: { status: { _neq: 'cancelled' } }, search: null, refresh_interval: 60,
  };
}

/** The role's plain list: newest first with readable columns (Directus would show the first few fields). */
const defaultList = (role: RoleKey, fields = COLUMNS): PresetRow => ({ ...preset(role, '', 'campaign', null, {}, '-received_at', fields), bookmark: null });

export const PRESETS: PresetRow[] = [
  // Likely spam waits in its own queue, never deleted; "Bukan spam" (not_spam, the hook clears likely_spam) brings it back here.
  preset('verifikator', 'Perlu verifikasi', 'fact_check', '#FFA439', { _and: [{ status: { _eq: 'received' } }, NOT_LIKELY_SPAM, AT_DEFAULT_DESK] }, 'verify_due', VERIFY_COLUMNS),
  preset('verifikator', 'Mungkin spam', 'report', '#A2B5CD', { _and: [{ status: { _eq: 'received' } }, { likely_spam: { _eq: true } }] }, '-spam_score', SPAM_COLUMNS),
  preset('verifikator', 'Menunggu warga', 'hourglass_top', '#A2B5CD', { _and: [{ status: { _eq: 'needs_info' } }, AT_DEFAULT_DESK] }, 'verify_due', [...VERIFY_COLUMNS.slice(0, -2), 'status_note', 'verify_due']),
  preset('verifikator', 'Siap disposisi', 'alt_route', '#2ECDA7',
    { _and: [{ status: { _eq: 'verified' } }, { _or: [{ status_reason: { _null: true } }, { status_reason: { _neq: 'not_authority' } }] }, AT_DEFAULT_DESK] }, 'verified_at', DISPOSE_COLUMNS),
  // Most days late first, with the number shown (kept by the SLA scan): the queue to chase.
  preset('verifikator', 'Lewat batas waktu', 'alarm', '#E35169', OVERDUE_FILTER, '-days_late',
    ['ticket', 'days_late', 'overdue_stage', 'status', 'category', 'assigned_agency', 'verify_due', 'respond_due', 'resolve_due']),
  preset('verifikator', 'Dikembalikan OPD', 'undo', '#FFC23B', { _and: [{ status: { _eq: 'verified' } }, { status_reason: { _eq: 'not_authority' } }] }, 'date_updated', RETURNED_COLUMNS),
  ...officerLists('opd_officer'),
  ...officerLists('opd_head'),
  ...officerLists('camat'),
  ...officerLists('kades'),
  // Tim Meja Pengaduan: the policy already limits the list to the own desk's new reports.
  preset('desk_team', 'Perlu verifikasi', 'fact_check', '#FFA439', { status: { _eq: 'received' } }, 'verify_due', VERIFY_COLUMNS),
  preset('desk_team', 'Menunggu warga', 'hourglass_top', '#A2B5CD', { status: { _eq: 'needs_info' } }, 'verify_due', [...VERIFY_COLUMNS.slice(0, -2), 'status_note', 'verify_due']),
  preset('desk_team', 'Siap disposisi', 'alt_route', '#2ECDA7', { status: { _eq: 'verified' } }, 'verified_at', DISPOSE_COLUMNS),
  defaultList('verifikator'),
  defaultList('opd_officer', OFFICER_COLUMNS),
  defaultList('opd_head', OFFICER_COLUMNS),
  defaultList('camat', ['ticket', 'title', 'status', 'category', 'region', 'assigned_agency', 'respond_due']),
  // Every report of a desa has the same region: the address and RT/RW say where in the desa.
  defaultList('kades', ['ticket', 'title', 'status', 'category', 'address', 'rt', 'rw', 'assigned_agency', 'respond_due']),
  defaultList('desk_team', ['ticket', 'title', 'status', 'category', 'region', 'received_at', 'verify_due']),
  defaultList('pimpinan', ['ticket', 'title', 'status', 'category', 'kecamatan', 'assigned_agency', 'received_at', 'days_late']),
  // Temu Bupati: the bookings on Directus's calendar layout by meeting time; open one to approve
  // (status «Dijadwalkan»), move (change «Waktu pertemuan») or cancel it.
  agenda('verifikator'),
  agenda('pimpinan'),
];

/**
 * "Peta laporan": the same reports on Directus's map layout, clustered, for whoever
 * reads complaints.location (the geometry point: PostGIS, or SpatiaLite on SQLite; see the bundle's
 * geo/location.ts). The verifikator sees every open report; the Pimpinan all.
 */
const mapView = (role: RoleKey, filter: Record<string, unknown>): PresetRow => ({
  bookmark: 'Peta laporan', role: ROLE_IDS[role], user: null, collection: 'complaints', icon: 'map', color: '#2ECDA7', layout: 'map',
  layout_query: { map: { sort: ['-received_at'], fields: ['ticket', 'title', 'status', 'location'], page: 1, limit: 1000 } },
  // No camera: the layout then fits its view to the reports it shows.
  layout_options: { map: { geometryField: 'location', clusterData: true, displayTemplate: '{{ticket}} · {{title}}' } },
  filter, search: null, refresh_interval: null,
});

export const MAP_PRESETS: PresetRow[] = [mapView('verifikator', { status: { _in: [...OPEN_STATUSES] } }), mapView('pimpinan', {})];

type LivePreset = PresetRow & { id: number };
const MANAGED: Array<keyof PresetRow> = ['icon', 'color', 'layout', 'layout_query', 'layout_options', 'filter', 'refresh_interval'];

/**
 * Creates or patches our role bookmarks; leaves every other preset (users' own views) alone.
 * Without the geometry field (`map` false) the map bookmarks are removed: they would open on nothing.
 */
export async function applyPresets(api: Client, change: (s: string) => void, o: { map?: boolean } = {}): Promise<void> {
  const wanted = o.map ? [...PRESETS, ...MAP_PRESETS] : PRESETS;
  const roles = [...new Set([...PRESETS, ...MAP_PRESETS].map((p) => p.role))];
  const live = await api.get<LivePreset[]>(
    `/presets?limit=-1&filter=${encodeURIComponent(JSON.stringify({ _and: [{ role: { _in: roles } }, { user: { _null: true } }] }))}`,
  );
  const same = (a: PresetRow, b: PresetRow) => a.role === b.role && a.collection === b.collection && a.bookmark === b.bookmark;
  if (!o.map) {
    for (const have of live.filter((p) => MAP_PRESETS.some((m) => same(m, p)))) {
      await api.del(`/presets/${have.id}`);
      change(`remove bookmark ${have.bookmark} (${have.role}): no geometry field`);
    }
  }
  for (const want of wanted) {
    const have = live.find((p) => same(want, p));
    if (!have) {
      await api.post('/presets', want);
      change(`create ${want.bookmark === null ? 'default view' : `bookmark ${want.bookmark}`} (${want.role})`);
      continue;
    }
    const keys = diffKeys(Object.fromEntries(MANAGED.map((k) => [k, want[k]])), have as unknown as Record<string, unknown>);
    if (keys.length) {
      await api.patch(`/presets/${have.id}`, Object.fromEntries(keys.map((k) => [k, want[k as keyof PresetRow]])));
      change(`update bookmark ${want.bookmark} (${keys.join(', ')})`);
    }
  }
}
