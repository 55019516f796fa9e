import { ACTIVE_APPOINTMENT_STATUSES, dueAppointmentReminders, meetingDayLabel, meetingReport, say, type AppointmentStatus, type Locale } from '@kanal-aduan/core';
import type { Knex } from 'knex';
import { z } from 'zod';
import { referenceCache } from '../../intake/references.ts';
import { parseBody } from '../../intake/request.ts';
import { dateOnly } from '../../intake/appointments.ts';
import { isSqlite } from '../../shared/knex-dialect.ts';
import { ForbiddenError, KanalInvalidPayloadError, KanalNotFoundError } from '../../shared/errors.ts';
import { roleFromAccountability } from '../../shared/role.ts';
import { lastWrittenTo } from '../../shared/written-to.ts';
import { assertServiceCaller, schemaOf, type DirectusRequest, type RouteModule } from '../context.ts';

const RemindBody = z.object({
  /** The scan's clock (n8n's reminders flow; a test moves it with a signed `now`). */
  now: z.string().datetime({ offset: true }),
});

type Candidate = {
  id: number;
  code: string | null;
  status: AppointmentStatus;
  scheduled_at: string | null;
  reminded_at: string | null;
  place: string | null;
  locale: Locale | null;
  slot_date: unknown;
  citizen: { wa_id: string | null; blocked: boolean | null } | null;
};

type Ref = Awaited<ReturnType<ReturnType<typeof referenceCache>['get']>>;
type Items = (collection: string, trx?: Knex) => { readByQuery(q: Record<string, unknown>): Promise<unknown[]> };

/**
 * The meeting's local day and time as the citizen is told them: from `scheduled_at`, which an
 * office move changes (the slot's date may then be stale), else the slot's date without a time.
 */
function meetingWhen(row: { scheduled_at: string | null; slot_date: unknown }, timezone: string): { date: string | null; time: string } {
  if (!row.scheduled_at) return { date: dateOnly(row.slot_date), time: '' };
  const at = new Date(row.scheduled_at);
  return {
    date: new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(at),
    time: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: timezone }).format(at),
  };
}

const OFFICE_NOTICES = new Set<string>(['appointment.scheduled', 'appointment.office_moved', 'appointment.office_cancelled']);

/**
 * The notices office edits left (appointments.notice_pending, written with the
 * edit by the bundle's hook): each claimed once under its row's lock (emptied
 * in the claiming transaction) and rendered with the booking as it is now.
 */
async function claimNotices(knex: Knex, items: Items, ref: Ref): Promise<Array<Record<string, unknown>>> {
  const rows = (await items('appointments').readByQuery({
    filter: { notice_pending: { _nnull: true } },
    fields: ['id', 'code', 'notice_pending', 'scheduled_at', 'slot_date', 'place', 'locale', 'citizen.wa_id', 'citizen.blocked'],
    sort: ['id'],
    limit: 500,
  })) as Array<Candidate & { notice_pending: string | null }>;
  const out: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const key = await knex.transaction(async (trx) => {
      const q = trx('appointments').where({ id: row.id }).first('notice_pending');
      if (!isSqlite(trx)) q.forUpdate();
      const fresh = (await q) as { notice_pending: string | null } | undefined;
      if (!fresh?.notice_pending) return null;
      await trx('appointments').where({ id: row.id }).update({ notice_pending: null });
      return fresh.notice_pending;
    });
    const to = row.citizen?.wa_id;
    // Claimed either way: a notice nobody can receive (no number, blocked, unknown kind) is not kept for ever.
    if (!key || !OFFICE_NOTICES.has(key) || !to || row.citizen?.blocked) continue;
    const locale: Locale = row.locale === 'en' ? 'en' : 'id';
    const { date, time } = meetingWhen(row, ref.timezone);
    const own = ref.templates.find((t) => t.key === key && t.locale === locale);
    out.push({
      appointment: row.id,
      code: row.code,
      to,
      locale,
      key,
      text: say(ref.templates, key as never, locale, { code: row.code, day: date ? meetingDayLabel(date, locale) : '', time, place: row.place ?? '' }),
      wa_template_name: own?.wa_template_name ?? null,
    });
  }
  return out;
}

/**
 * POST /kanal-aduan/appointments/reminders {now} -> {data: {reminders: [{appointment, code, to, from, locale, key, text, wa_template_name}]}}
 * Temu Bupati's reminder the day before (n8n's reminders flow, service account; admins too): the
 * bookings still on that meet on the local day after `now`, each claimed once (reminded_at is
 * stamped under the row's lock in the same transaction that decides it), with its text rendered
 * from message_templates `appointment.reminder`. A second call, or a second flow run at the same
 * time, gets nothing for them; the flow sends what it got. The same answer carries the notices
 * of office edits (approved, moved, cancelled: claimNotices), so the citizen hears of them at the
 * flow's next run. `from`: the account each goes out from, the one the citizen last wrote to ('' for
 * the default account; shared/written-to.ts), for the send nodes' «Send From» / «Phone Number ID».
 */
