// "Lewat batas waktu" as a Directus filter, built from core's stage rule (which
// deadline runs in which status), so the bookmarks, the dashboard and the SLA
// scan count the same reports as late.
import { DEADLINE_STAGES, DEADLINE_STATUSES, STAGE_RULES } from '@kanal-aduan/core';

/**
 * Late at a stage whose clock runs: the report is in one of the stage's
 * statuses, the stage has not ended (respond: no first response yet) and its
 * due date is past. `$NOW` is resolved by Directus at every read.
 */
export const OVERDUE_FILTER = {
  _or: DEADLINE_STAGES.map((stage) => {
    const rule = STAGE_RULES[stage];
    return {
      _and: [
        { status: { _in: [...rule.statuses] } },
        { [rule.due]: { _lt: '$NOW' } },
        ...(rule.endedBy ? [{ [rule.endedBy]: { _null: true } }] : []),
      ],
    };
  }),
};

/** Statuses in which a report can be late at all (the scan's overdue flag is kept only there). */
export const DEADLINE_STATUS_FILTER = { status: { _in: [...DEADLINE_STATUSES] } };
