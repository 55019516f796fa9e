import { makeCalendar, SP4N_POLICY_CODE } from '@kanal-aduan/core';
import type { ReferenceData } from '../reference.ts';
import { DEMO_USERS } from '../users.ts';
import { OKI_BBOX, type DemoContext } from './generate.ts';

/** A generator context from the seed reference data (no database needed). */
export function demoContextFromReference(data: ReferenceData, now: Date, extra: Partial<DemoContext> = {}): DemoContext {
  const officers: Record<string, string> = {};
  for (const u of DEMO_USERS) if ((u.role === 'opd_officer' || u.role === 'camat') && u.agency && !officers[u.agency]) officers[u.agency] = u.id;
  return {
    now,
    calendar: makeCalendar(data.settings.timezone, data.holidays),
    policy: data.slaPolicies.find((p) => p.code === SP4N_POLICY_CODE) ?? data.slaPolicies[0]!,
    ticketPrefix: data.settings.ticket_prefix,
    categories: data.categories,
    routingRules: data.routingRules,
    agencies: data.agencies,
    regions: data.regions,
    users: { verifikator: DEMO_USERS.find((u) => u.role === 'verifikator')?.id ?? null, officers },
    bbox: data.settings.regency_code === '16.02' ? OKI_BBOX : null,
    ...extra,
  };
}
