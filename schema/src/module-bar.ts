// The admin app's module bar (directus_settings.module_bar) lists the bundle's
// modules: Directus registers a custom module but hides it from the bar until
// the bar lists it. An admin's own arrangement is kept; ours is added once.
import { isDeepStrictEqual } from 'node:util';
import type { Client } from './directus-client.ts';

/** One entry of directus_settings.module_bar (Directus 11.17's `Settings['module_bar']` parts). */
export type ModuleBarPart =
  | { type: 'module'; id: string; enabled: boolean; locked?: boolean }
  | { type: 'link'; id: string; enabled: boolean; name: string; icon: string; url: string; locked?: boolean };

/**
 * What the app shows while module_bar is null: MODULE_BAR_DEFAULT of
 * @directus/app 15.10.0 (Directus 11.17, src/constants.ts), copied because no
 * installed package exports it. Written out with ours on a fresh install.
 */
export const MODULE_BAR_DEFAULT: readonly ModuleBarPart[] = [
  { type: 'module', id: 'content', enabled: true },
  { type: 'module', id: 'visual', enabled: false },
  { type: 'module', id: 'users', enabled: true },
  { type: 'module', id: 'files', enabled: true },
  { type: 'module', id: 'insights', enabled: true },
  { type: 'module', id: 'deployments', enabled: false },
  { type: 'link', id: 'docs', enabled: true, name: '$t:documentation', icon: 'help', url: 'https://docs.directus.io' },
  { type: 'module', id: 'settings', enabled: true, locked: true },
];

/** The bundle's modules (extensions/kanal-aduan: «Catat laporan», the desk's phone and walk-in reports). */
export const KANAL_MODULES: readonly ModuleBarPart[] = [{ type: 'module', id: 'kanal-aduan-catat', enabled: true }];

/**
 * The module bar with our modules: null (never arranged) becomes Directus's
 * default list; every entry already there stays as it is, in its place (an
 * entry of ours that an admin switched off stays off); a missing module of
 * ours goes right after Content, where the desk's work is (else at the end,
 * before a locked Settings).
 */
export function moduleBarWithOurs(live: readonly ModuleBarPart[] | null | undefined): ModuleBarPart[] {
  const bar = (live ?? MODULE_BAR_DEFAULT).map((part) => ({ ...part }));
  for (const ours of KANAL_MODULES) {
    if (bar.some((part) => part.id === ours.id)) continue;
    const content = bar.findIndex((part) => part.type === 'module' && part.id === 'content');
    const settings = bar.findIndex((part) => part.id === 'settings');
    const at = content >= 0 ? content + 1 : settings >= 0 ? settings : bar.length;
    bar.splice(at, 0, { ...ours });
  }
  return bar;
}

/** Directus returns module_bar parsed (cast-json); an older SQLite answer may still carry the JSON text. */
function readModuleBar(value: unknown): ModuleBarPart[] | null {
  if (typeof value === 'string') return readModuleBar(JSON.parse(value) as unknown);
  return Array.isArray(value) ? (value as ModuleBarPart[]) : null;
}

/** Writes module_bar only when ours are missing (a second run changes nothing). */
export async function applyModuleBar(api: Client, change: (s: string) => void): Promise<void> {
  const live = readModuleBar((await api.get<Record<string, unknown> | null>('/settings?fields=module_bar'))?.['module_bar']);
  const wanted = moduleBarWithOurs(live);
  if (live && isDeepStrictEqual(wanted, live)) return;
  await api.patch('/settings', { module_bar: wanted });
  const added = KANAL_MODULES.filter((m) => !live?.some((part) => part.id === m.id)).map((m) => m.id);
  change(`update settings module_bar (${live ? 'add' : 'Directus default with'} ${added.join(', ')})`);
}
