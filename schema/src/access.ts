// Roles, policies and permissions of Kanal Aduan as code. Every role, policy and
// access row has a fixed UUID so applying is an upsert and other packages can
// refer to roles by id. Permission rows have integer ids in Directus, so apply
// matches them by (policy, collection, action).
//
// Directus 11 model: role -> directus_access -> policy -> permissions. A user's
// rights are the union of the policies of their role (and parent roles).
// Item rules may use dynamic variables such as `$CURRENT_USER.agency`, which
// Directus resolves server-side (api/dist/permissions/utils/fetch-dynamic-variable-data).

// By path, not the package index: the admin app's bundle imports this file, and core's index pulls node: modules.
import { ROLE_IDS, type RoleKey } from '@kanal-aduan/core/role-ids';
import { SCREENING_STATUSES } from '@kanal-aduan/core/statuses';

/** Fixed role ids (policies use the same id with the last block + 100); they live in core, as the n8n nodes need them without this package. */
export { ROLE_IDS, type RoleKey };

/** Policy ids: the role id with the last block + 100 (…000000000101 for verifikator). */
export const POLICY_IDS = {
  verifikator: '6b1f2a10-0000-4000-8000-000000000101',
  opd_officer: '6b1f2a10-0000-4000-8000-000000000102',
  opd_head: '6b1f2a10-0000-4000-8000-000000000103',
  camat: '6b1f2a10-0000-4000-8000-000000000104',
  pimpinan: '6b1f2a10-0000-4000-8000-000000000105',
  service: '6b1f2a10-0000-4000-8000-000000000106',
  kades: '6b1f2a10-0000-4000-8000-000000000107',
  desk_team: '6b1f2a10-0000-4000-8000-000000000108',
} as const satisfies Record<RoleKey, string>;

export type RoleRow = { id: string; name: string; icon: string; description: string; parent: null };
export type PolicyRow = {
  id: string; name: string; icon: string; description: string;
  ip_access: null; enforce_tfa: false; admin_access: false; app_access: boolean;
};
export type AccessRow = { id: string; role: string; user: null; policy: string; sort: number };
export type Filter = Record<string, unknown>;
export type PermissionRow = {
  policy: string;
  collection: string;
  action: 'create' | 'read' | 'update' | 'delete';
  permissions: Filter | null;
  validation: Filter | null;
  presets: Record<string, unknown> | null;
  fields: string[] | null;
};

export const ROLES: RoleRow[] = [
  { id: ROLE_IDS.verifikator, name: 'Verifikator', icon: 'fact_check', description: 'Memverifikasi laporan warga dan mendisposisikannya ke instansi.', parent: null },
  { id: ROLE_IDS.opd_officer, name: 'Petugas OPD', icon: 'badge', description: 'Menindaklanjuti laporan yang didisposisikan ke instansinya.', parent: null },
  { id: ROLE_IDS.opd_head, name: 'Kepala OPD', icon: 'supervisor_account', description: 'Seperti petugas OPD, ditambah melihat akun petugas instansinya.', parent: null },
  { id: ROLE_IDS.camat, name: 'Camat', icon: 'holiday_village', description: 'Menindaklanjuti laporan kantor kecamatan dan memantau laporan di wilayahnya.', parent: null },
  { id: ROLE_IDS.pimpinan, name: 'Pimpinan', icon: 'insights', description: 'Bupati/Wali Kota dan Sekda: melihat dasbor dan laporan tanpa identitas pelapor.', parent: null },
  { id: ROLE_IDS.kades, name: 'Lurah/Kepala Desa', icon: 'cottage', description: 'Menindaklanjuti laporan yang didisposisikan ke kantor kelurahan/desa dan memantau laporan di wilayah desanya, tanpa identitas pelapor.', parent: null },
  { id: ROLE_IDS.desk_team, name: 'Tim Meja Pengaduan', icon: 'support_agent', description: 'Memeriksa laporan baru yang masuk ke meja pengaduannya sendiri, meja kecamatan atau desa (verifikasi, disposisi, teruskan ke kabupaten), tanpa identitas pelapor.', parent: null },
  { id: ROLE_IDS.service, name: 'Layanan n8n', icon: 'smart_toy', description: 'Akun layanan alur kerja n8n (hanya API, hak minimum).', parent: null },
];

