import { describe, expect, it } from 'vitest';
import { Category, Complaint, Holiday, Region, RoutingRule, Settings, SlaPolicy, WaMessage } from './model.ts';

// Items as Directus returns them (relations as keys).
const complaint = {
  id: 42,
  ticket: 'ADU-2611-00042',
  type: 'pengaduan',
  category: 'JALAN',
  title: 'Jalan berlubang',
  description: 'Jalan di depan SD Negeri 2 Kayuagung berlubang besar',
  region: '16.02.01.2001',
  kecamatan: '16.02.01',
  latitude: -3.3946,
  longitude: 104.8311,
  address: null,
  channel: 'whatsapp',
  reporter: '0b7c1a1e-0000-4000-8000-000000000001',
  confidential: true,
  locale: 'id',
  status: 'received',
  status_reason: null,
  status_note: null,
  assigned_agency: null,
  suggested_agency: 'DPUPR',
  verify_due: '2026-11-25T16:59:59.999Z',
  respond_due: null,
  resolve_due: null,
  autoclose_due: null,
  received_at: '2026-11-20T15:00:00.000Z',
  verified_at: null,
  dispositioned_at: null,
  first_response_at: null,
  resolved_at: null,
  closed_at: null,
  satisfaction: null,
  reopen_count: 0,
  duplicate_of: null,
  spam_score: 0.1,
  date_created: '2026-11-20T15:00:00.000Z',
  date_updated: null,
};

describe('model schemas', () => {
  it('parse a complaint as Directus returns it', () => {
    expect(Complaint.parse(complaint).ticket).toBe('ADU-2611-00042');
  });

  it.each([
    ['unknown status', { status: 'done' }],
    ['satisfaction out of range', { satisfaction: 6 }],
    ['unknown type', { type: 'keluhan' }],
    ['latitude out of range', { latitude: 91 }],
  ])('reject a complaint with %s', (_n, patch) => {
    expect(Complaint.safeParse({ ...complaint, ...patch }).success).toBe(false);
  });

  it('parse reference data', () => {
    expect(Region.parse({ code: '16.02.01.2001', name: 'Sukamaju', level: 'desa', parent: '16.02.01' }).level).toBe('desa');
    expect(Region.safeParse({ code: '16-02', name: 'x', level: 'kabupaten', parent: null }).success).toBe(false);
    expect(Holiday.safeParse({ date: '2026-03-20', name: 'Idul Fitri 1447 H', kind: 'national' }).success).toBe(true);
    expect(Holiday.safeParse({ date: '20/03/2026', name: 'x', kind: 'national' }).success).toBe(false);
    expect(
      SlaPolicy.parse({
        code: 'SP4N',
        name: 'SP4N-LAPOR',
        verify_days: 3,
        respond_days: 5,
        resolve_days: 14,
        autoclose_days: 10,
        return_grace_days: 1,
        escalation: [{ stage: 'respond', after_days: 0, notify: 'opd_head' }],
      }).verify_days,
    ).toBe(3);
    expect(
      RoutingRule.parse({ id: 1, category: null, region: '16.02.01', agency: 'KEC-16.02.01', priority: 0, note: null, active: true })
        .agency,
    ).toBe('KEC-16.02.01');
    expect(
      Category.parse({
        code: 'JALAN',
        name: 'Jalan & Jembatan',
        name_en: 'Roads & bridges',
        description: null,
        keywords: ['jalan', 'lubang'],
        default_agency: 'DPUPR',
        sla_policy: 'SP4N',
        active: true,
        sort: 1,
      }).keywords,
    ).toEqual(['jalan', 'lubang']);
    expect(
      Settings.safeParse({
        instance_name: 'Lapor Bupati OKI',
        regency_code: '16.02',
        timezone: 'Asia/Singapore',
        ticket_prefix: 'ADU',
        public_ranking_enabled: true,
        ranking_min_volume: 5,
        ranking_weights: null,
      }).success,
    ).toBe(false);
    expect(
      WaMessage.safeParse({
        id: 'u',
        wamid: 'wamid.1',
        direction: 'sideways',
        wa_id: '62',
        type: 'text',
        payload: {},
        status: 'sent',
        error: null,
        complaint: null,
        date_created: null,
      }).success,
    ).toBe(false);
  });
});
