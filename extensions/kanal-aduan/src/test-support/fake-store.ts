import type { JoinOriginal, SlaPolicy, WorkCalendar } from '@kanal-aduan/core';
import { BUILT_IN_SP4N } from '../shared/defaults.ts';
import type { OutboxPolicy, OutboxRow, StaleSummary } from '../complaints/outbox/policy.ts';
import { claimPatch, isClaimable } from './outbox-claim.ts';
import type {
  AssignmentRow, AssignmentStore, ComplaintSnapshot, ComplaintStore, ComplaintUpdateInput, HistoryStore, KanalSettings,
  MoveState, NewOutboxRow, OutboxStore, OutboxTx, UnannouncedFollowUp, UnrecordedComplaint,
} from '../shared/store.ts';

/** In-memory ComplaintStore/HistoryStore for handler tests: counters per period, policies by category, rows by id. */
export class FakeStore implements ComplaintStore, HistoryStore, AssignmentStore, OutboxStore, OutboxTx {
  counters = new Map<string, number>();
  settingsValue: KanalSettings = { ticketPrefix: 'ADU', timezone: 'Asia/Jakarta' };
  policies = new Map<string, SlaPolicy>([['SP4N', BUILT_IN_SP4N]]);
  categoryPolicy = new Map<string, string>();
  holidays = new Set<string>();
  rows = new Map<string, ComplaintSnapshot>();
  users = new Map<string, string | null>();
  updates: ComplaintUpdateInput[] = [];
  assignments: Array<AssignmentRow & Record<string, unknown>> = [];
  outbox = new Map<string, OutboxRow & { received_at?: Date | null }>();
  /** Complaints' `last_transition`/`pending_transition` and save time, as the filter left them (by key). */
  saved = new Map<string, { last_transition: unknown; pending_transition: string | null; saved_at: Date }>();
  /** `complaint_updates` rows the follow-up repair reads; `viaDirectus`: Directus logged the create (a directus_activity row). */
  followUps: Array<{ id: number; complaint: number; kind: string; public: boolean; created_at: Date; viaDirectus: boolean }> = [];
  /** Throws inside the next transaction after this many writes (simulates a crash or a conflict mid-way). */
  failAfterWrites: number | null = null;
  #writes = 0;

  // --- OutboxStore / OutboxTx: same rules as the knex adapter, in memory.
  async transaction<T>(fn: (tx: OutboxTx) => Promise<T>): Promise<T> {
    const before = {
      updates: [...this.updates],
      assignments: this.assignments.map((a) => ({ ...a })),
      outbox: new Map([...this.outbox].map(([k, v]) => [k, { ...v }])),
      saved: new Map([...this.saved].map(([k, v]) => [k, { ...v }])),
    };
    this.#writes = 0;
    try {
      return await fn(this);
    } catch (error) {
      this.updates = before.updates;
      this.assignments = before.assignments;
      this.outbox = before.outbox;
      this.saved = before.saved;
      throw error;
    } finally {
      this.failAfterWrites = null;
    }
  }
  #write() {
    if (this.failAfterWrites !== null && this.#writes++ >= this.failAfterWrites) throw new Error('simulated crash');
  }
  async outboxExists(id: string) {
    return this.outbox.has(id);
  }
  async addOutbox(row: NewOutboxRow) {
    this.#write();
    if (this.outbox.has(row.id)) throw new Error(`duplicate key value violates unique constraint (event_outbox.id = ${row.id})`);
    this.outbox.set(row.id, { ...row, attempts: 0, delivered_at: null, last_error: null, received_at: null });
  }
  async clearPendingTransition(complaint: string | number, transitionId: string) {
    const s = this.saved.get(String(complaint));
    if (s && s.pending_transition === transitionId) s.pending_transition = null;
  }
  async moveState(complaint: string | number): Promise<MoveState | null> {
    const s = this.saved.get(String(complaint));
    if (!s) return null;
    return { status: this.rows.get(String(complaint))?.status ?? 'received', last_transition: s.last_transition, pending_transition: s.pending_transition };
  }
  async lastRecordedStatus(complaint: string | number) {
    return this.updates.filter((u) => String(u.complaint) === String(complaint) && u.kind === 'status_change').at(-1)?.status_to ?? null;
  }
  /** Reports whose join the handlers asked to recount (the count itself: complaints/join/reporters.ts). */
  recounted: Array<string | number> = [];
  async recountReporters(complaint: string | number) {
    this.recounted.push(complaint);
  }
  async updateRow(id: string | number) {
    const u = this.followUps.find((f) => String(f.id) === String(id));
    return u ? { complaint: u.complaint, kind: u.kind, public: u.public } : null;
  }
  async unrecorded(before: Date, limit: number): Promise<UnrecordedComplaint[]> {
    return [...this.saved]
      .filter(([, s]) => s.pending_transition !== null && s.saved_at.getTime() < before.getTime())
      .slice(0, limit)
      .map(([id, s]) => ({ id: Number(id), last_transition: s.last_transition, pending_transition: s.pending_transition! }));
  }
  async claim(id: string, now: Date, policy: OutboxPolicy) {
    const row = this.outbox.get(id);
    if (!row || !isClaimable(row, now)) return null;
    Object.assign(row, claimPatch(row, now, policy));
    return { ...row };
  }
  async dueIds(now: Date, limit: number) {
    return [...this.outbox.values()].filter((r) => isClaimable(r, now)).sort((a, b) => a.created_at.getTime() - b.created_at.getTime()).slice(0, limit).map((r) => r.id);
  }
  async settle(id: string, patch: Record<string, unknown>) {
    const row = this.outbox.get(id);
    if (row) Object.assign(row, patch);
  }
  async undeliveredSince(before: Date): Promise<StaleSummary> {
    const rows = [...this.outbox.values()].filter((r) => r.delivered_at === null && r.next_attempt_at !== null && r.created_at.getTime() < before.getTime());
    rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    return { count: rows.length, oldest: rows[0]?.created_at ?? null, lastError: rows.at(-1)?.last_error ?? null };
  }
  async unannouncedFollowUps(since: Date, before: Date, limit: number): Promise<UnannouncedFollowUp[]> {
    return this.followUps
      .filter((u) => u.kind === 'follow_up' && u.public && u.viaDirectus && u.created_at >= since && u.created_at < before && !this.outbox.has(`update:${u.id}`))
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
      .map((u) => ({ id: u.id, complaint: u.complaint, created_at: u.created_at }));
  }
  async pruneDelivered(before: Date, batch: number) {
    const old = [...this.outbox.values()].filter((r) => r.delivered_at !== null && r.delivered_at < before);
    old.sort((a, b) => a.delivered_at!.getTime() - b.delivered_at!.getTime());
    for (const r of old.slice(0, batch)) this.outbox.delete(r.id);
    return Math.min(batch, old.length);
  }
  async markReceived(id: string, at: Date) {
    const row = this.outbox.get(id);
    if (!row) return 'unknown' as const;
    if (row.received_at) return 'duplicate' as const;
    row.received_at = at;
    return 'first' as const;
  }