const policy = (key: RoleKey, name: string, icon: string, description: string, appAccess = true): PolicyRow => ({
  id: POLICY_IDS[key], name, icon, description, ip_access: null, enforce_tfa: false, admin_access: false, app_access: appAccess,
});

export const POLICIES: PolicyRow[] = [
  policy('verifikator', 'Verifikator', 'fact_check', 'Semua laporan, warga, templat pesan dan aturan disposisi.'),
  policy('opd_officer', 'Petugas OPD', 'badge', 'Laporan yang didisposisikan ke instansi sendiri, tanpa identitas pelapor.'),
  policy('opd_head', 'Kepala OPD', 'supervisor_account', 'Tambahan untuk Kepala OPD: akun petugas instansi sendiri.'),
  policy('camat', 'Camat', 'holiday_village', 'Laporan kantor kecamatan dan laporan di wilayah kecamatan (baca saja).'),
  policy('pimpinan', 'Pimpinan', 'insights', 'Baca saja: dasbor, laporan tanpa identitas pelapor, disposisi.'),
  policy('kades', 'Lurah/Kepala Desa', 'cottage', 'Laporan kantor kelurahan/desa dan laporan di wilayah desa (baca saja), tanpa identitas pelapor.'),
  policy('desk_team', 'Tim Meja Pengaduan', 'support_agent', 'Laporan baru meja pengaduan sendiri (diterima, perlu info, terverifikasi), tanpa identitas pelapor; teruskan ke meja kabupaten.'),
  policy('service', 'Layanan n8n', 'smart_toy', 'Hak minimum yang dibutuhkan alur kerja n8n.', false),
];

/** Access rows: which policies each role carries. Ids: the role id's block + 200/300. */
export const ACCESS: AccessRow[] = [
  { id: '6b1f2a10-0000-4000-8000-000000000201', role: ROLE_IDS.verifikator, user: null, policy: POLICY_IDS.verifikator, sort: 1 },
  { id: '6b1f2a10-0000-4000-8000-000000000202', role: ROLE_IDS.opd_officer, user: null, policy: POLICY_IDS.opd_officer, sort: 1 },
  // Kepala OPD = officer policy + head policy.
  { id: '6b1f2a10-0000-4000-8000-000000000203', role: ROLE_IDS.opd_head, user: null, policy: POLICY_IDS.opd_officer, sort: 1 },
  { id: '6b1f2a10-0000-4000-8000-000000000303', role: ROLE_IDS.opd_head, user: null, policy: POLICY_IDS.opd_head, sort: 2 },
  { id: '6b1f2a10-0000-4000-8000-000000000204', role: ROLE_IDS.camat, user: null, policy: POLICY_IDS.camat, sort: 1 },
  { id: '6b1f2a10-0000-4000-8000-000000000205', role: ROLE_IDS.pimpinan, user: null, policy: POLICY_IDS.pimpinan, sort: 1 },
  { id: '6b1f2a10-0000-4000-8000-000000000206', role: ROLE_IDS.service, user: null, policy: POLICY_IDS.service, sort: 1 },
  { id: '6b1f2a10-0000-4000-8000-000000000207', role: ROLE_IDS.kades, user: null, policy: POLICY_IDS.kades, sort: 1 },
  { id: '6b1f2a10-0000-4000-8000-000000000208', role: ROLE_IDS.desk_team, user: null, policy: POLICY_IDS.desk_team, sort: 1 },
];

// ---------------------------------------------------------------------------
// Field lists

