import { z } from 'zod';
import { DomainError } from './errors.ts';
import { isScreening, type Role, type Status } from './statuses.ts';

/**
 * Intake desks ("meja pengaduan"): a desk owns the numbers/accounts citizens write to (a
 * WhatsApp phone_number_id, a Telegram bot, a Facebook Page, an Instagram account), serves an area (the whole kabupaten, one kecamatan, one desa) and
 * is screened by its team. A report carries the desk it came in at; the kabupaten's desk is the
 * default (web form, call centre, Open311, a number no desk owns). A kecamatan desk's team
 * screens its own desk's new reports and may pass one up to the default desk.
 */
export const DESK_LEVELS = ['kabupaten', 'kecamatan', 'desa'] as const;
export type DeskLevel = (typeof DESK_LEVELS)[number];

export const Desk = z.object({
  code: z.string().min(1).max(64),
  name: z.string().min(1),
  region: z.string().nullable(),
  level: z.enum(DESK_LEVELS),
  /** Meta's phone_number_id of the WhatsApp number the desk owns (webhook `metadata.phone_number_id`). */
  wa_phone_number_id: z.string().regex(/^\d+$/).nullable(),
  /** The desk's own Telegram bot: the bot's id (the digits before ':' in its token). */
  telegram_bot_id: z.string().regex(/^\d{1,32}$/).nullable().default(null),
  /** The desk's own Facebook Page (Messenger webhook `entry[].id`). */
  facebook_page_id: z.string().regex(/^\d{1,32}$/).nullable().default(null),
  /** The desk's own Instagram professional account (Instagram webhook `entry[].id`). */
  instagram_account_id: z.string().regex(/^\d{1,32}$/).nullable().default(null),
  active: z.boolean(),
  is_default: z.boolean(),
});
export type Desk = z.infer<typeof Desk>;

/**
 * The account a citizen wrote to, as the channel triggers stamp it: a WhatsApp phone_number_id
 * (digits), `tg:<bot id>`, `fb:<page id>` or `ig:<Instagram account id>`. Replies and notices go
 * out from the same account.
 */
export const ACCOUNT_KEY_PATTERN = /^(\d{1,32}|(tg|fb|ig):\d{1,32})$/;

type DeskAccounts = Pick<Desk, 'active' | 'is_default' | 'wa_phone_number_id'> & Partial<Pick<Desk, 'telegram_bot_id' | 'facebook_page_id' | 'instagram_account_id'>>;

/** Whether the desk owns the account (a phone_number_id or a `tg:`/`fb:`/`ig:` key). */
function ownsAccount(d: DeskAccounts, account: string): boolean {
  const [prefix, id] = account.includes(':') ? (account.split(':', 2) as [string, string]) : ['', account];
  const owned = { '': d.wa_phone_number_id, tg: d.telegram_bot_id, fb: d.facebook_page_id, ig: d.instagram_account_id }[prefix];
  return owned != null && owned === id;
}

/** The active default desk (the kabupaten's), or null when none is configured. */
export function defaultDesk<D extends Pick<Desk, 'active' | 'is_default'>>(desks: readonly D[]): D | null {
  return desks.find((d) => d.active && d.is_default) ?? null;
}

/**
 * The desk a chat message belongs to: the active desk owning the account it was written to (a
 * WhatsApp number, a Telegram bot, a Facebook Page, an Instagram account), else the default desk
 * (an account nobody owns is still the region's complaint line), else null.
 */
export function deskForAccount<D extends DeskAccounts>(desks: readonly D[], account: string | null | undefined): D | null {
  const owner = account && ACCOUNT_KEY_PATTERN.test(account) ? desks.find((d) => d.active && ownsAccount(d, account)) : undefined;
  return owner ?? defaultDesk(desks);
}

export type DeskMoveReport = { ticket: string | null; status: Status; desk: string | null };
export type DeskMove = {
  role: Role;
  report: DeskMoveReport;
  /** The caller's own desk (directus_users.desk), for a desk team. */
  userDesk: string | null;
  /** The desk the report is moved to (null: no desk). */
  to: string | null;
  desks: ReadonlyArray<Pick<Desk, 'code' | 'active' | 'is_default'>>;
};

/**
 * Whether a report may change desk, and how. A desk team may only pass its own desk's new
 * report up to the default desk ("Teruskan ke kabupaten"); the verifikator may move a new report
 * to any active desk; admins and the service (backfills) anything. The status does not change.
 * Throws DomainError DESK.* otherwise; returns 'pass_up' or 'move'.
 */
export function assertDeskMove(m: DeskMove): 'pass_up' | 'move' {
  const ticket = m.report.ticket ?? 'ini';
  const target = m.to === null ? null : m.desks.find((d) => d.code === m.to) ?? null;
  const fallback = defaultDesk(m.desks as Array<Pick<Desk, 'code' | 'active' | 'is_default'>>);
  const kind = fallback !== null && m.to === fallback.code ? 'pass_up' : 'move';
  if (m.role === 'admin' || m.role === 'service') return kind;
  if (m.role !== 'verifikator' && m.role !== 'desk_team') {
    throw new DomainError('DESK.NOT_ALLOWED', 'Meja laporan hanya dapat diubah oleh verifikator atau tim meja laporan itu.', { role: m.role });
  }
  if (m.role === 'desk_team' && (m.userDesk === null || m.report.desk !== m.userDesk)) {
    throw new DomainError('DESK.NOT_YOUR_DESK', `Laporan ${ticket} bukan laporan meja Anda.`, { ticket: m.report.ticket });
  }
  if (!isScreening(m.report.status)) {
    throw new DomainError('DESK.NOT_NEW', `Laporan ${ticket} sudah didisposisikan atau selesai; mejanya tidak dapat diubah lagi.`, { ticket: m.report.ticket, status: m.report.status });
  }
  if (target === null || !target.active) {
    throw new DomainError('DESK.UNKNOWN', 'Pilih meja tujuan yang aktif.', { desk: m.to });
  }
  if (m.role === 'desk_team' && kind !== 'pass_up') {
    throw new DomainError('DESK.PASS_UP_ONLY', 'Tim meja hanya dapat meneruskan laporan ke meja kabupaten.', { desk: m.to });
  }
  return kind;
}

/**
 * Whether a desk team member may write an internal note on this report: only on their own desk's
 * reports while they screen them (the same reports the team reads and decides on).
 */
export function assertDeskNote(report: DeskMoveReport, userDesk: string | null): void {
  const ticket = report.ticket ?? 'ini';
  if (userDesk === null || report.desk !== userDesk || !isScreening(report.status)) {
    throw new DomainError('DESK.NOT_YOUR_DESK', `Catatan hanya dapat ditulis pada laporan baru di meja Anda; laporan ${ticket} tidak.`, { ticket: report.ticket });
  }
}

/** The history row's text of a desk change (internal; the citizen is not told). */
export function deskMoveNote(kind: 'pass_up' | 'move', from: string | null, to: string): string {
  const origin = from ? ` dari ${from}` : '';
  return kind === 'pass_up' ? `Diteruskan${origin} ke ${to}.` : `Dipindahkan${origin} ke ${to}.`;
}
