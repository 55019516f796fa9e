import { DomainError } from './errors.ts';

/**
 * The report life cycle. The table below is the single
 * source of truth; every helper is derived from it, never from labels.
 *
 * received --verify--> verified --dispose--> dispositioned --accept--> in_progress --resolve--> resolved
 *    |  ^                 ^                        |                                            |   |
 *    |  +- needs_info <---+                        +--return "bukan wewenang"--> verified        |   +--> closed
 *    +--reject--> rejected                                                  in_progress <-reopen+
 */
export const STATUSES = [
  'received',
  'needs_info',
  'verified',
  'dispositioned',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
] as const;
export type Status = (typeof STATUSES)[number];

export const ROLES = [
  'admin',
  'verifikator',
  'opd_officer',
  'opd_head',
  'camat',
  'kades',
  'desk_team',
  'pimpinan',
  'service',
  'citizen',
  'system',
] as const;
export type Role = (typeof ROLES)[number];

/** `complaints.status_reason` values (MODEL.md). */
export const STATUS_REASONS = [
  'spam',
  'duplicate',
  'out_of_scope',
  'invalid',
  'not_authority',
  'citizen_confirmed',
  'no_response',
] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

/**
 * FixMyStreet's State.pm: every state has a kind, and "closed, not fixed" must
 * never count as fixed. Whether a closed report was fixed depends on its
 * reason, see isFixed().
 */
export type StatusKind = 'open' | 'fixed' | 'closed';

const KINDS: Record<Status, StatusKind> = {
  received: 'open',
  needs_info: 'open',
  verified: 'open',
  dispositioned: 'open',
  in_progress: 'open',
  resolved: 'fixed',
  closed: 'closed',
  rejected: 'closed',
};