/** Complaint fields an agency sees: everything except who reported it. */
export const COMPLAINT_FIELDS_NO_IDENTITY = [
  'id', 'ticket', 'status', 'type', 'category', 'title', 'description', 'channel', 'desk', 'locale', 'confidential',
  'media', 'region', 'kecamatan', 'address', 'rt', 'rw', 'latitude', 'longitude', 'location', 'assigned_agency', 'suggested_agency', 'status_reason',
  'status_note', 'duplicate_of', 'spam_score', 'satisfaction', 'reopen_count', 'reporters_count', 'assignments', 'updates',
  'verify_due', 'respond_due', 'resolve_due', 'autoclose_due', 'received_at', 'verified_at', 'dispositioned_at',
  'first_response_at', 'resolved_at', 'closed_at', 'date_created', 'date_updated', 'overdue', 'days_late', 'overdue_stage',
  'group_report', 'group_location', 'group_handling', 'group_deadlines', 'group_times',
];

/** Temu Bupati bookings as the Pimpinan reads them: the agenda, never the citizen. */
export const APPOINTMENT_FIELDS_NO_IDENTITY = [
  'id', 'code', 'status', 'topic', 'slot', 'slot_date', 'scheduled_at', 'place', 'locale', 'note', 'complaint', 'reminded_at', 'date_created', 'date_updated',
];

/**
 * Triage at filing (the intake): why a report looks like spam, the counts behind it, the
 * verdict and the duplicate suggestion. For admins, the verifikator and the service only:
 * no agency or pimpinan field list names them, so they can neither read nor filter on them
 * (Directus checks filter fields against the read fields; the bundle's request guard the
 * relational paths). `spam_score` itself stays readable by agencies, as before.
 */
export const TRIAGE_FIELDS = [
  'likely_spam', 'spam_reasons', 'spam_signals', 'not_spam', 'text_fingerprint', 'duplicate_suggestion', 'duplicate_evidence',
] as const;

/**
 * Fields our Directus hook sets when a status changes. Directus runs filter
 * hooks before it checks field permissions (api/dist/services/items.js
 * updateMany: emitFilter, then processPayload), so a role that may change the
 * status must also be allowed to write these; the app shows them read-only.
 */
export const HOOK_MANAGED_COMPLAINT_FIELDS = [
  'verify_due', 'respond_due', 'resolve_due', 'autoclose_due', 'verified_at', 'dispositioned_at',
  'first_response_at', 'resolved_at', 'closed_at', 'reopen_count', 'last_transition', 'pending_transition',
];

/**
 * What an officer may change on a report of their agency (accept, respond, resolve, return).
 * `assigned_agency` only because the hook clears it on a return ("bukan wewenang": the
 * report goes back to the verifikator); the hook refuses it in an officer's own payload.
 */
export const OFFICER_COMPLAINT_UPDATE_FIELDS = [
  'status', 'status_reason', 'status_note', 'assigned_agency', ...HOOK_MANAGED_COMPLAINT_FIELDS,
  // The report page's "Tindak lanjut" and "Lampiran" lists create their rows through the report
  // (PATCH with nested creates), so the officer needs the two alias fields; the rows themselves
  // are still checked by the complaint_updates / complaint_media create rules and the hook.
  'updates', 'media',
  // The app makes every field of a form group read-only when the group (an alias without
  // data) is not in the update fields, so the groups holding the fields above must be listed.
  'group_report', 'group_handling',
];

/**
 * `complaint_updates` fields agencies and pimpinan read: everything but `body_private` (a citizen's
 * message as written; `body` holds it with identity hidden by the bundle's create filter).
 */
export const UPDATE_FIELDS_FOR_AGENCIES = [
  'id', 'complaint', 'kind', 'status_from', 'status_to', 'body', 'public', 'author', 'agency', 'date_created', 'media',
];

/**
 * What a non-admin may send when uploading to directus_files (the multipart fields plus what
 * Directus's FilesService.uploadOne puts in the first create): never `metadata_cleaned`, which only
 * the bundle's file hook sets after stripping the file's metadata.
 */
export const FILE_UPLOAD_FIELDS = [
  'storage', 'filename_download', 'title', 'type', 'folder', 'description', 'tags', 'location',
  'focal_point_x', 'focal_point_y', 'charset', 'embed',
];

/** Public-ish columns of directus_users that colleagues may see (no email, no tokens). */
export const USER_DIRECTORY_FIELDS = ['id', 'first_name', 'last_name', 'title', 'avatar', 'role', 'status', 'agency', 'region', 'desk', 'wa_phone'];

