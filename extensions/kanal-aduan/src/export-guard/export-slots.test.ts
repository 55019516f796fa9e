import { describe, expect, it } from 'vitest';
import { exportSlots, isExportEndNotice, poolMax } from './export-slots.ts';

describe('export slots', () => {
  it('lets each user run one export at a time, and frees the slot when it ends', () => {
    const slots = exportSlots(3, 60_000);
    expect(slots.take('a', 0)).toBeNull();
    expect(slots.take('a', 1)?.code).toBe('OWN_EXPORT_RUNNING');
    expect(slots.take('a', 1)?.reason).toMatch(/masih diproses/);
    slots.release('a');
    expect(slots.take('a', 2)).toBeNull();
  });

  it('never runs more exports at once than the limit, so connections stay free for other requests', () => {
    const slots = exportSlots(2, 60_000);
    expect(slots.take('a', 0)).toBeNull();
    expect(slots.take('b', 0)).toBeNull();
    expect(slots.take('c', 0)?.code).toBe('TOO_MANY_EXPORTS');
    expect(slots.running()).toBe(2);
    slots.release('b');
    expect(slots.take('c', 0)).toBeNull();
  });

  it('refuses exports without a login and gives back a slot whose end was never seen', () => {
    const slots = exportSlots(1, 1_000);
    expect(slots.take(null, 0)?.code).toBe('ANONYMOUS');
    expect(slots.take('a', 0)).toBeNull();
    expect(slots.take('b', 999)?.code).toBe('TOO_MANY_EXPORTS');
    expect(slots.take('b', 1_000)).toBeNull();
  });

  it('refuses every export where the pool cannot run one beside the others (one SQLite connection), pointing to the download', () => {
    const slots = exportSlots(poolMax({ DB_CLIENT: 'sqlite3' }) - 2, 60_000);
    expect(slots.take('a', 0)?.code).toBe('SINGLE_CONNECTION');
    expect(slots.take('a', 0)?.reason).toMatch(/Unduh/);
    expect(slots.take(null, 0)?.code).toBe('ANONYMOUS');
    expect(exportSlots(poolMax({ DB_CLIENT: 'pg' }) - 2, 60_000).take('a', 0)).toBeNull();
  });

  it('reads the pool size knex uses', () => {
    expect(poolMax({ DB_CLIENT: 'sqlite3' })).toBe(1);
    expect(poolMax({ DB_CLIENT: 'sqlite3', DB_POOL__MAX: 5 })).toBe(5);
    expect(poolMax({ DB_CLIENT: 'pg', DB_POOL__MAX: '12' })).toBe(12);
    expect(poolMax({ DB_CLIENT: 'pg' })).toBe(10);
  });

  it('knows Directus\'s notices for the end of an export', () => {
    expect(isExportEndNotice('Your export of complaints is ready')).toBe(true);
    expect(isExportEndNotice('Your export of complaints failed')).toBe(true);
    expect(isExportEndNotice('Laporan baru')).toBe(false);
  });
});