  async activeAssignment(complaint: string | number) {
    return this.assignments.filter((a) => String(a['complaint']) === String(complaint) && a.active).at(-1) ?? null;
  }
  async createAssignment(row: Parameters<AssignmentStore['createAssignment']>[0]) {
    this.#write();
    this.assignments.push({ id: this.assignments.length + 1, accepted_at: null, first_response_at: null, ...row });
  }
  async updateAssignment(id: string | number, patch: Record<string, unknown>) {
    const row = this.assignments.find((a) => a.id === id);
    if (row) Object.assign(row, patch);
  }
  async returnGrace(complaint: string | number) {
    const category = this.rows.get(String(complaint))?.category ?? null;
    return { days: (await this.slaPolicy(category)).return_grace_days, calendar: await this.calendar(this.settingsValue.timezone) };
  }
  async complaintAgency(complaint: string | number) {
    return this.rows.get(String(complaint))?.assigned_agency ?? null;
  }

  async settings() {
    return this.settingsValue;
  }
  async nextTicketSeq(period: string) {
    const next = (this.counters.get(period) ?? 0) + 1;
    this.counters.set(period, next);
    return next;
  }
  async slaPolicy(category: string | null) {
    const code = category ? this.categoryPolicy.get(category) : undefined;
    return (code && this.policies.get(code)) || this.policies.get('SP4N') || BUILT_IN_SP4N;
  }
  async calendar(timezone: string): Promise<WorkCalendar> {
    return { timezone, holidays: this.holidays };
  }
  async complaints(keys: ReadonlyArray<string | number>) {
    return keys.map((k) => this.rows.get(String(k))).filter((r): r is ComplaintSnapshot => r !== undefined);
  }
  async joinOriginal(id: string | number): Promise<JoinOriginal | null> {
    const r = this.rows.get(String(id));
    if (!r) return null;
    const up = r.duplicate_of === null || r.duplicate_of === undefined ? undefined : this.rows.get(String(r.duplicate_of));
    return { id: r.id, ticket: r.ticket, status: r.status, status_reason: r.status_reason ?? null, duplicate_of_ticket: up?.ticket ?? null };
  }
  async userAgency(userId: string) {
    return this.users.get(userId) ?? null;
  }
  async createUpdate(row: ComplaintUpdateInput) {
    this.#write();
    this.updates.push(row);
  }
  async complaintSummary(id: string | number) {
    const row = this.rows.get(String(id));
    return row ? { ticket: row.ticket, status: row.status } : null;
  }

  addComplaint(row: Partial<ComplaintSnapshot> & Pick<ComplaintSnapshot, 'id' | 'status'>): ComplaintSnapshot {
    const full: ComplaintSnapshot = {
      ticket: `ADU-2611-${String(row.id).padStart(5, '0')}`,
      category: null,
      assigned_agency: null,
      suggested_agency: null,
      verified_at: null,
      first_response_at: null,
      reopen_count: 0,
      last_transition: null,
      pending_transition: null,
      ...row,
    };
    this.rows.set(String(row.id), full);
    return full;
  }
}
