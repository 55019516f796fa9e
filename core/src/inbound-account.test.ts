import { describe, expect, it } from 'vitest';
import { inboundAccount, lastInboundByAccount, lastInboundTo } from './inbound-account.ts';

const DESK_WA = '100000000000002';

describe('inboundAccount', () => {
  it('reads the account stored with the message, as an object or as JSON text', () => {
    expect(inboundAccount({ type: 'text', kanal_phone_number_id: DESK_WA })).toBe(DESK_WA);
    expect(inboundAccount(JSON.stringify({ kanal_phone_number_id: 'tg:7000000002' }))).toBe('tg:7000000002');
    expect(inboundAccount({ kanal_phone_number_id: 'ig:17841400000000001' })).toBe('ig:17841400000000001');
  });

  it("is the default account '' when nothing usable is stored", () => {
    for (const payload of [{ type: 'text' }, { kanal_phone_number_id: 'tg:abc' }, { kanal_phone_number_id: 42 }, null, undefined, '{not json', 'null']) {
      expect(inboundAccount(payload), JSON.stringify(payload)).toBe('');
    }
  });
});

describe('lastInboundByAccount', () => {
  it("keeps each person's latest message per account, whatever the order", () => {
    const folded = lastInboundByAccount([
      { wa_id: '6281', payload: { kanal_phone_number_id: DESK_WA }, date_created: '2026-12-05T08:00:00Z' },
      { wa_id: '6281', payload: {}, date_created: '2026-12-06T01:00:00Z' },
      { wa_id: '6281', payload: { kanal_phone_number_id: DESK_WA }, date_created: '2026-12-04T08:00:00Z' },
      { wa_id: 'tg:55', payload: { kanal_phone_number_id: 'tg:7000000002' }, date_created: '2026-12-06T02:00:00Z' },
      { wa_id: null, payload: {}, date_created: '2026-12-06T03:00:00Z' },
      { wa_id: '6282', payload: {}, date_created: null },
    ]);
    expect([...folded.keys()]).toEqual(['6281', 'tg:55']);
    expect(Object.fromEntries(folded.get('6281')!)).toEqual({ [DESK_WA]: '2026-12-05T08:00:00Z', '': '2026-12-06T01:00:00Z' });
    expect(Object.fromEntries(folded.get('tg:55')!)).toEqual({ 'tg:7000000002': '2026-12-06T02:00:00Z' });
  });
});

describe('lastInboundTo', () => {
  const times = new Map([
    ['100000000000001', '2026-12-06T08:00:00.000Z'], // the main number, stamped with its own id
    ['100000000000002', '2026-12-06T09:00:00.000Z'], // a desk's own number
    ['', '2026-12-05T08:00:00.000Z'], // kept without an account
    ['tg:7000000002', '2026-12-06T10:00:00.000Z'],
  ]);
  const desks = new Set(['100000000000002']);

  it('counts only the named account for a named account', () => {
    expect(lastInboundTo(times, '100000000000002', desks)).toBe('2026-12-06T09:00:00.000Z');
    expect(lastInboundTo(times, '100000000000009', desks)).toBeNull();
  });

  it('counts every number no desk owns for the default account, never a desk number or another platform', () => {
    expect(lastInboundTo(times, '', desks)).toBe('2026-12-06T08:00:00.000Z');
    expect(lastInboundTo(new Map([['100000000000002', '2026-12-06T09:00:00.000Z']]), '', desks)).toBeNull();
    expect(lastInboundTo(undefined, '', desks)).toBeNull();
  });
});