/** Own profile: Directus's minimal app permissions omit our extra fields. */
const OWN_PROFILE_READ_FIELDS = [
  'id', 'first_name', 'last_name', 'email', 'password', 'location', 'title', 'description', 'tags', 'avatar',
  'language', 'appearance', 'theme_light', 'theme_dark', 'tfa_secret', 'status', 'role', 'last_page',
  'provider', 'preferences_divider', 'agency', 'region', 'desk', 'wa_phone',
];
/**
 * Not `wa_phone`: reminders and officer notices about (confidential) reports go to that number,
 * so only an admin sets it; a user who could change their own would route those to any phone.
 */
const OWN_PROFILE_UPDATE_FIELDS = [
  'first_name', 'last_name', 'password', 'location', 'title', 'description', 'avatar', 'language', 'appearance',
  'theme_light', 'theme_dark', 'tfa_secret', 'last_page',
];

// ---------------------------------------------------------------------------
// Filters

const ME = '$CURRENT_USER';
const MY_AGENCY = '$CURRENT_USER.agency';
const MY_REGION = '$CURRENT_USER.region';
const assignedToMyAgency: Filter = { assigned_agency: { _eq: MY_AGENCY } };
const ofMyAgencyComplaint: Filter = { complaint: { assigned_agency: { _eq: MY_AGENCY } } };
// Kemendagri codes are fixed width per level (16.02.01, 16.02.01.2001), so a
// prefix match on the region key selects the kecamatan and every desa in it
// (for a Camat), or exactly the one desa (for a Lurah/Kepala Desa).
const inMyRegion: Filter = { region: { _starts_with: MY_REGION } };

// ---------------------------------------------------------------------------
// Builders

type P = Omit<PermissionRow, 'policy'>;
const all = (collection: string, action: PermissionRow['action'], extra: Partial<P> = {}): P => ({
  collection, action, permissions: null, validation: null, presets: null, fields: ['*'], ...extra,
});
const read = (collection: string, extra: Partial<P> = {}) => all(collection, 'read', extra);
const create = (collection: string, extra: Partial<P> = {}) => all(collection, 'create', extra);
const update = (collection: string, extra: Partial<P> = {}) => all(collection, 'update', extra);
const del = (collection: string, extra: Partial<P> = {}) => all(collection, 'delete', extra);

const ownProfile: P[] = [
  read('directus_users', { permissions: { id: { _eq: ME } }, fields: OWN_PROFILE_READ_FIELDS }),
  update('directus_users', { permissions: { id: { _eq: ME } }, fields: OWN_PROFILE_UPDATE_FIELDS }),
];

const REFERENCE_READ = ['categories', 'regions', 'agencies', 'desks'].map((c) => read(c));

/** Files of reports of my agency, and files I uploaded myself. */
const filesOfMyAgency: Filter = {
  _or: [
    { uploaded_by: { _eq: ME } },
    // $FOLLOW reads the reverse relation without an alias field (Directus 11). Only once the bundle's
    // file hook has stripped the metadata (GPS, author): a file whose cleaning failed stays unreadable.
    { _and: [{ metadata_cleaned: { _eq: true } }, { '$FOLLOW(complaint_media,file)': { complaint: { assigned_agency: { _eq: MY_AGENCY } } } }] },
  ],
};

