import { describe, expect, it } from 'vitest';
import { findTicket, formatTicket, parseTicket, ticketPeriod } from './ticket.ts';

describe('ticketPeriod', () => {
  it.each([
    ['2026-11-15T05:00:00Z', 'Asia/Jakarta', '2611'],
    // 30 Nov 17:30 UTC is 1 Dec 00:30 WIB: the local month counts.
    ['2026-11-30T17:30:00Z', 'Asia/Jakarta', '2612'],
    ['2026-11-30T16:30:00Z', 'Asia/Jakarta', '2611'],
    // 15:30 UTC on 31 Dec is already 00:30 on 1 Jan in WIT (UTC+9), still 23:30 in WITA (UTC+8).
    ['2026-12-31T15:30:00Z', 'Asia/Jayapura', '2701'],
    ['2026-12-31T15:30:00Z', 'Asia/Makassar', '2612'],
    ['2030-01-01T00:00:00Z', 'Asia/Jakarta', '3001'],
  ])('%s in %s -> %s', (iso, tz, period) => expect(ticketPeriod(new Date(iso), tz)).toBe(period));
});

describe('formatTicket', () => {
  it('pads to five digits and grows past them', () => {
    expect(formatTicket('ADU', '2611', 42)).toBe('ADU-2611-00042');
    expect(formatTicket('adu', '2611', 1)).toBe('ADU-2611-00001');
    expect(formatTicket('LAPOR', '2701', 123456)).toBe('LAPOR-2701-123456');
  });
  it.each([
    ['A', '2611', 1, 'TICKET.BAD_PREFIX'],
    ['ADU1', '2611', 1, 'TICKET.BAD_PREFIX'],
    ['ADU', '2613', 1, 'TICKET.BAD_PERIOD'],
    ['ADU', '261', 1, 'TICKET.BAD_PERIOD'],
    ['ADU', '2611', 0, 'TICKET.BAD_SEQUENCE'],
    ['ADU', '2611', 1.5, 'TICKET.BAD_SEQUENCE'],
  ] as const)('rejects %s/%s/%s', (p, period, seq, code) => {
    expect(() => formatTicket(p, period, seq)).toThrow(expect.objectContaining({ code }));
  });
});

describe('findTicket', () => {
  it.each([
    ['cek ADU-2611-00042', 'ADU-2611-00042'],
    ['Cek adu-2611-00042 ya pak', 'ADU-2611-00042'],
    ['  ADU - 2611 - 00042  ', 'ADU-2611-00042'],
    ['nomor saya ADU–2611–00042.', 'ADU-2611-00042'],
    ['(ADU-2611-123456)', 'ADU-2611-123456'],
    ['adu-2611-42', null],
    ['ADU-2613-00042', null],
    ['XADU-2611-00042', null],
    ['ADU-2611-000420000000', 'ADU-2611-000420000000'],
    ['halo selamat pagi', null],
    ['LAPOR-2611-00042', null],
  ])('%j -> %j', (text, ticket) => expect(findTicket(text)).toBe(ticket));

  it('takes another prefix', () => {
    expect(findTicket('cek lapor-2611-00007', 'LAPOR')).toBe('LAPOR-2611-00007');
    expect(findTicket('cek ADU-2611-00007', 'LAPOR')).toBeNull();
    expect(() => findTicket('x', 'TOOLONGX')).toThrow(expect.objectContaining({ code: 'TICKET.BAD_PREFIX' }));
  });

  it('parseTicket splits a normalised ticket', () => {
    expect(parseTicket('ADU-2611-00042')).toEqual({ prefix: 'ADU', period: '2611', seq: 42 });
    expect(parseTicket('adu-2611-00042')).toBeNull();
  });
});