export const STATUS_LABELS: Record<Status, { id: string; en: string }> = {
  received: { id: 'Diterima', en: 'Received' },
  needs_info: { id: 'Menunggu Keterangan', en: 'Awaiting information' },
  verified: { id: 'Terverifikasi', en: 'Verified' },
  dispositioned: { id: 'Didisposisikan', en: 'Dispositioned' },
  in_progress: { id: 'Sedang Ditindaklanjuti', en: 'In progress' },
  resolved: { id: 'Selesai', en: 'Resolved' },
  closed: { id: 'Ditutup', en: 'Closed' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
};

/**
 * The admin app's words for the same statuses (list display, "Ubah status",
 * refusals, exports): shorter, and in the officers' own terms. STATUS_LABELS
 * above is what the citizen reads on WhatsApp.
 */
export const STATUS_ADMIN_LABELS: Record<Status, { id: string; en: string }> = {
  received: { id: 'Diterima', en: 'Received' },
  needs_info: { id: 'Perlu info warga', en: 'Needs information' },
  verified: { id: 'Terverifikasi', en: 'Verified' },
  dispositioned: { id: 'Didisposisi', en: 'Dispositioned' },
  in_progress: { id: 'Dalam proses', en: 'In progress' },
  resolved: { id: 'Selesai ditangani', en: 'Resolved' },
  closed: { id: 'Ditutup', en: 'Closed' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
};

export const STATUS_REASON_LABELS: Record<StatusReason, { id: string; en: string }> = {
  spam: { id: 'Spam', en: 'Spam' },
  duplicate: { id: 'Laporan ganda', en: 'Duplicate' },
  out_of_scope: { id: 'Di luar kewenangan pemerintah daerah', en: 'Out of scope' },
  invalid: { id: 'Tidak dapat ditindaklanjuti', en: 'Invalid' },
  not_authority: { id: 'Bukan wewenang', en: 'Not our authority' },
  citizen_confirmed: { id: 'Dikonfirmasi pelapor', en: 'Confirmed by the reporter' },
  no_response: { id: 'Tidak ada tanggapan pelapor', en: 'No response from the reporter' },
};

export const ROLE_LABELS: Record<Role, { id: string; en: string }> = {
  admin: { id: 'Administrator', en: 'Administrator' },
  verifikator: { id: 'Verifikator', en: 'Verifier' },
  opd_officer: { id: 'Petugas OPD', en: 'Agency officer' },
  opd_head: { id: 'Kepala OPD', en: 'Agency head' },
  camat: { id: 'Camat', en: 'Sub-district head (Camat)' },
  kades: { id: 'Lurah/Kepala Desa', en: 'Village head (Lurah/Kepala Desa)' },
  desk_team: { id: 'Tim Meja Kecamatan', en: 'Sub-district intake desk team' },
  pimpinan: { id: 'Pimpinan', en: 'Leadership' },
  service: { id: 'Layanan n8n', en: 'n8n service' },
  citizen: { id: 'Pelapor', en: 'Reporter' },
  system: { id: 'Sistem', en: 'System' },
};

export type TransitionAction =
  | 'verify'
  | 'request_info'
  | 'provide_info'
  | 'reject'
  | 'dispose'
  | 'accept'
  | 'return'
  | 'resolve'
  | 'close'
  | 'reopen';

export interface Transition {
  readonly from: Status;
  readonly to: Status;
  readonly action: TransitionAction;
  /** Who may make the move. `admin` may make every move of the graph. */
  readonly roles: readonly Role[];
  /** When set, a status_reason from this list is required. */
  readonly reasons?: readonly StatusReason[];
}

const VERIFIERS = ['admin', 'verifikator'] as const;
// A kecamatan desk's team screens its own desk's new reports as the verifikator does (verify,
// ask the citizen, reject, disposition); the adapter checks the report is its desk's. Closing
// and reopening a resolved report stay the verifikator's.
const SCREENERS = [...VERIFIERS, 'desk_team'] as const;
// The adapter checks that the report is assigned to the user's own agency (an
// OPD, the kecamatan office, the kelurahan/desa office); core only sees the role.
// A desa office handles what is dispositioned to it as the Camat's office does.
const HANDLERS = ['admin', 'opd_officer', 'opd_head', 'camat', 'kades'] as const;
// Moves n8n makes on behalf of the citizen or the clock.
const ON_BEHALF = ['citizen', 'service', 'system'] as const;
const REJECT_REASONS = ['spam', 'duplicate', 'out_of_scope', 'invalid'] as const;
const CLOSE_REASONS = ['citizen_confirmed', 'no_response'] as const;

export const TRANSITIONS: readonly Transition[] = [
  { from: 'received', to: 'verified', action: 'verify', roles: SCREENERS },
  { from: 'received', to: 'needs_info', action: 'request_info', roles: SCREENERS },
  { from: 'needs_info', to: 'received', action: 'provide_info', roles: ['admin', ...ON_BEHALF] },
  { from: 'needs_info', to: 'verified', action: 'verify', roles: SCREENERS },
  { from: 'received', to: 'rejected', action: 'reject', roles: SCREENERS, reasons: REJECT_REASONS },
  { from: 'needs_info', to: 'rejected', action: 'reject', roles: SCREENERS, reasons: REJECT_REASONS },
  { from: 'verified', to: 'rejected', action: 'reject', roles: SCREENERS, reasons: REJECT_REASONS },
  { from: 'verified', to: 'dispositioned', action: 'dispose', roles: SCREENERS },
  { from: 'dispositioned', to: 'in_progress', action: 'accept', roles: HANDLERS },
  { from: 'dispositioned', to: 'verified', action: 'return', roles: HANDLERS, reasons: ['not_authority'] },
  { from: 'in_progress', to: 'verified', action: 'return', roles: HANDLERS, reasons: ['not_authority'] },
  { from: 'in_progress', to: 'resolved', action: 'resolve', roles: HANDLERS },
  { from: 'resolved', to: 'closed', action: 'close', roles: [...VERIFIERS, ...ON_BEHALF], reasons: CLOSE_REASONS },
  { from: 'resolved', to: 'in_progress', action: 'reopen', roles: [...VERIFIERS, ...ON_BEHALF] },
];

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export function statusKind(status: Status): StatusKind {
  return KINDS[status];
}

/**
 * Whether a report counts as fixed (rankings, public stats). A closed report
 * is fixed only when it was closed after resolution (citizen confirmed or the
 * 10-working-day silence); rejected reports are closed, never fixed.
 */
export function isFixed(status: Status, statusReason?: string | null): boolean {
  if (status === 'resolved') return true;
  if (status === 'closed') return statusReason === 'citizen_confirmed' || statusReason === 'no_response';
  return false;
}

export function isOpen(status: Status): boolean {
  return KINDS[status] === 'open';
}

function findTransition(from: Status, to: Status): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

/** The graph move from `from` to `to`, if it exists (regardless of role). */
export function transitionBetween(from: Status, to: Status): Transition | null {
  return findTransition(from, to) ?? null;
}

/**
 * An agency handing a report back ("bukan wewenang"): the graph's `return`
 * move. The returning agency lets go of the report, its assignment closes
 * (a return within the grace does not count against it), and the citizen is
 * not told until the verifikator dispositions it again.
 */
export function isReturn(from: Status | null, to: Status): boolean {
  return from !== null && findTransition(from, to)?.action === 'return';
}

/**
 * Statuses in which an agency holds the report (it has an active assignment):
 * everything the disposition leads to until the agency hands it back. Derived
 * from the graph: reachable from the `dispose` move without a `return`.
 */
export const AGENCY_HELD_STATUSES: readonly Status[] = (() => {
  const held = new Set<Status>(TRANSITIONS.filter((t) => t.action === 'dispose').map((t) => t.to));
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of TRANSITIONS) {
      if (t.action === 'return' || !held.has(t.from) || held.has(t.to)) continue;
      held.add(t.to);
      grew = true;
    }
  }
  return STATUSES.filter((s) => held.has(s));
})();

