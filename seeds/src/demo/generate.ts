import {
  addWorkingDays,
  canTransition,
  formatTicket,
  isWorkingDay,
  kecamatanOf,
  suggestAgency,
  ticketPeriod,
  type Agency,
  type Assignment,
  type Category,
  type Citizen,
  type Complaint,
  type ComplaintUpdate,
  type Region,
  type Role,
  type RoutingRule,
  type SlaPolicy,
  type Status,
  type WorkCalendar,
} from '@kanal-aduan/core';
import { createRng, forkRng, hash32, type Rng } from './rng.ts';
import {
  ACCEPT_NOTES, CITIZEN_ANSWERS, DURATIONS, FIRST_NAMES, LANDMARKS, LAST_NAMES, NEEDS_INFO_QUESTIONS, RESOLUTIONS, RETURN_REASONS, TEXTS,
} from './texts.ts';

/** Everything the generator needs to know about the instance; all plain data. */
export type DemoContext = {
  now: Date;
  /** How far back reports go (default 120 days). */
  days?: number;
  calendar: WorkCalendar;
  policy: SlaPolicy;
  ticketPrefix: string;
  categories: readonly Category[];
  routingRules: readonly RoutingRule[];
  agencies: readonly Agency[];
  /** Kecamatan, desa and kelurahan of the regency (other levels are ignored). */
  regions: readonly Region[];
  users?: { verifikator?: string | null; officers?: Readonly<Record<string, string>> };
  /** First ids to use (continue after what the database holds). */
  firstIds?: { complaint?: number; assignment?: number; update?: number };
  /** Last ticket sequence already used per period ('2611' -> 41). */
  ticketStart?: Readonly<Record<string, number>>;
  /** Demo citizens to draw reporters from (default n / 3, at least 20). */
  citizenCount?: number;
  /** Optional bounding box for shared locations [minLat, minLng, maxLat, maxLng]. */
  bbox?: readonly [number, number, number, number] | null;
};

export type DemoBatch = {
  citizens: Citizen[];
  complaints: Complaint[];
  assignments: Assignment[];
  updates: ComplaintUpdate[];
};

/** Ogan Komering Ilir, roughly: shared locations fall inside the regency. */
export const OKI_BBOX = [-3.95, 104.75, -2.85, 106.2] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Fixed UTC offset of an Indonesian zone (no daylight saving in WIB/WITA/WIT). */
function utcOffsetMs(timezone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(at.getTime() / 60000) * 60000;
}

type Event = { from: Status | null; to: Status; at: number; role: Role; reason?: string; body?: string | null; public?: boolean };

/**
 * A seeded, stateful generator: `next(count)` returns the next batch of
 * reports with their citizens, assignments and history. The same seed gives
 * the same data whatever the batch sizes, because every report draws from
 * its own random stream.
 */