const officerPermissions: P[] = [
  read('complaints', { permissions: assignedToMyAgency, fields: COMPLAINT_FIELDS_NO_IDENTITY }),
  update('complaints', { permissions: assignedToMyAgency, fields: OFFICER_COMPLAINT_UPDATE_FIELDS }),
  read('complaint_updates', { permissions: ofMyAgencyComplaint, fields: UPDATE_FIELDS_FOR_AGENCIES }),
  // Create rules are checked on the payload only (validation), so the hook must
  // also check that the complaint is assigned to the author's agency.
  create('complaint_updates', {
    // `media`: the follow-up form's «Foto untuk warga» creates its complaint_media rows nested (checked by their own rule and the hook).
    fields: ['complaint', 'kind', 'body', 'public', 'author', 'agency', 'status_from', 'status_to', 'media'],
    validation: { _and: [{ agency: { _eq: MY_AGENCY } }, { kind: { _in: ['follow_up', 'internal_note'] } }] },
    // A follow-up is written for the citizen: the app pre-ticks «Kirim ke pelapor».
    presets: { author: ME, agency: MY_AGENCY, kind: 'follow_up', public: true },
  }),
  read('complaint_media', { permissions: ofMyAgencyComplaint }),
  create('complaint_media', { fields: ['complaint', 'update', 'file', 'kind', 'mime_type', 'caption'] }),
  read('assignments', { permissions: { agency: { _eq: MY_AGENCY } } }),
  read('directus_files', { permissions: filesOfMyAgency }),
  create('directus_files', { fields: FILE_UPLOAD_FIELDS }),
  read('sla_policies'),
  read('holidays'),
  ...REFERENCE_READ,
  ...ownProfile,
];

const MANAGED_BY_VERIFIKATOR = ['complaints', 'complaint_media', 'appointments', 'appointment_slots',
  'citizens', 'message_templates', 'routing_rules', 'categories', 'holidays'];

const verifikatorPermissions: P[] = [
  ...MANAGED_BY_VERIFIKATOR.flatMap((c) => [read(c), create(c), update(c)]),
  // Reports are never deleted (rejected instead); photos, rules and templates may be.
  ...['complaint_media', 'message_templates', 'routing_rules', 'holidays', 'appointments', 'appointment_slots'].map((c) => del(c)),
  // The history and the dispositions are what the ranking and the SLA clock are
  // computed from, so nobody edits or deletes them by hand: the hook writes
  // status rows and assignments, and the verifikator only adds notes.
  read('complaint_updates'),
  // The routing models' measured accuracy (admins switch a model off; n8n trains them).
  read('triage_models', { fields: ['id', 'active', 'trained_at', 'trained_on', 'held_out', 'agency_accuracy', 'keyword_agency_accuracy', 'category_accuracy', 'min_confidence', 'note'] }),
  // A citizen's message may be redacted further by hand: only its `body`, the original stays in
  // `body_private` (the bundle's update filter refuses everything else and keeps identity hidden).
  update('complaint_updates', { permissions: { kind: { _eq: 'citizen_message' } }, fields: ['body'] }),
  create('complaint_updates', {
    fields: ['complaint', 'kind', 'body', 'public', 'author', 'media'],
    validation: { kind: { _in: ['follow_up', 'internal_note'] } },
    presets: { author: ME, kind: 'internal_note', public: false },
  }),
  read('assignments'),
  read('conversations'),
  read('reminders'),
  read('wa_messages'),
  read('agencies'),
  read('regions'),
  read('desks'),
  read('sla_policies'),
  read('settings'),
  read('directus_files'),
  create('directus_files', { fields: FILE_UPLOAD_FIELDS }),
  read('directus_users', { fields: USER_DIRECTORY_FIELDS }),
  update('directus_users', { permissions: { id: { _eq: ME } }, fields: OWN_PROFILE_UPDATE_FIELDS }),
  read('directus_dashboards'),
  read('directus_panels'),
];

const headPermissions: P[] = [
  read('directus_users', { permissions: { _or: [{ id: { _eq: ME } }, { agency: { _eq: MY_AGENCY } }] }, fields: [...new Set([...USER_DIRECTORY_FIELDS, ...OWN_PROFILE_READ_FIELDS])] }),
];

/** The Camat's reports: the kecamatan office's own plus every report located in the kecamatan. */
const inMyKecamatan: Filter = { _or: [assignedToMyAgency, inMyRegion] };
/**
 * Reading a report of the kecamatan includes what belongs to it: its history,
 * photos (rows and files) and dispositions (a Camat reads every report in
 * the kecamatan, read-only); writing stays on the office's own reports.
 */
