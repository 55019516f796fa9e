import { OPEN311_DETAIL_STATUSES } from './open311.ts';
import { statusKind, type Status, type StatusKind } from './statuses.ts';

/** What the public map reads of a report: no ticket, no text, no reporter. */
export type MapReport = {
  status: Status;
  confidential: boolean;
  latitude: number | null;
  longitude: number | null;
  /** complaints.region: a kelurahan/desa, a kecamatan, or nothing. */
  region: string | null;
  category: string | null;
};

export type MapPoint = {
  latitude: number;
  longitude: number;
  /** 'pin': where the citizen pinned it (about 11 m); 'desa': the kelurahan/desa's centroid. */
  precision: 'pin' | 'desa';
  category: string | null;
  status: Status;
  kind: StatusKind;
};

/** Four decimals of a degree, about 11 m: the place of a pothole, not a phone's GPS trace. */
const PIN_DECIMALS = 4;
const round = (x: number) => Number(x.toFixed(PIN_DECIMALS));

/** A citizen's pin as anything public shows it (the map, Open311): rounded to about 11 m. */
export function publicPin(pin: { latitude: number; longitude: number }): { latitude: number; longitude: number } {
  return { latitude: round(pin.latitude), longitude: round(pin.longitude) };
}

/**
 * Where a report may stand on the public map, or null when it may not:
 * - only once a verifikator has passed it (Open311's detail statuses: verified
 *   to closed; never one waiting for verification, likely spam or rejected);
 * - a confidential report only at its kelurahan/desa's centroid, never its pin
 *   (and not at all when its place is only a kecamatan or unknown);
 * - any other report at its pin, or at its desa's centroid when it has no pin.
 */
export function publicMapPoint(report: MapReport, centroids: ReadonlyMap<string, { latitude: number; longitude: number }>): MapPoint | null {
  if (!OPEN311_DETAIL_STATUSES.includes(report.status)) return null;
  const base = { category: report.category, status: report.status, kind: statusKind(report.status) };
  if (!report.confidential && report.latitude !== null && report.longitude !== null) {
    return { ...base, ...publicPin({ latitude: report.latitude, longitude: report.longitude }), precision: 'pin' };
  }
  const desa = report.region ? centroids.get(report.region) : undefined;
  if (!desa) return null;
  return { ...base, latitude: desa.latitude, longitude: desa.longitude, precision: 'desa' };
}
