import { ComplaintType, findTicket, OPEN311_DETAIL_STATUSES, statusesOf, type Open311Input, type Open311Status } from '@kanal-aduan/core';
import { z } from 'zod';

// The GET requests parameters (GeoReport v2 plus `bbox` and `page`, our
// extensions) parsed at the edge, and the one Directus filter built from them.
// The filter is ours: a client never passes a Directus filter, sort or field.

export class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;
const MAX_IDS = 50;
/** The spec's default window when no date is given (its "last 90 days"). */
export const DEFAULT_WINDOW_DAYS = 90;

const list = (v: unknown) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : Array.isArray(v) ? v.map(String) : []);

export type RequestsQuery = {
  ids: string[];
  serviceCodes: string[];
  statuses: Open311Status[];
  start: Date | null;
  end: Date | null;
  bbox: { south: number; west: number; north: number; east: number } | null;
  limit: number;
  page: number;
};

// w3c datetime (the spec's format): a date, or a date and time with a zone.
const W3C = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function w3cDate(value: unknown, name: string): Date | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || !W3C.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Open311Error(400, `${name} harus tanggal w3c, mis. 2026-11-05T08:15:30+07:00. / ${name} must be a w3c datetime.`);
  }
  return new Date(value);
}

const int = (value: unknown, name: string, min: number, max: number, fallback: number): number => {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new Open311Error(400, `${name} harus bilangan bulat ${min}–${max}. / ${name} must be a whole number ${min}–${max}.`);
  return n;
};

export function parseRequestsQuery(query: Record<string, unknown>, ticketPrefix: string): RequestsQuery {
  const ids = list(query['service_request_id']);
  if (ids.length > MAX_IDS) throw new Open311Error(400, `Paling banyak ${MAX_IDS} service_request_id sekali minta. / At most ${MAX_IDS} ids.`);
  for (const id of ids) {
    if (findTicket(id, ticketPrefix) !== id.toUpperCase()) throw new Open311Error(400, `service_request_id "${id.slice(0, 40)}" bukan nomor tiket. / Not a ticket number.`);
  }
  const serviceCodes = list(query['service_code']);
  if (serviceCodes.length > MAX_IDS || serviceCodes.some((c) => c.length > 64)) throw new Open311Error(400, 'service_code tidak sah. / Invalid service_code.');
  const statuses = list(query['status']).map((s) => s.toLowerCase());
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status harus open atau closed. / status must be open or closed.');
  const start = w3cDate(query['start_date'], 'start_date');
  const end = w3cDate(query['end_date'], 'end_date');
  if (start && end && start > end) throw new Open311Error(400, 'start_date sesudah end_date. / start_date is after end_date.');

  let bbox: RequestsQuery['bbox'] = null;
  if (query['bbox'] !== undefined && query['bbox'] !== '') {
    const parts = list(query['bbox']).map(Number);
    const [west, south, east, north] = parts as [number, number, number, number];
    const valid = parts.length === 4 && parts.every(Number.isFinite) && south <= north && west <= east && south >= -90 && north <= 90 && west >= -180 && east <= 180;
    if (!valid) throw new Open311Error(400, 'bbox harus "bujur_barat,lintang_selatan,bujur_timur,lintang_utara". / bbox must be "west,south,east,north".');
    bbox = { west, south, east, north };
  }
  return {
    ids: ids.map((i) => i.toUpperCase()),
    serviceCodes,
    statuses: [...new Set(statuses)] as Open311Status[],
    start,
    end,
    bbox,
    limit: int(query['limit'], 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT),
    page: int(query['page'], 'page', 1, 10_000, 1),
  };
}

/**
 * What makes a report a GeoReport v2 service request: its ticket, and a category, which is its
 * required `service_code`. A report nobody has categorised yet (a chat's "Lainnya" left open)
 * is not listed or found until the verifikator gives it one.
 */
export const A_SERVICE_REQUEST: Array<Record<string, unknown>> = [{ ticket: { _nnull: true } }, { category: { _nnull: true } }];