const CAMAT_KECAMATAN_READS = new Set(['complaints', 'complaint_updates', 'complaint_media', 'assignments', 'directus_files']);
const camatPermissions: P[] = [
  read('complaints', { permissions: inMyKecamatan, fields: COMPLAINT_FIELDS_NO_IDENTITY }),
  update('complaints', { permissions: assignedToMyAgency, fields: OFFICER_COMPLAINT_UPDATE_FIELDS }),
  read('complaint_updates', { permissions: { complaint: inMyKecamatan }, fields: UPDATE_FIELDS_FOR_AGENCIES }),
  read('complaint_media', { permissions: { complaint: inMyKecamatan } }),
  read('assignments', { permissions: { _or: [{ agency: { _eq: MY_AGENCY } }, { complaint: inMyRegion }] } }),
  read('directus_files', {
    permissions: { _or: [{ uploaded_by: { _eq: ME } }, { _and: [{ metadata_cleaned: { _eq: true } }, { '$FOLLOW(complaint_media,file)': { complaint: inMyKecamatan } }] }] },
  }),
  ...officerPermissions.filter((p) => !(p.action === 'read' && CAMAT_KECAMATAN_READS.has(p.collection)) && p.collection !== 'complaints'),
];

/**
 * The Lurah/Kepala Desa: the Camat's rights one level down. The user's region is their desa
 * (or kelurahan), so the same prefix rule selects exactly that desa: Kemendagri codes are fixed
 * width (16.02.05.2015) and nothing lies below a desa. Not `_eq`: Directus turns `_eq: null`
 * into IS NULL, so a Kades without a region would read every report without one, while
 * `_starts_with: null` matches nothing. Same field lists as the Camat: never the reporter, the
 * triage, citizens, conversations or WhatsApp messages.
 */
const kadesPermissions: P[] = camatPermissions;

/**
 * Tim Meja Pengaduan: the new reports of the user's own intake desk (core SCREENING_STATUSES:
 * received, needs_info, verified), nothing else. `_nnull` first: Directus turns `_eq: null` into
 * IS NULL, so a member without a desk would otherwise read every report without one. Once a report
 * is dispositioned, rejected or passed up to the kabupaten desk it leaves the team's view.
 *
 * Never the reporter (least privilege): the team screens the report's content, asks the citizen
 * through «Tunda» (the question goes out on WhatsApp without anyone reading the number) and passes
 * up what needs the reporter's identity; a kecamatan office is also close to the people reported
 * on, which is why SP4N-LAPOR keeps identity at the verifikator. So the field list is the agencies'
 * one (no `reporter`, no identity originals, no triage) and no citizen, conversation or WhatsApp
 * message is readable.
 */
const ofMyDeskNew: Filter = { _and: [{ desk: { _nnull: true } }, { desk: { _eq: '$CURRENT_USER.desk' } }, { status: { _in: [...SCREENING_STATUSES] } }] };
/**
 * What the team changes while screening: the status step (verify, ask, reject, disposition and the
 * agency it goes to), what a verifikator corrects on a new report, and `desk` to pass it up (the
 * bundle's hook allows only the default desk, core assertDeskMove).
 */
export const DESK_TEAM_COMPLAINT_UPDATE_FIELDS = [
  'status', 'status_reason', 'status_note', 'assigned_agency', 'desk', 'category', 'type', 'title', 'region', 'address', 'rt', 'rw',
  ...HOOK_MANAGED_COMPLAINT_FIELDS, 'group_report', 'group_location', 'group_handling',
];
const deskTeamPermissions: P[] = [
  read('complaints', { permissions: ofMyDeskNew, fields: COMPLAINT_FIELDS_NO_IDENTITY }),
  update('complaints', { permissions: ofMyDeskNew, fields: DESK_TEAM_COMPLAINT_UPDATE_FIELDS }),
  // The citizen's answer to «Tunda» is a citizen_message: read as agencies read it (`body`, identity hidden).
  read('complaint_updates', { permissions: { complaint: ofMyDeskNew }, fields: UPDATE_FIELDS_FOR_AGENCIES }),
  // Internal notes while screening («Catatan internal»: who was called, what was checked). A create rule
  // sees only the payload, so the bundle's follow-up filter narrows it to the desk's own new reports.
  // `public` may be sent (the app's form does) but never true: a note is not for the citizen.
  create('complaint_updates', {
    fields: ['complaint', 'kind', 'body', 'public'],
    validation: { _and: [{ kind: { _eq: 'internal_note' } }, { public: { _eq: false } }] },
    presets: { author: ME, kind: 'internal_note', public: false },
  }),
  read('complaint_media', { permissions: { complaint: ofMyDeskNew } }),
  read('directus_files', {
    permissions: { _and: [{ metadata_cleaned: { _eq: true } }, { '$FOLLOW(complaint_media,file)': { complaint: ofMyDeskNew } }] },
  }),
  read('sla_policies'),
  ...REFERENCE_READ,
  ...ownProfile,
];