export function createDemoGenerator(n: number, ctx: DemoContext, seed: number) {
  const days = ctx.days ?? 120;
  const now = ctx.now.getTime();
  const offset = utcOffsetMs(ctx.calendar.timezone, ctx.now);
  const cal = ctx.calendar;
  const categories = ctx.categories.filter((c) => c.active);
  const kecamatan = ctx.regions.filter((r) => r.level === 'kecamatan');
  const kecName = new Map(kecamatan.map((k) => [k.code, k.name]));
  const villages = ctx.regions.filter((r) => r.level === 'desa' || r.level === 'kelurahan');
  if (villages.length === 0 || categories.length === 0) throw new Error('Demo data needs villages and categories.');
  const agencyName = new Map(ctx.agencies.map((a) => [a.code, a.short_name ?? a.name]));
  const opdCodes = ctx.agencies.filter((a) => a.kind === 'opd').map((a) => a.code);
  const citizenCount = ctx.citizenCount ?? Math.max(20, Math.ceil(n / 3));
  const verifikator = ctx.users?.verifikator ?? null;
  const officers = ctx.users?.officers ?? {};

  // Received times: spread over `days`, busier on weekdays and in the day
  // (citizens write after work too), sorted so tickets grow with time.
  const timeRng = forkRng(seed, 'times');
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t: number;
    for (;;) {
      t = now - timeRng.next() * days * DAY;
      const localHour = new Date(t + offset).getUTCHours();
      const weekday = new Date(t + offset).getUTCDay();
      const w = (localHour < 6 ? 0.15 : localHour < 22 ? 1 : 0.4) * (weekday === 0 || weekday === 6 ? 0.6 : 1);
      if (timeRng.next() < w) break;
    }
    times[i] = t;
  }
  times.sort();

  // Tickets by month, continuing after what exists.
  const seqByPeriod = new Map(Object.entries(ctx.ticketStart ?? {}));
  const tickets: string[] = new Array(n);
  const periodMemo = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const day = Math.floor((times[i]! + offset) / DAY);
    let period = periodMemo.get(day);
    if (period === undefined) periodMemo.set(day, (period = ticketPeriod(new Date(times[i]!), cal.timezone)));
    const seq = (seqByPeriod.get(period) ?? 0) + 1;
    seqByPeriod.set(period, seq);
    tickets[i] = formatTicket(ctx.ticketPrefix, period, seq);
  }

  const firstComplaint = ctx.firstIds?.complaint ?? 1;
  let nextAssignment = ctx.firstIds?.assignment ?? 1;
  let nextUpdate = ctx.firstIds?.update ?? 1;
  let cursor = 0;
  // Each citizen is emitted once, in the batch of their first report.
  const seen = new Set<string>();
  // Agencies differ (that is what the ranking shows): a stable speed factor per agency.
  const speed = (agency: string) => 0.5 + (hash32(seed, 'speed', agency) % 1000) / 600; // 0.5 .. 2.17

  // Core's clock, memoised per local day: a million reports ask the same few
  // hundred days over and over (what makes 1M reports take minutes, not hours).
  const localDay = (t: number) => Math.floor((t + offset) / DAY);
  const workingMemo = new Map<number, boolean>();
  const isWorking = (t: number) => {
    const d = localDay(t);
    let w = workingMemo.get(d);
    if (w === undefined) workingMemo.set(d, (w = isWorkingDay(new Date(t), cal)));
    return w;
  };
  const dueMemo = new Map<number, number>();
  const addWd = (t: number, wd: number) => {
    const key = localDay(t) * 64 + wd;
    let due = dueMemo.get(key);
    if (due === undefined) dueMemo.set(key, (due = addWorkingDays(new Date(t), wd, cal).getTime()));
    return due;
  };

  /** Local working hours: push a time into the next working morning when needed. */
  const office = (t: number, rng: Rng): number => {
    const h = new Date(t + offset).getUTCHours();
    if (h >= 8 && h < 16 && isWorking(t)) return t;
    let day = localDay(t) * DAY - offset + (h >= 16 ? DAY : 0);
    while (!isWorking(day + 12 * HOUR)) day += DAY;
    return day + 8 * HOUR + rng.int(0, 180) * 60_000;
  };
  const after = (t: number, minH: number, maxH: number, rng: Rng, inOffice = true) => {
    const x = t + rng.between(minH, maxH) * HOUR;
    return inOffice ? Math.max(office(x, rng), t + 60_000) : x;
  };

  const citizenFor = (k: number): Citizen => {
    // Seed-independent: wa_id k is always the same person, so runs with other seeds never clash.
    const r = forkRng(0, 'citizen', k);
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    const waId = `62852${String(k).padStart(8, '0')}`;
    return {
      id: r.uuid(),
      wa_id: waId,
      phone: `+${waId}`,
      display_name: last ? `${first} ${last}` : first,
      locale: r.chance(0.03) ? 'en' : 'id',
      blocked: false,
      date_created: null,
    };
  };

  function one(i: number): { citizen: Citizen; complaint: Complaint; assignments: Assignment[]; updates: ComplaintUpdate[] } {
    const rng = forkRng(seed, 'complaint', i);
    const id = firstComplaint + i;
    const receivedAt = times[i]!;
    const citizen = citizenFor(rng.int(0, citizenCount - 1));
    const category = rng.pick(categories);
    const village = rng.pick(villages);
    const texts = TEXTS[category.code] ?? TEXTS.LAINNYA!;
    const text = rng.pick(texts);
    const fill = (s: string) =>
      s.replaceAll('{desa}', village.name).replaceAll('{kec}', kecName.get(village.parent ?? '') ?? '').replaceAll('{patokan}', rng.pick(LANDMARKS)).replaceAll('{lama}', rng.pick(DURATIONS));
    const type = category.code === 'LAINNYA' ? rng.weighted({ aspirasi: 4, saran: 3, informasi: 3 }) : rng.weighted({ pengaduan: 88, aspirasi: 5, saran: 4, informasi: 3 });
    const centroid = typeof village.latitude === 'number' && typeof village.longitude === 'number' ? { lat: village.latitude, lng: village.longitude } : null;
    const shareLocation = (centroid || ctx.bbox) && rng.chance(0.4);

    const events: Event[] = [{ from: null, to: 'received', at: receivedAt, role: 'citizen' }];
    const assignments: Assignment[] = [];
    let status = 'received' as Status;
    let statusReason: string | null = null;
    let verifiedAt: number | null = null;
    let dispositionedAt: number | null = null;
    let firstResponseAt: number | null = null;
    let resolvedAt: number | null = null;
    let closedAt: number | null = null;
    let respondDue: number | null = null;
    let resolveDue: number | null = null;
    let autocloseDue: number | null = null;
    let satisfaction: number | null = null;
    let reopenCount = 0;
    let duplicateOf: number | null = null;
    let agency: string | null = null;
    let suggested: string | null = null;
    const verifyDue = addWd(receivedAt, ctx.policy.verify_days);

    // One status move, if it has happened by `now`. Returns false when the
    // story stops here (the move lies in the future).
    const move = (to: Status, at: number, role: Role, extra: Partial<Event> = {}): boolean => {
      if (at > now) return false;
      if (!canTransition(status, to, role)) throw new Error(`demo generator made an illegal move ${status} -> ${to} (${role})`);
      events.push({ from: status, to, at, role, ...extra });
      status = to;
      return true;
    };

    story: {
      let t = receivedAt;
      if (rng.chance(0.06)) {
        const asked = after(t, 1, 40, rng);
        if (!move('needs_info', asked, 'verifikator', { body: rng.pick(NEEDS_INFO_QUESTIONS), public: true })) break story;
        const answered = after(asked, 0.5, 60, rng, false);
        if (rng.chance(0.15) || answered > now) break story; // the citizen never answered (yet)
        events.push({ from: null, to: 'needs_info', at: answered, role: 'citizen', body: rng.pick(CITIZEN_ANSWERS), public: false });
        if (!move('received', answered + 1000, 'service')) break story;
        t = answered;
      }
      const checked = after(t, 1, rng.chance(0.85) ? 48 : 110, rng);
      if (rng.chance(0.09)) {
        const reason = rng.weighted({ spam: 3, duplicate: 3, out_of_scope: 3, invalid: 2 });
        if (reason === 'duplicate' && i > 0) duplicateOf = firstComplaint + rng.int(Math.max(0, i - 200), i - 1);
        if (!move('rejected', checked, 'verifikator', { reason: reason === 'duplicate' && duplicateOf === null ? 'invalid' : reason, body: null })) break story;
        statusReason = events[events.length - 1]!.reason!;
        break story;
      }
      if (!move('verified', checked, 'verifikator')) break story;
      verifiedAt = checked;

      const route = (exclude: string | null) => {
        try {
          const s = suggestAgency({ category: category.code, region: village.code }, ctx.routingRules, ctx.categories).agency;
          if (s !== exclude) return s;
        } catch {
          /* no route: the verifikator picks one by hand */
        }
        const kec = `KEC-${village.parent}`;
        return exclude !== kec && agencyName.has(kec) && rng.chance(0.5) ? kec : rng.pick(opdCodes.filter((c) => c !== exclude));
      };
      suggested = route(null);
      let target = rng.chance(0.93) ? suggested : route(suggested);
      let disposedAt = after(checked, 0.2, 20, rng);
      for (let round = 0; round < 3; round++) {
        if (!move('dispositioned', disposedAt, 'verifikator', { body: `Didisposisikan ke ${agencyName.get(target) ?? target}.` })) break story;
        agency = target;
        dispositionedAt = disposedAt;
        respondDue = addWd(disposedAt, ctx.policy.respond_days);
        resolveDue = addWd(disposedAt, ctx.policy.resolve_days);
        const a: Assignment = {
          id: nextAssignment++, complaint: id, agency: target, assigned_by: verifikator, assigned_at: new Date(disposedAt).toISOString(),
          respond_due: iso(respondDue), accepted_at: null, first_response_at: null, returned_at: null, return_reason: null, resolved_at: null, active: true,
        };
        assignments.push(a);
        const f = speed(target);
        if (round < 2 && rng.chance(0.07)) {
          // "Bukan wewenang": returned, mostly within the 1-working-day grace.
          const returned = after(disposedAt, 0.5, rng.chance(0.8) ? 8 : 40, rng);
          const reasonText = rng.pick(RETURN_REASONS);
          if (!move('verified', returned, officers[target] ? 'opd_officer' : 'opd_head', { reason: 'not_authority', body: reasonText })) break story;
          a.returned_at = iso(returned);
          a.return_reason = reasonText;
          a.active = false;
          agency = null;
          statusReason = null;
          target = route(target);
          disposedAt = after(returned, 0.5, 16, rng);
          continue;
        }
        const accepted = after(disposedAt, 1, 70 * f, rng);
        if (!move('in_progress', accepted, 'opd_officer', { body: rng.pick(ACCEPT_NOTES), public: true })) break story;
        a.accepted_at = iso(accepted);
        a.first_response_at = iso(accepted);
        firstResponseAt = accepted;
        let fixedAt = after(accepted, 4, 24 * 12 * f, rng);
        for (;;) {
          if (!move('resolved', fixedAt, 'opd_officer', { body: RESOLUTIONS[category.code] ?? RESOLUTIONS.LAINNYA!, public: true })) break story;
          a.resolved_at = iso(fixedAt);
          resolvedAt = fixedAt;
          autocloseDue = addWd(fixedAt, ctx.policy.autoclose_days);
          if (reopenCount === 0 && rng.chance(0.05)) {
            const reopened = after(fixedAt, 2, 72, rng, false);
            if (!move('in_progress', reopened, 'citizen', { body: 'Warga menyatakan masalah belum selesai.', public: false })) break story;
            reopenCount++;
            a.resolved_at = null;
            resolvedAt = null;
            autocloseDue = null;
            fixedAt = after(reopened, 8, 24 * 6 * f, rng);
            continue;
          }
          break;
        }
        const confirms = rng.chance(0.65);
        const closeAt = confirms ? after(fixedAt, 0.5, 72, rng, false) : autocloseDue! + rng.int(1, 90) * 60_000;
        if (!move('closed', closeAt, confirms ? 'citizen' : 'system', { reason: confirms ? 'citizen_confirmed' : 'no_response' })) break story;
        closedAt = closeAt;
        statusReason = confirms ? 'citizen_confirmed' : 'no_response';
        if (confirms) {
          // Faster agencies tend to please more; never perfectly.
          const base = f < 1 ? 4.3 : f < 1.6 ? 3.6 : 2.9;
          satisfaction = Math.min(5, Math.max(1, Math.round(base + rng.between(-1.6, 1.2))));
        }
        break;
      }
    }

    const updates: ComplaintUpdate[] = [];
    for (const e of events) {
      const citizenMsg = e.from === null && e.to === 'needs_info';
      if (e.from === null && e.to === 'received') {
        updates.push(upd(nextUpdate++, id, 'status_change', null, 'received', null, false, null, null, e.at));
        continue;
      }
      if (citizenMsg) {
        updates.push(upd(nextUpdate++, id, 'citizen_message', null, null, e.body ?? null, false, null, null, e.at));
        continue;
      }
      const byOfficer = e.role === 'opd_officer' || e.role === 'opd_head';
      const ag = byOfficer ? (assignments.findLast((a) => Date.parse(a.assigned_at) <= e.at)?.agency ?? null) : null;
      const author = byOfficer ? (ag ? (officers[ag] ?? null) : null) : e.role === 'verifikator' ? verifikator : null;
      updates.push(upd(nextUpdate++, id, 'status_change', e.from, e.to, e.reason ? `${e.reason}${e.body ? `: ${e.body}` : ''}` : null, false, author, ag, e.at));
      if (e.body && e.public) updates.push(upd(nextUpdate++, id, 'follow_up', null, null, e.body, true, author, ag, e.at + 1000));
    }

    // A pin within about 1.3 km of the village's centroid (anywhere in the regency's box when the village has none).
    const lat = !shareLocation ? null : centroid ? centroid.lat + rng.between(-0.012, 0.012) : rng.between(ctx.bbox![0], ctx.bbox![2]);
    const lng = !shareLocation ? null : centroid ? centroid.lng + rng.between(-0.012, 0.012) : rng.between(ctx.bbox![1], ctx.bbox![3]);
    const last = events[events.length - 1]!.at;
    const complaint: Complaint = {
      id,
      ticket: tickets[i]!,
      type,
      category: category.code,
      title: fill(text.title),
      description: fill(text.body),
      region: village.code,
      kecamatan: kecamatanOf(village.code),
      latitude: lat === null ? null : Math.round(lat * 1e6) / 1e6,
      longitude: lng === null ? null : Math.round(lng * 1e6) / 1e6,
      address: rng.chance(0.5) ? `${rng.pick(LANDMARKS)}, ${village.name}` : null,
      channel: rng.weighted({ whatsapp: 85, web: 5, admin: 5, phone: 5 }),
      reporter: citizen.id,
      confidential: category.code === 'PUNGLI' || category.code === 'PERLINDUNGAN' ? true : rng.chance(0.12),
      locale: citizen.locale,
      status,
      status_reason: status === 'rejected' || status === 'closed' ? statusReason : null,
      status_note: null,
      assigned_agency: agency,
      suggested_agency: suggested,
      verify_due: iso(verifyDue),
      respond_due: iso(respondDue),
      resolve_due: iso(resolveDue),
      autoclose_due: iso(autocloseDue),
      received_at: iso(receivedAt),
      verified_at: iso(verifiedAt),
      dispositioned_at: iso(dispositionedAt),
      first_response_at: iso(firstResponseAt),
      resolved_at: iso(resolvedAt),
      closed_at: iso(closedAt),
      satisfaction,
      reopen_count: reopenCount,
      duplicate_of: duplicateOf,
      spam_score: statusReason === 'spam' ? Math.round(rng.between(0.7, 0.99) * 100) / 100 : Math.round(rng.between(0, 0.2) * 100) / 100,
      date_created: iso(receivedAt),
      date_updated: iso(last),
    };
    return { citizen, complaint, assignments, updates };
  }

  return {
    total: n,
    get remaining() {
      return n - cursor;
    },
    /** Last ticket sequence per period after all `n` reports (for ticket_counters). */
    ticketCounters(): Record<string, number> {
      return Object.fromEntries(seqByPeriod);
    },
    next(count: number): DemoBatch {
      const batch: DemoBatch = { citizens: [], complaints: [], assignments: [], updates: [] };
      const end = Math.min(n, cursor + count);
      for (; cursor < end; cursor++) {
        const r = one(cursor);
        if (!seen.has(r.citizen.id)) {
          seen.add(r.citizen.id);
          batch.citizens.push({ ...r.citizen, date_created: r.complaint.received_at });
        }
        batch.complaints.push(r.complaint);
        batch.assignments.push(...r.assignments);
        batch.updates.push(...r.updates);
      }
      return batch;
    },
  };
}

export type DemoGenerator = ReturnType<typeof createDemoGenerator>;

/** Pure and seeded: the same `rng` seed and context give the same reports. */
export function generateComplaints(n: number, ctx: DemoContext, rng: Rng | number = 42): DemoBatch {
  const seed = typeof rng === 'number' ? rng : rng.seed;
  return createDemoGenerator(n, ctx, seed).next(n);
}

function iso(t: number | null): string | null;
function iso(t: number): string;
function iso(t: number | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}

function upd(
  id: number, complaint: number, kind: ComplaintUpdate['kind'], from: Status | null, to: Status | null, body: string | null,
  isPublic: boolean, author: string | null, agency: string | null, at: number,
): ComplaintUpdate {
  return { id, complaint, kind, status_from: from, status_to: to, body, public: isPublic, author, agency, date_created: iso(at) };
}

export { createRng };
