import type { SlaPolicy, WorkCalendar } from '@kanal-aduan/core';
import { BUILT_IN_SP4N } from '../shared/defaults.ts';
import type { AssignmentRow, AssignmentStore, ComplaintSnapshot, ComplaintStore, ComplaintUpdateInput, HistoryStore, KanalSettings } from '../shared/store.ts';

/** In-memory ComplaintStore/HistoryStore for handler tests: counters per period, policies by category, rows by id. */
export class FakeStore implements ComplaintStore, HistoryStore, AssignmentStore {
  counters = new Map<string, number>();
  settingsValue: KanalSettings = { ticketPrefix: 'ADU', timezone: 'Asia/Jakarta' };
  policies = new Map<string, SlaPolicy>([['SP4N', BUILT_IN_SP4N]]);
  categoryPolicy = new Map<string, string>();
  holidays = new Set<string>();
  rows = new Map<string, ComplaintSnapshot>();
  users = new Map<string, string | null>();
  updates: ComplaintUpdateInput[] = [];
  assignments: Array<AssignmentRow & Record<string, unknown>> = [];

  async activeAssignment(complaint: string | number) {
    return this.assignments.filter((a) => String(a['complaint']) === String(complaint) && a.active).at(-1) ?? null;
  }
  async createAssignment(row: Parameters<AssignmentStore['createAssignment']>[0]) {
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
  async userAgency(userId: string) {
    return this.users.get(userId) ?? null;
  }
  async createUpdate(row: ComplaintUpdateInput) {
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
      ...row,
    };
    this.rows.set(String(row.id), full);
    return full;
  }
}
