// The generator context every source builds the same way (seed data, Directus
// REST, the database): which policy, which authors, which map box.
import { SP4N_POLICY_CODE } from '@kanal-aduan/core';
import { describe, expect, it } from 'vitest';
import { buildReferenceData } from '../reference.ts';
import { DEMO_USERS } from '../users.ts';
import { demoContext, demoContextFromReference } from './context.ts';
import { OKI_BBOX } from './generate.ts';

const data = await buildReferenceData({ regencyCode: '16.02', timezone: 'Asia/Jakarta' });
const now = new Date('2026-11-24T10:00:00+07:00');
const ref = { ...data, timezone: 'Asia/Jakarta', policies: data.slaPolicies, ticketPrefix: undefined, regencyCode: '16.02' };
const id = (role: string) => DEMO_USERS.find((u) => u.role === role)!.id;

describe('demoContext', () => {
  it('generates under the SP4N policy, the ADU prefix when none is set, and in the demo kabupaten’s box', () => {
    const ctx = demoContext({ ...ref, policies: [...data.slaPolicies].reverse() }, now);
    expect(ctx.policy.code).toBe(SP4N_POLICY_CODE);
    expect(ctx.ticketPrefix).toBe('ADU');
    expect(ctx.bbox).toEqual(OKI_BBOX);
    expect(demoContext({ ...ref, regencyCode: '32.01' }, now).bbox).toBeNull();
  });

  it('names as authors only the demo users the instance has; none when it has none', () => {
    expect(demoContextFromReference(data, now).users).toEqual({ verifikator: id('verifikator'), officers: { DPUPR: id('opd_officer'), 'KEC-16.02.05': id('camat'), 'DESA-16.02.05.2015': id('kades') } });
    expect(demoContext(ref, now, new Set([id('opd_officer')])).users).toEqual({ verifikator: null, officers: { DPUPR: id('opd_officer') } });
    expect(demoContext(ref, now, new Set()).users).toEqual({ verifikator: null, officers: {} });
  });

  it('refuses an instance without an SLA policy', () => {
    expect(() => demoContext({ ...ref, policies: [] }, now)).toThrow(/kebijakan SLA/);
  });
});
