import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import {
  ROLES,
  STATUSES,
  STATUS_LABELS,
  TRANSITIONS,
  assertTransition,
  canTransition,
  isFixed,
  isReturn,
  AGENCY_HELD_STATUSES,
  reasonsFor,
  statusKind,
  transitionsFor,
  type Role,
  type Status,
} from './statuses.ts';

// The whole graph, written out once more by hand so that a
// change to the table is a visible change to this test.
const GRAPH: Array<[Status, Status]> = [
  ['received', 'verified'],
  ['received', 'needs_info'],
  ['needs_info', 'received'],
  ['needs_info', 'verified'],
  ['received', 'rejected'],
  ['needs_info', 'rejected'],
  ['verified', 'rejected'],
  ['verified', 'dispositioned'],
  ['dispositioned', 'in_progress'],
  ['dispositioned', 'verified'],
  ['in_progress', 'verified'],
  ['in_progress', 'resolved'],
  ['resolved', 'closed'],
  ['resolved', 'in_progress'],
];

describe('transition graph', () => {
  it('is exactly the hand-written graph', () => {
    const table = TRANSITIONS.map((t) => `${t.from}>${t.to}`).sort();
    expect(table).toEqual(GRAPH.map(([a, b]) => `${a}>${b}`).sort());
  });

  it('admin may make every move of the graph and nothing else', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const inGraph = GRAPH.some(([a, b]) => a === from && b === to);
        expect(canTransition(from, to, 'admin'), `${from}->${to}`).toBe(inGraph);
      }
    }
  });

  it('closed and rejected are terminal', () => {
    for (const role of ROLES) {
      expect(transitionsFor('closed', role)).toEqual([]);
      expect(transitionsFor('rejected', role)).toEqual([]);
    }
  });
});

describe('isReturn', () => {
  it('is exactly the agency handing a report back to the verifikator', () => {
    const returns = STATUSES.flatMap((from) => STATUSES.filter((to) => isReturn(from, to)).map((to) => `${from}->${to}`));
    expect(returns).toEqual(['dispositioned->verified', 'in_progress->verified']);
    expect(isReturn(null, 'verified')).toBe(false);
    expect(isReturn('received', 'verified')).toBe(false);
  });
});

describe('AGENCY_HELD_STATUSES', () => {
  it('are the statuses from disposition on, until the agency hands the report back', () => {
    expect(AGENCY_HELD_STATUSES).toEqual(['dispositioned', 'in_progress', 'resolved', 'closed']);
  });
});

describe('who may move a report', () => {
  const cases: Array<[Status, Status, Role, boolean]> = [
    ['received', 'verified', 'verifikator', true],
    ['received', 'verified', 'opd_officer', false],
    ['received', 'verified', 'service', false],
    ['received', 'needs_info', 'verifikator', true],
    ['needs_info', 'received', 'citizen', true],
    ['needs_info', 'received', 'service', true],
    ['needs_info', 'received', 'system', true],
    ['needs_info', 'received', 'opd_head', false],
    ['needs_info', 'verified', 'verifikator', true],
    ['received', 'rejected', 'verifikator', true],
    ['verified', 'rejected', 'camat', false],
    ['verified', 'rejected', 'kades', false],
    ['verified', 'dispositioned', 'kades', false],
    ['verified', 'dispositioned', 'verifikator', true],
    ['verified', 'dispositioned', 'opd_head', false],
    ['dispositioned', 'in_progress', 'opd_officer', true],
    ['dispositioned', 'in_progress', 'opd_head', true],
    ['dispositioned', 'in_progress', 'camat', true],
    ['dispositioned', 'in_progress', 'verifikator', false],
    ['dispositioned', 'verified', 'opd_officer', true],
    ['in_progress', 'verified', 'camat', true],
    ['dispositioned', 'in_progress', 'kades', true],
    ['dispositioned', 'verified', 'kades', true],
    ['in_progress', 'resolved', 'kades', true],
    ['resolved', 'closed', 'kades', false],
    ['resolved', 'in_progress', 'kades', false],
    ['in_progress', 'resolved', 'opd_officer', true],
    ['in_progress', 'resolved', 'service', false],
    ['in_progress', 'resolved', 'citizen', false],
    ['resolved', 'closed', 'citizen', true],
    ['resolved', 'closed', 'system', true],
    ['resolved', 'closed', 'service', true],
    ['resolved', 'closed', 'verifikator', true],
    ['resolved', 'closed', 'opd_officer', false],
    ['resolved', 'in_progress', 'citizen', true],
    ['resolved', 'in_progress', 'verifikator', true],
    ['resolved', 'in_progress', 'opd_head', false],
    ['received', 'resolved', 'admin', false],
    ['verified', 'verified', 'admin', false],
  ];
  it.each(cases)('%s -> %s by %s: %s', (from, to, role, allowed) => {
    expect(canTransition(from, to, role)).toBe(allowed);
  });

  it('pimpinan can move nothing', () => {
    for (const from of STATUSES) expect(transitionsFor(from, 'pimpinan')).toEqual([]);
  });

  it('transitionsFor lists the moves a role sees as buttons', () => {
    expect(transitionsFor('received', 'verifikator').map((t) => [t.action, t.to])).toEqual([
      ['verify', 'verified'],
      ['request_info', 'needs_info'],
      ['reject', 'rejected'],
    ]);
    expect(transitionsFor('dispositioned', 'opd_officer').map((t) => t.action)).toEqual(['accept', 'return']);
    expect(transitionsFor('resolved', 'citizen').map((t) => t.to)).toEqual(['closed', 'in_progress']);
  });
});

