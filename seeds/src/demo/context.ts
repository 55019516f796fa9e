import { makeCalendar, SP4N_POLICY_CODE, type Agency, type Category, type Region, type RoutingRule, type SlaPolicy } from '@kanal-aduan/core';
import type { ReferenceData } from '../reference.ts';
import { DEMO_USERS } from '../users.ts';
import { OKI_BBOX, type DemoContext } from './generate.ts';

/** What a generator context is made of, wherever it is read from (seed data, Directus REST, the database). */
export type DemoReference = {
  timezone: string;
  holidays: Iterable<string | { date: string }>;
  policies: readonly SlaPolicy[];
  /** settings.ticket_prefix; 'ADU' when unset. */
  ticketPrefix: unknown;
  /** settings.regency_code. */
  regencyCode: unknown;
  categories: readonly Category[];
  routingRules: readonly RoutingRule[];
  agencies: readonly Agency[];
  regions: readonly Region[];
};

/**
 * A generator context from an instance's reference data: its working-day
 * calendar, the SP4N policy (else the first one), the demo users as authors
 * (only those in `present` when given: the ones the instance really has) and,
 * for the demo kabupaten, the box shared locations fall in.
 */
export function demoContext(ref: DemoReference, now: Date, present?: ReadonlySet<string>): DemoContext {
  const policy = ref.policies.find((p) => p.code === SP4N_POLICY_CODE) ?? ref.policies[0];
  if (!policy) throw new Error('Data rujukan belum ada (kebijakan SLA): jalankan dulu `npx tsx seeds/src/cli.ts apply`.');
  const users = present ? DEMO_USERS.filter((u) => present.has(u.id)) : DEMO_USERS;
  const officers: Record<string, string> = {};
  for (const u of users) if ((u.role === 'opd_officer' || u.role === 'camat' || u.role === 'kades') && u.agency) officers[u.agency] ??= u.id;
  return {
    now,
    calendar: makeCalendar(ref.timezone, ref.holidays),
    policy,
    ticketPrefix: String(ref.ticketPrefix ?? 'ADU'),
    categories: ref.categories,
    routingRules: ref.routingRules,
    agencies: ref.agencies,
    regions: ref.regions,
    users: { verifikator: users.find((u) => u.role === 'verifikator')?.id ?? null, officers },
    bbox: ref.regencyCode === '16.02' ? OKI_BBOX : null,
  };
}

/** A generator context from the seed reference data (no database needed). */
export function demoContextFromReference(data: ReferenceData, now: Date, extra: Partial<DemoContext> = {}): DemoContext {
  const { settings } = data;
  const ref = { ...data, timezone: settings.timezone, policies: data.slaPolicies, ticketPrefix: settings.ticket_prefix, regencyCode: settings.regency_code };
  return { ...demoContext(ref, now), ...extra };
}