export function isAgencyHeld(status: Status): boolean {
  return AGENCY_HELD_STATUSES.includes(status);
}

/**
 * Statuses in which a report is still new, being screened at its intake desk: open and not yet
 * held by an agency (received, needs_info, verified). Derived from the graph, never listed by hand.
 */
export const SCREENING_STATUSES: readonly Status[] = STATUSES.filter((s) => isOpen(s) && !isAgencyHeld(s));

export function isScreening(status: Status): boolean {
  return SCREENING_STATUSES.includes(status);
}

export function canTransition(from: Status, to: Status, role: Role): boolean {
  const t = findTransition(from, to);
  return t !== undefined && (role === 'admin' || t.roles.includes(role));
}

/** Moves `role` may make from `from` (for buttons in the app and bot menus). */
export function transitionsFor(from: Status, role: Role): Transition[] {
  return TRANSITIONS.filter((t) => t.from === from && (role === 'admin' || t.roles.includes(role)));
}

/** Reasons the move requires, or null when it takes none. */
export function reasonsFor(from: Status, to: Status): readonly StatusReason[] | null {
  return findTransition(from, to)?.reasons ?? null;
}

/**
 * Throws DomainError 'COMPLAINT.BAD_TRANSITION' when the move is not in the
 * graph or not allowed for `role`. When `reason` is passed (a value or null),
 * it is checked too: moves with `reasons` require one of them
 * ('COMPLAINT.REASON_REQUIRED'); leave it undefined to check the move only.
 */
export function assertTransition(from: Status, to: Status, role: Role, reason?: string | null): void {
  const t = findTransition(from, to);
  const fromLabel = STATUS_ADMIN_LABELS[from]?.id ?? String(from);
  const toLabel = STATUS_ADMIN_LABELS[to]?.id ?? String(to);
  if (t === undefined) {
    throw new DomainError(
      'COMPLAINT.BAD_TRANSITION',
      `Status laporan tidak dapat diubah dari «${fromLabel}» ke «${toLabel}».`,
      { from, to, role, cause: 'not_in_graph' },
    );
  }
  if (role !== 'admin' && !t.roles.includes(role)) {
    const roleLabel = ROLE_LABELS[role]?.id ?? String(role);
    throw new DomainError(
      'COMPLAINT.BAD_TRANSITION',
      `Peran «${roleLabel}» tidak berwenang mengubah status laporan dari «${fromLabel}» ke «${toLabel}».`,
      { from, to, role, cause: 'role_not_allowed' },
    );
  }
  if (reason !== undefined && t.reasons !== undefined && !(t.reasons as readonly string[]).includes(reason ?? '')) {
    const allowed = t.reasons.map((r) => `«${STATUS_REASON_LABELS[r].id}»`).join(', ');
    throw new DomainError(
      'COMPLAINT.REASON_REQUIRED',
      `Perubahan status dari «${fromLabel}» ke «${toLabel}» memerlukan alasan: ${allowed}.`,
      { from, to, role, reason, allowed: [...t.reasons] },
    );
  }
}
