import {
  addWorkingDays, Assignment, canTransition, Citizen, Complaint, ComplaintUpdate, ticketPeriod, type Status,
} from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { buildReferenceData } from '../reference.ts';
import { demoContextFromReference } from './context.ts';
import { createDemoGenerator, generateComplaints } from './generate.ts';
import { createRng } from './rng.ts';

const data = await buildReferenceData({ regencyCode: '16.02', timezone: 'Asia/Jakarta' });
const now = new Date('2026-11-24T10:00:00+07:00');
const ctx = demoContextFromReference(data, now);
const N = 600;
const batch = generateComplaints(N, ctx, createRng(7));

describe('generateComplaints determinism', () => {
  it('gives the same data for the same seed, whatever the batch sizes', () => {
    const again = generateComplaints(N, ctx, createRng(7));
    expect(again).toEqual(batch);
    const gen = createDemoGenerator(N, ctx, 7);
    const parts = [gen.next(250), gen.next(1), gen.next(1000)];
    expect(parts.flatMap((p) => p.complaints)).toEqual(batch.complaints);
    expect(parts.flatMap((p) => p.updates)).toEqual(batch.updates);
    expect(gen.remaining).toBe(0);
  });
  it('gives different data for another seed', () => {
    expect(generateComplaints(20, ctx, 8).complaints).not.toEqual(generateComplaints(20, ctx, 7).complaints);
  });
});

describe('generated reports are internally consistent', () => {
  const t = (s: string | null) => (s === null ? null : Date.parse(s));
  const group = <T extends { complaint: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) m.set(r.complaint, [...(m.get(r.complaint) ?? []), r]);
    return m;
  };
  const updatesBy = group(batch.updates);
  const assignmentsBy = group(batch.assignments);

  it('every row parses with the core model schemas', () => {
    for (const c of batch.complaints) Complaint.parse(c);
    for (const c of batch.citizens) Citizen.parse(c);
    for (const a of batch.assignments) Assignment.parse(a);
    for (const u of batch.updates) ComplaintUpdate.parse(u);
  });

  it('has a realistic mix of statuses over the last 120 days', () => {
    const statuses = new Set(batch.complaints.map((c) => c.status));
    for (const s of ['received', 'dispositioned', 'in_progress', 'resolved', 'closed', 'rejected'] as Status[]) expect(statuses.has(s), s).toBe(true);
    const closed = batch.complaints.filter((c) => c.status === 'closed').length;
    expect(closed / N).toBeGreaterThan(0.3);
    const oldest = Math.min(...batch.complaints.map((c) => t(c.received_at)!));
    expect(now.getTime() - oldest).toBeGreaterThan(100 * 86_400_000);
    expect(now.getTime() - oldest).toBeLessThanOrEqual(120 * 86_400_000);
    expect(batch.complaints.some((c) => c.reopen_count > 0)).toBe(true);
    expect(batch.assignments.some((a) => a.returned_at && a.return_reason)).toBe(true);
  });

  it('stage times never run backwards and never lie in the future', () => {
    for (const c of batch.complaints) {
      const chain = [c.received_at, c.verified_at, c.dispositioned_at, c.first_response_at, c.resolved_at, c.closed_at].map(t).filter((x) => x !== null) as number[];
      for (let i = 1; i < chain.length; i++) expect(chain[i]!, c.ticket).toBeGreaterThanOrEqual(chain[i - 1]!);
      expect(chain[chain.length - 1]!).toBeLessThanOrEqual(now.getTime());
      if (c.status === 'resolved' || c.status === 'closed') {
        expect(t(c.resolved_at)! >= t(c.first_response_at)! && t(c.first_response_at)! >= t(c.dispositioned_at)!).toBe(true);
        expect(t(c.dispositioned_at)! >= t(c.verified_at)! && t(c.verified_at)! >= t(c.received_at)!).toBe(true);
      }
    }
  });

  it('history rows form a legal chain that ends in the final status', () => {
    for (const c of batch.complaints) {
      const changes = (updatesBy.get(c.id) ?? []).filter((u) => u.kind === 'status_change');
      expect(changes[0]).toMatchObject({ status_from: null, status_to: 'received' });
      for (let i = 1; i < changes.length; i++) {
        const u = changes[i]!;
        expect(u.status_from, c.ticket).toBe(changes[i - 1]!.status_to);
        // admin may make every move of core's graph: this checks the move exists.
        expect(canTransition(u.status_from!, u.status_to!, 'admin'), `${c.ticket} ${u.status_from}->${u.status_to}`).toBe(true);
        expect(Date.parse(u.date_created!)).toBeGreaterThanOrEqual(Date.parse(changes[i - 1]!.date_created!));
      }
      expect(changes[changes.length - 1]!.status_to, c.ticket).toBe(c.status);
      expect(changes.filter((u) => u.status_from === 'resolved' && u.status_to === 'in_progress').length).toBe(c.reopen_count);
    }
  });

  it('assignments match the assigned agency and the due dates follow the SP4N clock', () => {
    for (const c of batch.complaints) {
      const own = assignmentsBy.get(c.id) ?? [];
      const active = own.filter((a) => a.active);
      expect(active.length).toBeLessThanOrEqual(1);
      if (c.assigned_agency) expect(active[0]?.agency).toBe(c.assigned_agency);
      else expect(active).toHaveLength(0);
      for (const a of own.filter((a) => !a.active)) expect(a.return_reason).toBeTruthy();
      expect(c.verify_due).toBe(addWorkingDays(new Date(c.received_at!), 3, ctx.calendar).toISOString());
      if (c.dispositioned_at) expect(c.respond_due).toBe(addWorkingDays(new Date(c.dispositioned_at), 5, ctx.calendar).toISOString());
      if (c.status === 'closed') expect(['citizen_confirmed', 'no_response']).toContain(c.status_reason);
      if (c.status === 'rejected') expect(['spam', 'duplicate', 'out_of_scope', 'invalid']).toContain(c.status_reason);
      if (c.satisfaction !== null) expect(c.status).toBe('closed');
      if (c.status_reason === 'duplicate') expect(c.duplicate_of).toBeLessThan(c.id);
    }
    const agencies = new Set(data.agencies.map((a) => a.code));
    for (const a of batch.assignments) expect(agencies.has(a.agency)).toBe(true);
  });

  it('numbers tickets per month in the order reports arrived', () => {
    const tickets = batch.complaints.map((c) => c.ticket);
    expect(new Set(tickets).size).toBe(N);
    const lastSeq = new Map<string, number>();
    for (const c of batch.complaints) {
      const [, period, seq] = c.ticket.split('-');
      expect(period).toBe(ticketPeriod(new Date(c.received_at!), 'Asia/Jakarta'));
      expect(Number(seq)).toBe((lastSeq.get(period!) ?? 0) + 1);
      lastSeq.set(period!, Number(seq));
    }
    const cont = generateComplaints(3, { ...ctx, ticketStart: { '2611': 41 }, days: 5 }, 1).complaints;
    expect(cont[0]!.ticket).toMatch(/^ADU-2611-000(42|01)$/);
  });

  it('references only existing citizens and regions', () => {
    const citizens = new Set(batch.citizens.map((c) => c.id));
    const regions = new Set(data.regions.map((r) => r.code));
    for (const c of batch.complaints) {
      expect(citizens.has(c.reporter!)).toBe(true);
      expect(regions.has(c.region!)).toBe(true);
      expect(c.description).not.toMatch(/\{[a-z]+\}/);
    }
    expect(new Set(batch.citizens.map((c) => c.wa_id)).size).toBe(batch.citizens.length);
  });
});
