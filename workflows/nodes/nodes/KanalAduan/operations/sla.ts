// SLA deadlines: scan -> (WhatsApp send) -> record, plus overdue flags and auto-close.
import type { Operation } from './common.ts';
import slaMaintain from './sla-maintain.ts';
import slaRecord from './sla-record.ts';
import slaScan from './sla-scan.ts';

export const SLA_OPERATIONS: Operation[] = [slaScan, slaRecord, slaMaintain];