/**
 * The Directus filter of a requests query. Every condition is on something
 * each returned request shows (ticket, service, status, requested_datetime),
 * except `bbox`, which also keeps only reports that show their point
 * (core showsDetail): a box can never find a confidential or unpublished
 * report's place by what it includes or leaves out.
 */
export function requestsFilter(q: RequestsQuery, now: Date): Record<string, unknown> {
  // The spec: service_request_id "overrides all other arguments" (GET Service Requests,
  // http://wiki.open311.org/GeoReport_v2#GET_Service_Requests): the named requests, whatever else is asked.
  if (q.ids.length) return { _and: [{ ticket: { _in: q.ids } }, ...A_SERVICE_REQUEST] };
  const and: Array<Record<string, unknown>> = [];
  if (q.serviceCodes.length) and.push({ category: { _in: q.serviceCodes } });
  if (q.statuses.length) and.push({ status: { _in: q.statuses.flatMap(statusesOf) } });
  // The spec's default window applies only when the client gives no date.
  const start = q.start ?? (q.end ? null : new Date(now.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000));
  if (start) and.push({ received_at: { _gte: start.toISOString() } });
  if (q.end) and.push({ received_at: { _lte: q.end.toISOString() } });
  if (q.bbox) {
    and.push(
      { confidential: { _eq: false } },
      { status: { _in: [...OPEN311_DETAIL_STATUSES] } },
      { latitude: { _between: [q.bbox.south, q.bbox.north] } },
      { longitude: { _between: [q.bbox.west, q.bbox.east] } },
    );
  }
  // Drafts never exist here, but a report always has its ticket once stored.
  and.push(...A_SERVICE_REQUEST);
  return { _and: and };
}

/** The POST body: a form (the spec's `application/x-www-form-urlencoded`) or JSON, as flat strings. */
export function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    // JSON clients may send attributes as an object.
    else if (k === 'attribute' && v && typeof v === 'object') for (const [ak, av] of Object.entries(v)) if (typeof av !== 'object') out[`attribute[${ak}]`] = String(av);
  }
  return out;
}

const num = (value: string | undefined, name: string): number | null => {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Open311Error(400, `${name} harus angka. / ${name} must be a number.`);
  return n;
};

/** The fields of `POST requests` that core's open311Report reads; unknown attributes are refused by name. */
export function postInput(form: Record<string, string>): Open311Input {
  const typeRaw = form['attribute[type]']?.trim() || undefined;
  const type = typeRaw === undefined ? undefined : ComplaintType.safeParse(typeRaw).data;
  if (typeRaw !== undefined && !type) throw new Open311Error(400, 'attribute[type] harus pengaduan, aspirasi, saran atau informasi. / Unknown attribute[type].');
  const confidentialRaw = form['attribute[confidential]']?.trim().toLowerCase();
  if (confidentialRaw !== undefined && confidentialRaw !== '' && confidentialRaw !== 'true' && confidentialRaw !== 'false') {
    throw new Open311Error(400, 'attribute[confidential] harus true atau false. / attribute[confidential] must be true or false.');
  }
  const unknown = Object.keys(form).filter((k) => k.startsWith('attribute[') && k !== 'attribute[type]' && k !== 'attribute[confidential]');
  if (unknown.length) throw new Open311Error(400, `Atribut tidak dikenal: ${unknown.slice(0, 3).join(', ').slice(0, 120)}. / Unknown attribute.`);
  if (form['media_url']) throw new Open311Error(400, 'media_url belum didukung; kirim foto lewat WhatsApp. / media_url is not supported.');
  return {
    service_code: (form['service_code'] ?? '').trim(),
    lat: num(form['lat'], 'lat'),
    long: num(form['long'], 'long'),
    address_string: form['address_string'] ?? null,
    address_id: form['address_id'] ?? null,
    description: form['description'] ?? null,
    type,
    confidential: confidentialRaw === 'true',
  };
}
