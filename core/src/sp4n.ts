/**
 * The national complaint-handling clock, SP4N-LAPOR! (Permenpan RB No. 62
 * Tahun 2018, Pedoman Teknis Pengelolaan Pengaduan Pelayanan Publik Nasional,
 * https://jdih.menpan.go.id): verification within 3 working days, the
 * responsible office responds within 5, a resolved report the citizen does not
 * answer closes itself after 10, and an office may hand back a report that is
 * not its own within 1 without it counting against it. `resolve_days` (14) is
 * this instance's target, not a national rule.
 *
 * One source for the seeded `SP4N` policy, the schema's field defaults and the
 * bundle's built-in fallback (used before any policy is seeded).
 */
export const SP4N_POLICY_CODE = 'SP4N';

export const SP4N_CLOCK = {
  verify_days: 3,
  respond_days: 5,
  resolve_days: 14,
  autoclose_days: 10,
  return_grace_days: 1,
} as const;

/** Fewer reports than this in the window and a unit is listed, not ranked (a fair score needs volume). */
export const DEFAULT_RANKING_MIN_VOLUME = 5;
