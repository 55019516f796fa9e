import { citizenDeadline, isStatus, open311Status, publicPin, showsDetail, STATUS_LABELS, type Status } from '@kanal-aduan/core';
import { z } from 'zod';
import type { Node } from './serialize.ts';

// What GeoReport v2 answers, built by whitelisting from the rows we read, never
// by deleting fields. Anyone may ask, and tickets are sequential, so a request
// shows no more than the public map and tracker show without the citizen's
// code: service, status, dates, and for a published report (core showsDetail)
// its desa and its point as the map rounds it. Never the reporter, the
// citizen's words, the address they typed or the agency (the agencies'
// record is published only as the ranking the admins switch on). The filer
// of a POST gets the tracking code that opens the full tracker.

export const SPEC = 'http://wiki.open311.org/GeoReport_v2';

/** The complaint fields the Open311 routes read (relations expanded): only what a request may show. */
export const REQUEST_FIELDS = [
  'id', 'ticket', 'status', 'confidential', 'category.code', 'category.name',
  'latitude', 'longitude', 'region.code',
  'received_at', 'verified_at', 'dispositioned_at', 'first_response_at', 'resolved_at', 'closed_at',
  'verify_due', 'respond_due', 'resolve_due',
];

const stamp = z.string().nullish();
export const RequestRow = z.object({
  ticket: z.string(),
  status: z.string().refine(isStatus),
  confidential: z.union([z.boolean(), z.number()]).nullish(),
  category: z.object({ code: z.string(), name: z.string().nullish() }).nullish(),
  latitude: z.number().nullish(),
  longitude: z.number().nullish(),
  region: z.object({ code: z.string() }).nullish(),
  received_at: stamp,
  verified_at: stamp,
  dispositioned_at: stamp,
  first_response_at: stamp,
  resolved_at: stamp,
  closed_at: stamp,
  verify_due: stamp,
  respond_due: stamp,
  resolve_due: stamp,
});
export type RequestRow = z.infer<typeof RequestRow>;

/** Directus returns timestamps without a zone on some databases; the spec wants w3c with one. */
export function w3c(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * One service request as GeoReport v2 shows it. Every request has the same
 * keys; description, address and agency are always null, and a confidential,
 * unverified or rejected report also has null where a published one has its
 * desa and point, so the shape itself tells nothing more.
 */
export function requestView(row: RequestRow): Record<string, Node> {
  const status = row.status as Status;
  const detail = showsDetail(status, row.confidential === true || row.confidential === 1);
  const milestones = [row.received_at, row.verified_at, row.dispositioned_at, row.first_response_at, row.resolved_at, row.closed_at]
    .map(w3c)
    .filter((v): v is string => v !== null)
    .sort();
  const point = detail && typeof row.latitude === 'number' && typeof row.longitude === 'number' ? publicPin({ latitude: row.latitude, longitude: row.longitude }) : null;
  return {
    service_request_id: row.ticket,
    status: open311Status(status),
    status_notes: STATUS_LABELS[status].id,
    service_name: row.category?.name ?? null,
    service_code: row.category?.code ?? null,
    description: null,
    agency_responsible: null,
    service_notice: null,
    requested_datetime: w3c(row.received_at),
    updated_datetime: milestones.at(-1) ?? null,
    expected_datetime: w3c(citizenDeadline({ ...row, status })),
    address: null,
    address_id: detail ? (row.region?.code ?? null) : null,
    zipcode: null,
    lat: point?.latitude ?? null,
    long: point?.longitude ?? null,
    media_url: null,
  };
}

export type ServiceCategory = { code: string; name: string; name_en?: string | null; description?: string | null; keywords?: string[] | null };

export function serviceView(c: ServiceCategory): Record<string, Node> {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.description ?? c.name_en ?? null,
    metadata: true,
    type: 'realtime',
    keywords: (c.keywords ?? []).join(', ') || null,
    group: null,
  };
}

const TYPE_VALUES: Array<[string, string]> = [
  ['pengaduan', 'Pengaduan (complaint)'],
  ['aspirasi', 'Aspirasi (wish or proposal)'],
  ['saran', 'Saran (suggestion)'],
  ['informasi', 'Permintaan informasi (information request)'],
];

/** `services/{code}`: the two attributes a client may send as `attribute[type]` and `attribute[confidential]`. */
export function serviceDefinition(code: string): Record<string, Node> {
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: 'type',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: 'Jenis laporan; bila kosong: pengaduan. / Kind of report; pengaduan when empty.',
        order: 1,
        description: 'Jenis laporan / Kind of report',
        values: TYPE_VALUES.map(([key, name]) => ({ key, name })),
      },
      {
        variable: true,
        code: 'confidential',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: 'true: identitas pelapor dirahasiakan dari instansi dan laporan tidak ditampilkan isinya. / true: the reporter is kept from agencies and the report\'s content is never published.',
        order: 2,
        description: 'Rahasiakan identitas / Keep confidential',
        values: [
          { key: 'false', name: 'Tidak / No' },
          { key: 'true', name: 'Ya, rahasiakan / Yes, keep confidential' },
        ],
      },
    ],
  };
}

export function discovery(baseUrl: string, contact: string): Record<string, Node> {
  return {
    changeset: '2026-01-01T00:00:00Z',
    contact,
    key_service: 'Kunci API diberikan oleh admin Kanal Aduan (Diskominfo). / API keys are issued by the Kanal Aduan admins.',
    endpoints: [{ specification: SPEC, url: `${baseUrl}/v2`, changeset: '2026-01-01T00:00:00Z', type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}
