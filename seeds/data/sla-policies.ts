/**
 * SP4N-LAPOR! service levels (Permenpan RB No. 62 Tahun 2018 on the
 * Pedoman Teknis Pengelolaan Pengaduan Pelayanan Publik Nasional,
 * https://jdih.menpan.go.id): verification within 3 working days, the
 * responsible office responds within 5 working days, a report the citizen
 * does not answer after resolution closes itself after 10 working days.
 * `resolve_days` (14) is this instance's target, not a national rule.
 *
 * Escalation steps: `after_days` counts working days relative to the stage's
 * due date (negative = before it; a step fires at the end of that working day,
 * so -1 reaches people on the morning of the last day and 0 the morning after
 * the deadline passed). `notify`: verifikator | agency_officers | agency_head |
 * pimpinan (core/src/sla-scan). Reminders read these rows; they are data
 * so an admin can change who is reminded without touching code.
 */
export const SLA_POLICIES = [
  {
    code: 'SP4N',
    name: 'Standar SP4N-LAPOR! (verifikasi 3, tanggapan 5, tutup otomatis 10 hari kerja)',
    verify_days: 3,
    respond_days: 5,
    resolve_days: 14,
    autoclose_days: 10,
    return_grace_days: 1,
    escalation: [
      { stage: 'verify', after_days: -1, notify: 'verifikator' },
      { stage: 'verify', after_days: 0, notify: 'verifikator' },
      { stage: 'respond', after_days: -1, notify: 'agency_officers' },
      { stage: 'respond', after_days: 0, notify: 'agency_head' },
      { stage: 'respond', after_days: 2, notify: 'pimpinan' },
      // The resolve target (resolve_days) gets the same ladder.
      { stage: 'resolve', after_days: -1, notify: 'agency_officers' },
      { stage: 'resolve', after_days: 0, notify: 'agency_head' },
      { stage: 'resolve', after_days: 2, notify: 'pimpinan' },
    ],
  },
] as const;

/** Default ranking weights (sum 1): what the Bupati's ranking values most. */
export const RANKING_WEIGHTS = {
  sla_compliance: 0.35,
  resolution_rate: 0.25,
  resolution_time: 0.15,
  satisfaction: 0.15,
  reopen_rate: 0.1,
};
