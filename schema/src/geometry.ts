// The reports' geometry point (complaints.location) is not a field of src/collections:
// it can exist only where the database has PostGIS, or SpatiaLite on SQLite. The bundle makes it and keeps it
// (extensions/kanal-aduan src/geo/location.ts); the apply asks it to, on every run
// (idempotent), and adds the map bookmarks only where it exists.
import type { Client } from './directus-client.ts';

export type GeometryResult = { location: boolean; reason?: string; filled?: number };

/** True when complaints.location exists (the map layout can be offered). */
export async function prepareGeometry(api: Client, change: (s: string) => void, log: (s: string) => void = () => {}): Promise<boolean> {
  const geo = await api.post<GeometryResult>('/kanal-aduan/geo/prepare', {});
  if (geo.location && geo.filled) change(`fill complaints.location of ${geo.filled} report(s)`);
  if (!geo.location) log(`schema: no map layout (${geo.reason ?? 'no PostGIS or SpatiaLite'})`);
  return geo.location;
}
