import { describe, expect, it } from 'vitest';
import type { Client } from './directus-client.ts';
import { applyModuleBar, MODULE_BAR_DEFAULT, moduleBarWithOurs, type ModuleBarPart } from './module-bar.ts';

const CATAT: ModuleBarPart = { type: 'module', id: 'kanal-aduan-catat', enabled: true };
const ids = (bar: ModuleBarPart[]) => bar.map((p) => p.id);

/** An admin's own arrangement: Files off, Insights first, a link and another extension's module. */
const ARRANGED: ModuleBarPart[] = [
  { type: 'module', id: 'insights', enabled: true },
  { type: 'module', id: 'content', enabled: true },
  { type: 'module', id: 'files', enabled: false },
  { type: 'link', id: 'sop', enabled: true, name: 'SOP layanan', icon: 'menu_book', url: 'https://aduan.example.go.id/sop' },
  { type: 'module', id: 'other-extension', enabled: true },
  { type: 'module', id: 'settings', enabled: true, locked: true },
];

describe('module bar with «Catat laporan»', () => {
  it('a fresh install (null): Directus 11.17’s default bar with ours after Content', () => {
    const bar = moduleBarWithOurs(null);
    expect(ids(bar)).toEqual(['content', 'kanal-aduan-catat', 'visual', 'users', 'files', 'insights', 'deployments', 'docs', 'settings']);
    expect(bar).toContainEqual(CATAT);
    expect(bar.filter((p) => p.id !== CATAT.id)).toEqual(MODULE_BAR_DEFAULT);
  });

  it('an admin’s arrangement keeps every entry, in its place and state, and gains ours once', () => {
    const bar = moduleBarWithOurs(ARRANGED);
    expect(ids(bar)).toEqual(['insights', 'content', 'kanal-aduan-catat', 'files', 'sop', 'other-extension', 'settings']);
    expect(bar.filter((p) => p.id !== CATAT.id)).toEqual(ARRANGED);
    expect(bar.filter((p) => p.id === CATAT.id)).toEqual([CATAT]);
    // Not changed in place: the live value stays what was read.
    expect(ids(ARRANGED)).not.toContain(CATAT.id);
  });

  it('is idempotent, and leaves ours where and as an admin put it (switched off included)', () => {
    expect(moduleBarWithOurs(moduleBarWithOurs(ARRANGED))).toEqual(moduleBarWithOurs(ARRANGED));
    const moved: ModuleBarPart[] = [...ARRANGED.slice(0, 5), { ...CATAT, enabled: false }, ARRANGED[5]!];
    expect(moduleBarWithOurs(moved)).toEqual(moved);
  });

  it('without Content, ours goes before a locked Settings', () => {
    expect(ids(moduleBarWithOurs([{ type: 'module', id: 'users', enabled: true }, { type: 'module', id: 'settings', enabled: true, locked: true }]))).toEqual(['users', 'kanal-aduan-catat', 'settings']);
  });
});

/** A Directus whose /settings holds `stored`; records the patches. */
function fakeDirectus(stored: unknown) {
  const patches: unknown[] = [];
  let moduleBar = stored;
  const api = {
    get: async (path: string) => {
      expect(path).toBe('/settings?fields=module_bar');
      return { module_bar: moduleBar };
    },
    patch: async (path: string, body: { module_bar: unknown }) => {
      expect(path).toBe('/settings');
      patches.push(body);
      moduleBar = body.module_bar;
    },
  } as unknown as Client;
  return { api, patches };
}

describe('applyModuleBar', () => {
  it('writes the default bar with ours on a fresh install, then nothing on a second run', async () => {
    const d = fakeDirectus(null);
    const changes: string[] = [];
    await applyModuleBar(d.api, (c) => changes.push(c));
    expect(d.patches).toEqual([{ module_bar: moduleBarWithOurs(null) }]);
    await applyModuleBar(d.api, (c) => changes.push(c));
    expect(d.patches).toHaveLength(1);
    expect(changes).toHaveLength(1);
  });

  it('adds ours to an arranged bar (stored as JSON text too) and patches nothing when it is there', async () => {
    const d = fakeDirectus(JSON.stringify(ARRANGED));
    await applyModuleBar(d.api, () => {});
    expect(d.patches).toEqual([{ module_bar: moduleBarWithOurs(ARRANGED) }]);
    const done = fakeDirectus(moduleBarWithOurs(ARRANGED));
    await applyModuleBar(done.api, () => {});
    expect(done.patches).toEqual([]);
  });
});