export const appointmentRoutes: RouteModule = (router, ctx) => {
  const references = referenceCache({ services: ctx.services, database: ctx.database, getSchema: ctx.getSchema });
  router.post('/appointments/reminders', async (req, res, next) => {
    try {
      const r = req as DirectusRequest;
      assertServiceCaller(r, 'Hanya akun Layanan n8n atau administrator yang boleh mengirim pengingat Temu Bupati.');
      const body = parseBody(RemindBody, r.body, 'pengingat Temu Bupati', '{now: waktu ISO 8601}');
      const now = new Date(body.now);
      const ref = await references.get();
      const schema = await schemaOf(r, ctx);
      const knex = ctx.database as Knex;
      const items = (collection: string, trx: Knex = knex) => new ctx.services.ItemsService(collection, { knex: trx, schema });
      const horizon = new Date(now.getTime() + 2 * 86_400_000).toISOString();
      const rows = (await items('appointments').readByQuery({
        filter: { _and: [{ status: { _in: [...ACTIVE_APPOINTMENT_STATUSES] } }, { reminded_at: { _null: true } }, { scheduled_at: { _between: [now.toISOString(), horizon] } }] },
        fields: ['id', 'code', 'status', 'scheduled_at', 'reminded_at', 'place', 'locale', 'slot_date', 'citizen.wa_id', 'citizen.blocked'],
        limit: 500,
      })) as unknown as Candidate[];
      const out: Array<Record<string, unknown>> = [];
      for (const row of dueAppointmentReminders(rows, now, ref.timezone)) {
        const to = row.citizen?.wa_id;
        if (!to || row.citizen?.blocked) continue;
        const claimed = await knex.transaction(async (trx) => {
          const q = trx('appointments').where({ id: row.id }).first('reminded_at', 'status');
          if (!isSqlite(trx)) q.forUpdate();
          const fresh = (await q) as { reminded_at: unknown; status: AppointmentStatus } | undefined;
          if (!fresh || fresh.reminded_at != null || !ACTIVE_APPOINTMENT_STATUSES.includes(fresh.status)) return false;
          // Through Directus, so the timestamp is stored as Directus stores it on each database.
          await items('appointments', trx).updateOne(row.id, { reminded_at: now.toISOString() });
          return true;
        });
        if (!claimed) continue;
        const locale: Locale = row.locale === 'en' ? 'en' : 'id';
        const { date, time } = meetingWhen(row, ref.timezone);
        const own = ref.templates.find((t) => t.key === 'appointment.reminder' && t.locale === locale);
        out.push({
          appointment: row.id,
          code: row.code,
          to,
          locale,
          key: 'appointment.reminder',
          text: say(ref.templates, 'appointment.reminder', locale, { code: row.code, day: date ? meetingDayLabel(date, locale) : '', time, place: row.place ?? '' }),
          wa_template_name: own?.wa_template_name ?? null,
        });
      }
      out.push(...(await claimNotices(knex, items, ref)));
      // Each goes out from the account the citizen last wrote to: a desk's own number or bot (on Telegram
      // it may be the only bot allowed to write to them; a WhatsApp number's 24-hour window is its own).
      const from = await lastWrittenTo(knex, out.map((o) => String(o['to'])));
      res.json({ data: { reminders: out.map((o) => ({ ...o, from: from.get(String(o['to'])) ?? '' })) } });
    } catch (error) {
      next(error);
    }
  });

  /**
   * POST /kanal-aduan/appointments/:id/report -> {data: {complaint, ticket, created}}
   * «Jadikan laporan»: the meeting notes become a report by the citizen (core meetingReport),
   * created with the caller's rights (so the complaint hook numbers it and the citizen gets the
   * ticket), linked from the booking, which is marked done. Once: a second call answers the same
   * report. Admins and the verifikator only.
   */
  router.post('/appointments/:id/report', async (req, res, next) => {
    try {
      const r = req as DirectusRequest;
      const a = r.accountability;
      const role = a?.user || a?.admin ? roleFromAccountability(a) : 'citizen';
      if (role !== 'admin' && role !== 'verifikator') throw new ForbiddenError({ reason: 'Hanya verifikator atau administrator yang boleh menjadikan catatan Temu Bupati sebagai laporan.' });
      const id = Number(r.params['id']);
      if (!Number.isInteger(id) || id <= 0) throw new KanalNotFoundError({ reason: 'Janji temu tidak ditemukan.' });
      const schema = await schemaOf(r, ctx);
      const knex = ctx.database as Knex;
      const made = await knex.transaction(async (trx) => {
        const q = trx('appointments').where({ id }).first('id');
        if (!isSqlite(trx)) q.forUpdate();
        if (!(await q)) throw new KanalNotFoundError({ reason: `Janji temu #${id} tidak ditemukan.` });
        const full = new ctx.services.ItemsService('appointments', { knex: trx, schema });
        const m = (await full.readOne(id, { fields: ['id', 'code', 'topic', 'note', 'slot_date', 'citizen', 'locale', 'status', 'complaint.id', 'complaint.ticket'] })) as Record<string, any>;
        if (m['complaint']) return { complaint: m['complaint'].id, ticket: m['complaint'].ticket, created: false };
        const plan = meetingReport({ code: m['code'], topic: String(m['topic'] ?? ''), note: m['note'], slot_date: dateOnly(m['slot_date']), citizen: m['citizen'], locale: m['locale'] === 'en' ? 'en' : 'id' });
        if (!plan.ok) {
          throw new KanalInvalidPayloadError({
            reason: plan.code === 'APPOINTMENT.NO_NOTES' ? 'Tulis dulu «Catatan pertemuan»: apa yang disampaikan warga.' : 'Janji temu ini tidak punya warga: laporan butuh pelapor.',
            domain_code: plan.code,
          });
        }
        // As the caller: the complaint hook numbers it, starts the clock and tells the citizen.
        const complaints = new ctx.services.ItemsService('complaints', { knex: trx, schema, accountability: a });
        const complaint = Number(await complaints.createOne(plan.row));
        const [row] = await trx('complaints').where({ id: complaint }).select('ticket');
        await full.updateOne(id, { complaint, ...(m['status'] === 'cancelled' ? {} : { status: 'done' }) });
        return { complaint, ticket: (row?.ticket as string | null) ?? null, created: true };
      });
      res.json({ data: made });
    } catch (error) {
      next(error);
    }
  });
};
