// The permission matrix of Kanal Aduan as data: for every role, every
// collection and every action, may the role do it on all rows, on the rows of
// its own scope, or not at all. This is the access design
// written down once; `access-matrix.test.ts` checks it against the permission
// rows in `access.ts` (so the two cannot drift) and
// test/e2e/permission-matrix.int.test.ts checks every cell through the real REST API.

export const MATRIX_ROLES = ['admin', 'verifikator', 'opd_officer', 'opd_head', 'camat', 'kades', 'desk_team', 'pimpinan', 'service', 'public'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

export const MATRIX_ACTIONS = ['create', 'read', 'update', 'delete'] as const;
export type MatrixAction = (typeof MATRIX_ACTIONS)[number];

/**
 * Row scopes. Each names which rows a scoped permission reaches:
 * - own_agency: reports assigned to the user's agency and their children
 *   (updates, media, assignments, files); for users and files also the user's own row/uploads;
 * - own_kecamatan: own_agency plus every report whose region lies in the
 *   user's kecamatan (Kemendagri code prefix) — the Camat's read-only view;
 * - own_desa: own_agency plus every report located in the user's desa/kelurahan (the same
 *   rule: the user's region is a desa, whose code no other desa's starts with) — the
 *   Lurah/Kepala Desa's read-only view;
 * - own_desk_new: reports of the user's intake desk while they are new (received, needs_info,
 *   verified) and their children (updates, media, files) — the
 *   Tim Meja Pengaduan's view;
 * - own_user: the user's own row (profile, own uploads, own activity);
 * - no_citizen_messages: every report update except what the citizen wrote;
 * - citizen_messages: only what the citizen wrote (the verifikator redacts those by hand).
 */
export const SCOPES = ['own_agency', 'own_kecamatan', 'own_desa', 'own_desk_new', 'own_user', 'no_citizen_messages', 'citizen_messages'] as const;
export type Scope = (typeof SCOPES)[number];
export type Cell = 'all' | 'none' | Scope;

/** One collection's row of the matrix: per role, the cells for create, read, update, delete. */
export type MatrixRow = Record<MatrixRole, readonly [Cell, Cell, Cell, Cell]>;

const Y = 'all' as const;
const N = 'none' as const;
const A = 'own_agency' as const;
const K = 'own_kecamatan' as const;
const D = 'own_desa' as const;
const U = 'own_user' as const;
const S = 'own_desk_new' as const;
const M = 'no_citizen_messages' as const;
const W = 'citizen_messages' as const;

const NONE = [N, N, N, N] as const;
const ALL = [Y, Y, Y, Y] as const;
const READ = [N, Y, N, N] as const;
/** Create, read, update; never delete (reports and people are kept, rejected or blocked instead). */
const CRU = [Y, Y, Y, N] as const;

/** Roles without a row of their own in a collection: the public and every role not listed. */
const row = (cells: Partial<MatrixRow>): MatrixRow => ({
  admin: ALL, verifikator: NONE, opd_officer: NONE, opd_head: NONE, camat: NONE, kades: NONE, desk_team: NONE, pimpinan: NONE, service: NONE, public: NONE, ...cells,
});
/** Reference data that every signed-in role reads. */
const reference = (cells: Partial<MatrixRow>) => row({ verifikator: READ, opd_officer: READ, opd_head: READ, camat: READ, kades: READ, desk_team: READ, pimpinan: READ, service: READ, ...cells });

/**
 * The expected matrix. Collections are ours (schema/src/collections) plus the
 * Directus system collections a person could reach identity or files through.
 */
export const ACCESS_MATRIX: Record<string, MatrixRow> = {
  // Reference data: the verifikator keeps rules, categories, holidays and bot texts; admins the rest.
  // A singleton: Directus's REST API makes no second row (POST answers 404), not even for admins.
  settings: row({ admin: [N, Y, Y, Y], verifikator: READ, service: READ }),
  regions: reference({}),
  agencies: reference({}),
  // Intake desks: admins keep them; every signed-in role reads which desk a report came in at.
  desks: reference({}),
  sla_policies: reference({}),
  categories: reference({ verifikator: CRU }),
  routing_rules: row({ verifikator: ALL, service: READ }),
  holidays: reference({ verifikator: ALL, desk_team: NONE, pimpinan: NONE }),
  message_templates: row({ verifikator: ALL, service: READ }),

  // Reporter identity: admins, the verifikator and the intake (service) only.
  citizens: row({ verifikator: CRU, service: CRU }),
  conversations: row({ verifikator: READ, service: CRU }),
  conversation_locks: row({}),
  wa_messages: row({ verifikator: READ, service: CRU }),

  // Reports: agencies see their own, the Camat also reads the kecamatan, the Lurah/Kepala Desa the desa,
  // pimpinan reads everything.
  complaints: row({
    verifikator: CRU,
    opd_officer: [N, A, A, N],
    opd_head: [N, A, A, N],
    camat: [N, K, A, N],
    kades: [N, D, A, N],
    desk_team: [N, S, S, N],
    pimpinan: READ,
    service: CRU,
  }),
  ticket_counters: row({}),
  // Rows the complaint hook writes; n8n only reads them.
  assignments: row({ verifikator: READ, opd_officer: [N, A, N, N], opd_head: [N, A, N, N], camat: [N, K, N, N], kades: [N, D, N, N], pimpinan: READ, service: READ }),
  complaint_updates: row({
    verifikator: [Y, Y, W, N],
    opd_officer: [A, A, N, N],
    opd_head: [A, A, N, N],
    camat: [A, K, N, N],
    kades: [A, D, N, N],
    // Internal notes on the desk's own new reports (the hook narrows the create).
    desk_team: [S, S, N, N],
    // «Pesan pimpinan» on any report (the policy allows only that kind).
    pimpinan: [Y, M, N, N],
    service: CRU,
  }),
  complaint_media: row({ verifikator: ALL, opd_officer: [A, A, N, N], opd_head: [A, A, N, N], camat: [A, K, N, N], kades: [A, D, N, N], desk_team: [N, S, N, N], service: CRU }),
  // Temu Bupati: the desk manages the schedule and the bookings; the Pimpinan reads the agenda (never
  // the citizen: `citizen` is left out of the field list, and citizens is not readable anyway). The bot
  // books through the bundle's intake endpoint with full rights, so the service account needs neither.
  appointment_slots: row({ verifikator: ALL, pimpinan: READ }),
  appointments: row({ verifikator: ALL, pimpinan: READ }),
  reminders: row({ verifikator: READ, service: CRU }),
  // Written by the bundle's hooks with full rights; no policy grants it.
  event_outbox: row({}),
  // API keys of Open311 clients (hashes only); admins manage them, no policy grants it.
  open311_clients: row({}),
  // Routing models: n8n trains them, the verifikator reads how good they are, admins switch them off.
  triage_models: row({ verifikator: READ, service: CRU }),

  // Directus's own collections.
  directus_users: row({
    verifikator: [N, Y, U, N],
    opd_officer: [N, U, U, N],
    opd_head: [N, A, U, N],
    camat: [N, U, U, N],
    kades: [N, U, U, N],
    desk_team: [N, U, U, N],
    pimpinan: [N, U, U, N],
    service: READ,
  }),
  directus_files: row({
    verifikator: [Y, Y, N, N],
    opd_officer: [Y, A, N, N],
    opd_head: [Y, A, N, N],
    camat: [Y, K, N, N],
    kades: [Y, D, N, N],
    desk_team: [N, S, N, N],
    service: [Y, U, N, N],
  }),
  // Logs written by Directus itself: the REST API offers no create, update or delete, not even to admins.
  directus_revisions: row({ admin: READ }),
  directus_activity: row({
    admin: READ,
    // Directus's minimal app permissions: every role with app access reads its own activity.
    verifikator: [N, U, N, N], opd_officer: [N, U, N, N], opd_head: [N, U, N, N], camat: [N, U, N, N], kades: [N, U, N, N], desk_team: [N, U, N, N], pimpinan: [N, U, N, N],
  }),
};

/**
 * Cells whose scope Directus cannot express (a create rule sees only the
 * payload, not the report it points at): the permission row allows the
 * action, and the bundle's hook (extensions/kanal-aduan/src/complaints)
 * narrows it to reports assigned to the user's agency (a desk team's notes:
 * to its own desk's new reports).
 */
export const HOOK_SCOPED: ReadonlyArray<{ collection: string; action: MatrixAction; roles: readonly MatrixRole[] }> = [
  { collection: 'complaint_updates', action: 'create', roles: ['opd_officer', 'opd_head', 'camat', 'kades', 'desk_team'] },
  { collection: 'complaint_media', action: 'create', roles: ['opd_officer', 'opd_head', 'camat', 'kades'] },
];

/**
 * Actions the REST API does not offer at all (no route, or 404 on a singleton),
 * so they are refused to every role including admins.
 */
export const NOT_OFFERED: ReadonlyArray<{ collection: string; actions: readonly MatrixAction[] }> = [
  { collection: 'settings', actions: ['create'] },
  { collection: 'directus_revisions', actions: ['create', 'update', 'delete'] },
  { collection: 'directus_activity', actions: ['create', 'update', 'delete'] },
];
export const notOffered = (collection: string, action: MatrixAction) =>
  NOT_OFFERED.some((n) => n.collection === collection && n.actions.includes(action));

/** Who reported: fields that only admins, the verifikator and the intake (service) may read. */
export const IDENTITY_FIELDS: Record<string, readonly string[]> = { complaints: ['reporter'], appointments: ['citizen'] };
export const IDENTITY_READERS: readonly MatrixRole[] = ['admin', 'verifikator', 'service'];
/** Spam triage (reasons, counts, verdict, duplicate suggestion): the same readers as identity. */
export const TRIAGE_READERS: readonly MatrixRole[] = IDENTITY_READERS;

export function cellOf(collection: string, role: MatrixRole, action: MatrixAction): Cell {
  const r = ACCESS_MATRIX[collection];
  if (!r) throw new Error(`${collection} is not in ACCESS_MATRIX`);
  return r[role][MATRIX_ACTIONS.indexOf(action)]!;
}

// ---------------------------------------------------------------------------
// Markdown

export const ROLE_LABELS: Record<MatrixRole, string> = {
  admin: 'Admin', verifikator: 'Verifikator', opd_officer: 'Petugas OPD', opd_head: 'Kepala OPD',
  camat: 'Camat', kades: 'Lurah/Kepala Desa', desk_team: 'Tim Meja Pengaduan', pimpinan: 'Pimpinan', service: 'Layanan n8n', public: 'Publik',
};

export const CELL_SYMBOLS: Record<Cell, string> = {
  all: '✓', none: '✗', own_agency: 'A', own_kecamatan: 'K', own_desa: 'D', own_desk_new: 'S', own_user: 'U', no_citizen_messages: 'M', citizen_messages: 'W',
};

export const MATRIX_LEGEND = [
  'Each cell is C R U D (create, read, update, delete).',
  '✓ every row · ✗ refused · A own agency\'s reports (and their updates, media, assignments, files; own account/uploads) ·',
  'K own agency plus every report in the own kecamatan (read) · D own agency plus every report in the own desa/kelurahan (read) · S own intake desk\'s new reports (received, needs info, verified) and their updates, media and files · U own row only (profile, uploads, activity) · M all but citizen messages ·',
  'W citizen messages only (their `body`, to hide identity by hand).',
  '`*` read without the reporter (`complaints.reporter`, `appointments.citizen` are refused) nor the spam triage (access.ts `TRIAGE_FIELDS`) · † the bundle\'s hook narrows the create to reports assigned to the own agency.',
  'Admins\' ✗: the REST API has no such action (a second `settings` row; writing revisions or activity).',
].join('\n');

/** Renders a matrix (the expected one, or one observed by the e2e test) as a markdown table. */
export function renderMatrixTable(matrix: Record<string, MatrixRow> = ACCESS_MATRIX): string {
  const head = `| collection | ${MATRIX_ROLES.map((r) => ROLE_LABELS[r]).join(' | ')} |`;
  const rule = `|---|${MATRIX_ROLES.map(() => '---').join('|')}|`;
  const lines = Object.entries(matrix).map(([collection, cells]) => {
    const rendered = MATRIX_ROLES.map((role) =>
      cells[role].map((c, i) => {
        const action = MATRIX_ACTIONS[i]!;
        const hook = c !== 'none' && HOOK_SCOPED.some((h) => h.collection === collection && h.action === action && h.roles.includes(role)) ? '†' : '';
        const hidden = action === 'read' && c !== 'none' && IDENTITY_FIELDS[collection] && !IDENTITY_READERS.includes(role) ? '*' : '';
        return `${CELL_SYMBOLS[c]}${hook}${hidden}`;
      }).join(' '),
    );
    return `| \`${collection}\` | ${rendered.join(' | ')} |`;
  });
  return [head, rule, ...lines].join('\n');
}
