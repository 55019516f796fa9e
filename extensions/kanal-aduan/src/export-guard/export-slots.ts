/**
 * Who may start a background export now. Directus's `/utils/export` runs each
 * export in a transaction that keeps one database connection for its whole
 * length, and (for a role whose rules use $CURRENT_USER) needs a second one for
 * a moment while it holds the first (api/dist/services/import-export.js,
 * exportToFile). With as many exports as connections every one of them waits
 * for a connection the others hold, until knex gives up after 60 s, and every
 * other request waits too. So: one running export per user, and at most
 * `poolMax - 2` at once, which always leaves connections for everyone else. With
 * fewer than three connections (the SQLite demo has one) no export can run
 * safely beside the others: non-admins are told to use the list's download.
 */
export type ExportRefusal = { code: 'ANONYMOUS' | 'SINGLE_CONNECTION' | 'OWN_EXPORT_RUNNING' | 'TOO_MANY_EXPORTS'; reason: string };

export const EXPORT_REFUSAL_TEXT: Record<ExportRefusal['code'], string> = {
  ANONYMOUS: 'Ekspor data hanya untuk pengguna yang sudah masuk.',
  SINGLE_CONNECTION:
    'Ekspor di latar belakang tidak tersedia pada basis data demo (SQLite). ' +
    'Gunakan tombol Unduh di halaman daftar untuk mengunduh data yang tampil sebagai CSV.',
  OWN_EXPORT_RUNNING:
    'Ekspor Anda sebelumnya masih diproses. Tunggu notifikasinya (ikon lonceng) — berkasnya ada di Pustaka Berkas — lalu ekspor lagi. ' +
    'Untuk data di layar, gunakan tombol Unduh di halaman daftar.',
  TOO_MANY_EXPORTS: 'Server sedang menyiapkan beberapa ekspor lain. Coba lagi beberapa menit lagi.',
};

/** Connections knex opens at most: DB_POOL__MAX, else knex's default (one for sqlite3, ten otherwise). */
export function poolMax(env: Record<string, unknown>): number {
  const set = Number(env['DB_POOL__MAX']);
  if (Number.isInteger(set) && set > 0) return set;
  return String(env['DB_CLIENT'] ?? '') === 'sqlite3' ? 1 : 10;
}

export type ExportSlots = {
  /** Takes a slot for `user` (null: not logged in), or says why not. */
  take(user: string | null, now: number): ExportRefusal | null;
  /** The export of `user` ended (Directus notifies the user of success and failure alike). */
  release(user: string): void;
  running(): number;
};

/**
 * @param limit exports at once; below one, none (a pool too small to run one beside the others)
 * @param staleMs a slot whose end was never seen is given back after this long
 */
export function exportSlots(limit: number, staleMs: number): ExportSlots {
  const started = new Map<string, number>();
  const dropStale = (now: number) => {
    for (const [user, at] of started) if (now - at >= staleMs) started.delete(user);
  };
  return {
    take(user, now) {
      if (!user) return { code: 'ANONYMOUS', reason: EXPORT_REFUSAL_TEXT.ANONYMOUS };
      if (limit < 1) return { code: 'SINGLE_CONNECTION', reason: EXPORT_REFUSAL_TEXT.SINGLE_CONNECTION };
      dropStale(now);
      if (started.has(user)) return { code: 'OWN_EXPORT_RUNNING', reason: EXPORT_REFUSAL_TEXT.OWN_EXPORT_RUNNING };
      if (started.size >= limit) return { code: 'TOO_MANY_EXPORTS', reason: EXPORT_REFUSAL_TEXT.TOO_MANY_EXPORTS };
      started.set(user, now);
      return null;
    },
    release(user) {
      started.delete(user);
    },
    running: () => started.size,
  };
}

/** Directus's own subjects for the end of an export ("... is ready" / "... failed"). */
export const isExportEndNotice = (subject: unknown): boolean =>
  typeof subject === 'string' && /^Your export of .+ (is ready|failed)$/.test(subject);
