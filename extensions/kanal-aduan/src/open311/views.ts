import { citizenDeadline, isStatus, open311Status, redactIdentity, showsDetail, STATUS_LABELS, type Status } from '@kanal-aduan/core';
import { z } from 'zod';
import type { Node } from './serialize.ts';

// What GeoReport v2 answers, built by whitelisting from the rows we read, never
// by deleting fields. A request never carries the reporter; see showsDetail
// (core) for which reports also show what and where.

export const SPEC = 'http://wiki.open311.org/GeoReport_v2';

/** The complaint fields the Open311 routes read (relations expanded); nothing of the reporter. */
export const REQUEST_FIELDS = [
  'id', 'ticket', 'status', 'confidential', 'category.code', 'category.name',
  'description', 'address', 'latitude', 'longitude', 'region.code', 'assigned_agency.name',
  'received_at', 'verified_at', 'dispositioned_at', 'first_response_at', 'resolved_at', 'closed_at',
  'verify_due', 'respond_due', 'resolve_due',
  // Read only to hide the reporter's names in published text, never answered.
  'reporter.display_name',
];

const stamp = z.string().nullish();
export const RequestRow = z.object({
  ticket: z.string(),
  status: z.string().refine(isStatus),
  confidential: z.union([z.boolean(), z.number()]).nullish(),
  category: z.object({ code: z.string(), name: z.string().nullish() }).nullish(),
  description: z.string().nullish(),
  address: z.string().nullish(),
  latitude: z.number().nullish(),
  longitude: z.number().nullish(),
  region: z.object({ code: z.string() }).nullish(),
  assigned_agency: z.object({ name: z.string().nullish() }).nullish(),
  received_at: stamp,
  verified_at: stamp,
  dispositioned_at: stamp,
  first_response_at: stamp,
  resolved_at: stamp,
  closed_at: stamp,
  verify_due: stamp,
  respond_due: stamp,
  resolve_due: stamp,
  reporter: z.object({ display_name: z.string().nullish() }).nullish(),
});
export type RequestRow = z.infer<typeof RequestRow>;

/** Directus returns timestamps without a zone on some databases; the spec wants w3c with one. */
export function w3c(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Free text published to anyone: phone numbers, NIK, e-mail and the reporter's known names replaced (core redactIdentity). */
const publicText = (text: string | null | undefined, names: string[]): string | null => (text ? redactIdentity(text, { names }).text : null);

/**
 * One service request as GeoReport v2 shows it. Every request has the same
 * keys; a confidential, unverified or rejected report has null where a
 * published one has what and where (description, address, point, agency), so
 * the shape itself does not tell them apart beyond those values.
 */
export function requestView(row: RequestRow): Record<string, Node> {
  const status = row.status as Status;
  const detail = showsDetail(status, row.confidential === true || row.confidential === 1);
  const milestones = [row.received_at, row.verified_at, row.dispositioned_at, row.first_response_at, row.resolved_at, row.closed_at]
    .map(w3c)
    .filter((v): v is string => v !== null)
    .sort();
  const names = row.reporter?.display_name ? [row.reporter.display_name] : [];
  const point = detail && typeof row.latitude === 'number' && typeof row.longitude === 'number';
  return {
    service_request_id: row.ticket,
    status: open311Status(status),
    status_notes: STATUS_LABELS[status].id,
    service_name: row.category?.name ?? null,
    service_code: row.category?.code ?? null,
    description: detail ? publicText(row.description, names) : null,
    agency_responsible: detail ? (row.assigned_agency?.name ?? null) : null,
    service_notice: null,
    requested_datetime: w3c(row.received_at),
    updated_datetime: milestones.at(-1) ?? null,
    expected_datetime: w3c(citizenDeadline({ ...row, status })),
    address: detail ? publicText(row.address, names) : null,
    address_id: detail ? (row.region?.code ?? null) : null,
    zipcode: null,
    lat: point ? row.latitude! : null,
    long: point ? row.longitude! : null,
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
