import { ROLE_IDS } from '@kanal-aduan/schema';
import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../test-support/fake-store.ts';
import type { DeskRow } from '../../shared/store.ts';
import { guardDeskChange, withDefaultDesk } from './desk-move.ts';

const as = (role: keyof typeof ROLE_IDS, user = `${role}-1`) => ({ user, role: ROLE_IDS[role], roles: [ROLE_IDS[role]], admin: false });
const DESKS: DeskRow[] = [
  { code: 'KAB', name: 'Meja Kabupaten', active: true, is_default: true },
  { code: 'KEC-16.02.05', name: 'Meja Kecamatan Kayu Agung', active: true, is_default: false },
  { code: 'KEC-16.02.01', name: 'Meja Kecamatan Lempuing', active: true, is_default: false },
];

/** The fake store with desks and the desk team's user. */
function setup() {
  const store = Object.assign(new FakeStore(), {
    desks: async () => DESKS,
    userDesk: async (id: string) => (id === 'desk_team-1' ? 'KEC-16.02.05' : null),
  });
  store.addComplaint({ id: 1, status: 'received', desk: 'KEC-16.02.05' });
  store.addComplaint({ id: 2, status: 'received', desk: 'KAB' });
  store.addComplaint({ id: 3, status: 'dispositioned', desk: 'KEC-16.02.05', assigned_agency: 'DPUPR' });
  return store;
}
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('intake desks in the complaint hook', () => {
  it('files a report that names no desk at the default desk, and keeps a named one', async () => {
    const store = setup();
    expect(await withDefaultDesk({ description: 'x' }, { store, accountability: null })).toEqual({ description: 'x', desk: 'KAB' });
    expect(await withDefaultDesk({ desk: 'KEC-16.02.05' }, { store, accountability: null })).toEqual({ desk: 'KEC-16.02.05' });
  });

  it('lets the desk team pass its own new report up, with the history row to write', async () => {
    const store = setup();
    expect(await guardDeskChange({ desk: 'KAB' }, [1], { store, accountability: as('desk_team') })).toEqual([
      { complaint: 1, body: 'Diteruskan dari Meja Kecamatan Kayu Agung ke Meja Kabupaten.', author: 'desk_team-1' },
    ]);
    // A status step on its own new report needs no history row here (the status guard writes it).
    expect(await guardDeskChange({ status: 'verified' }, [1], { store, accountability: as('desk_team') })).toEqual([]);
  });

  it('refuses the desk team another desk\'s report, its own once no longer new, and a move sideways', async () => {
    const store = setup();
    const ctx = { store, accountability: as('desk_team') };
    expect(await codeOf(guardDeskChange({ status: 'verified' }, [2], ctx))).toBe('DESK.NOT_YOUR_DESK');
    expect(await codeOf(guardDeskChange({ status: 'in_progress' }, [3], ctx))).toBe('DESK.NOT_YOUR_DESK');
    expect(await codeOf(guardDeskChange({ desk: 'KAB' }, [1, 2], ctx))).toBe('DESK.NOT_YOUR_DESK');
    expect(await codeOf(guardDeskChange({ desk: 'KEC-16.02.01' }, [1], ctx))).toBe('DESK.PASS_UP_ONLY');
    // A member without a desk reaches nothing.
    expect(await codeOf(guardDeskChange({ status: 'verified' }, [1], { store, accountability: as('desk_team', 'desk_team-2') }))).toBe('DESK.NOT_YOUR_DESK');
  });

  it('lets the verifikator move a new report to any desk, and no agency role at all', async () => {
    const store = setup();
    expect(await guardDeskChange({ desk: 'KEC-16.02.01' }, [2], { store, accountability: as('verifikator') })).toEqual([
      { complaint: 2, body: 'Dipindahkan dari Meja Kabupaten ke Meja Kecamatan Lempuing.', author: 'verifikator-1' },
    ]);
    expect(await codeOf(guardDeskChange({ desk: 'KAB' }, [3], { store, accountability: as('verifikator') }))).toBe('DESK.NOT_NEW');
    expect(await codeOf(guardDeskChange({ desk: 'KAB' }, [1], { store, accountability: as('camat') }))).toBe('DESK.NOT_ALLOWED');
    // Writing the desk it already has is no move.
    expect(await guardDeskChange({ desk: 'KAB' }, [2], { store, accountability: as('verifikator') })).toEqual([]);
  });
});