const pimpinanPermissions: P[] = [
  read('complaints', { fields: COMPLAINT_FIELDS_NO_IDENTITY }),
  read('complaint_updates', { permissions: { kind: { _neq: 'citizen_message' } }, fields: UPDATE_FIELDS_FOR_AGENCIES }),
  // «Pesan pimpinan»: the Pimpinan writes to a report's citizen (WhatsApp, with that label). Only the
  // report and the text are theirs to send; the presets sign it with the caller and make it public, and
  // neither `author`, `agency` nor `public` is writable, so nobody signs in another's name or hides it.
  // The bundle's follow-up filter refuses an empty one.
  create('complaint_updates', {
    fields: ['complaint', 'kind', 'body'],
    validation: { kind: { _eq: 'leader_message' } },
    presets: { author: ME, kind: 'leader_message', public: true },
  }),
  read('assignments'),
  read('sla_policies'),
  // The Bupati's own agenda (Temu Bupati), without who the citizen is.
  read('appointments', { fields: APPOINTMENT_FIELDS_NO_IDENTITY }),
  read('appointment_slots'),
  ...REFERENCE_READ,
  read('directus_dashboards'),
  read('directus_panels'),
  ...ownProfile,
];

const SERVICE_WRITES = ['citizens', 'conversations', 'wa_messages', 'complaints', 'complaint_updates', 'complaint_media', 'reminders', 'triage_models'];
// Assignments are written by the complaint hook (with full rights) on dispose/accept/resolve/return;
// n8n only reads them, so the service account may not forge one (least privilege).
const SERVICE_READS = ['assignments', 'message_templates', 'categories', 'regions', 'agencies', 'desks', 'routing_rules', 'sla_policies', 'holidays', 'settings'];
const servicePermissions: P[] = [
  ...SERVICE_WRITES.flatMap((c) => [read(c), create(c), update(c)]),
  ...SERVICE_READS.map((c) => read(c)),
  create('directus_files', { fields: FILE_UPLOAD_FIELDS }),
  // Media download needs the id back, and reminders look up officers' WA numbers. The photos of a public
  // follow-up are read too (GET /assets/:id), to send them to the citizen; no other officer upload.
  read('directus_files', {
    permissions: { _or: [{ uploaded_by: { _eq: ME } }, { '$FOLLOW(complaint_media,file)': { update: { _and: [{ kind: { _eq: 'follow_up' } }, { public: { _eq: true } }] } } }] },
    fields: ['id', 'type', 'filesize', 'filename_download'],
  }),
  read('directus_users', { fields: USER_DIRECTORY_FIELDS }),
];

const withPolicy = (key: RoleKey, rows: P[]): PermissionRow[] => rows.map((r) => ({ ...r, policy: POLICY_IDS[key] }));

export const PERMISSIONS: PermissionRow[] = [
  ...withPolicy('verifikator', verifikatorPermissions),
  ...withPolicy('opd_officer', officerPermissions),
  ...withPolicy('opd_head', headPermissions),
  ...withPolicy('camat', camatPermissions),
  ...withPolicy('kades', kadesPermissions),
  ...withPolicy('desk_team', deskTeamPermissions),
  ...withPolicy('pimpinan', pimpinanPermissions),
  ...withPolicy('service', servicePermissions),
];