describe('assertTransition', () => {
  it('throws COMPLAINT.BAD_TRANSITION with an Indonesian message for a move outside the graph', () => {
    let err: unknown;
    try {
      assertTransition('received', 'resolved', 'admin');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('COMPLAINT.BAD_TRANSITION');
    expect((err as DomainError).message).toBe('Status laporan tidak dapat diubah dari «Diterima» ke «Selesai ditangani».');
    expect((err as DomainError).params).toMatchObject({ from: 'received', to: 'resolved', cause: 'not_in_graph' });
  });

  it('names the role when the move exists but the role may not make it', () => {
    expect(() => assertTransition('in_progress', 'resolved', 'pimpinan')).toThrow(
      'Peran «Pimpinan» tidak berwenang mengubah status laporan dari «Dalam proses» ke «Selesai ditangani».',
    );
  });

  it('passes an allowed move', () => {
    expect(() => assertTransition('verified', 'dispositioned', 'verifikator')).not.toThrow();
  });

  it('checks the reason when one is given', () => {
    expect(() => assertTransition('received', 'rejected', 'verifikator', 'spam')).not.toThrow();
    expect(() => assertTransition('received', 'rejected', 'verifikator', null)).toThrow(
      expect.objectContaining({ code: 'COMPLAINT.REASON_REQUIRED' }),
    );
    expect(() => assertTransition('dispositioned', 'verified', 'opd_officer', 'spam')).toThrow(/Bukan wewenang/);
    expect(() => assertTransition('dispositioned', 'verified', 'opd_officer', 'not_authority')).not.toThrow();
    expect(() => assertTransition('resolved', 'closed', 'system', 'no_response')).not.toThrow();
    // Moves without reasons ignore one.
    expect(() => assertTransition('received', 'verified', 'verifikator', null)).not.toThrow();
  });

  it('reasonsFor exposes the required reasons', () => {
    expect(reasonsFor('verified', 'rejected')).toEqual(['spam', 'duplicate', 'out_of_scope', 'invalid']);
    expect(reasonsFor('in_progress', 'verified')).toEqual(['not_authority']);
    expect(reasonsFor('resolved', 'closed')).toEqual(['citizen_confirmed', 'no_response']);
    expect(reasonsFor('received', 'verified')).toBeNull();
  });
});

describe('kinds', () => {
  it.each([
    ['received', 'open'],
    ['needs_info', 'open'],
    ['verified', 'open'],
    ['dispositioned', 'open'],
    ['in_progress', 'open'],
    ['resolved', 'fixed'],
    ['closed', 'closed'],
    ['rejected', 'closed'],
  ] as const)('%s is %s', (s, kind) => expect(statusKind(s)).toBe(kind));

  it.each([
    ['resolved', null, true],
    ['closed', 'citizen_confirmed', true],
    ['closed', 'no_response', true],
    ['closed', null, false],
    ['closed', 'spam', false],
    ['rejected', 'duplicate', false],
    ['in_progress', null, false],
  ] as const)('isFixed(%s, %s) = %s', (s, reason, fixed) => expect(isFixed(s, reason)).toBe(fixed));

  it('every status has both labels', () => {
    for (const s of STATUSES) {
      expect(STATUS_LABELS[s].id).toBeTruthy();
      expect(STATUS_LABELS[s].en).toBeTruthy();
    }
  });
});
