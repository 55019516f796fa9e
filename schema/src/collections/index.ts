// Every collection of MODEL.md, in creation order (targets of relations are
// created in a later pass, so the order here only decides the sidebar sort).
import type { CollectionDef, FieldPayload, RelationPayload } from '../dsl.ts';
import { agencies, categories, holidays, messageTemplates, regions, routingRules, settings, slaPolicies } from './reference.ts';
import { citizens, conversationLocks, conversations, FILE_FIELDS, USER_FIELDS, USER_RELATIONS, waMessages } from './people.ts';
import { reminders } from './reminders.ts';
import { eventOutbox } from './outbox.ts';
import { open311Clients } from './open311.ts';
import { triageModels } from './triage.ts';
import { appointmentSlots, appointments } from './appointments.ts';
import { desks } from './desks.ts';
import { assignments, complaintMedia, complaints, complaintUpdates, ticketCounters } from './reports.ts';

export const COLLECTIONS: CollectionDef[] = [
  settings, regions, agencies, desks, slaPolicies, categories, routingRules, holidays, messageTemplates,
  citizens, conversations, conversationLocks, waMessages,
  complaints, ticketCounters, assignments, complaintUpdates, complaintMedia, appointmentSlots, appointments,
  reminders, eventOutbox, open311Clients, triageModels,
];

/** Our extra fields on Directus's own collections. */
export const SYSTEM_FIELDS: Array<{ collection: string; fields: FieldPayload[] }> = [
  { collection: 'directus_users', fields: USER_FIELDS },
  { collection: 'directus_files', fields: FILE_FIELDS },
];

export const RELATIONS: RelationPayload[] = [...COLLECTIONS.flatMap((c) => c.relations), ...USER_RELATIONS];

export const COLLECTION_NAMES = COLLECTIONS.map((c) => c.collection);

export * from './reference.ts';
export * from './people.ts';
export * from './reports.ts';
export * from './appointments.ts';
export * from './reminders.ts';
export * from './outbox.ts';
export * from './open311.ts';
export * from './triage.ts';
export * from './desks.ts';
