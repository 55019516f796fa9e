import type { Locale, TrackingPageView } from '../tracking-view.ts';
import { formatDateTime, textsFor } from './texts.ts';

export type TrackResultModel = {
  view: TrackingPageView;
  detail: boolean;
  office: string | null;
  /** For a report joined into another: the sentence naming the one it follows and that one's status. */
  joined: string | null;
  timeline: Array<{ kind: string; when: string | null; label: string; agency: string | null; body: string | null; photos: Array<{ src: string; alt: string; caption: string | null }> }>;
};

/**
 * The tracking result's template data. Status-only views name the kind of
 * office; the detail names the agency. Photo links are made by `photoSrc`
 * (a signed, short-lived path: photo-token.ts), never the file's own address.
 */
export function trackResultModel(view: TrackingPageView, locale: Locale, timezone: string, photoSrc: (mediaId: string) => string): TrackResultModel {
  const t = textsFor(locale);
  const joined = view.joined_to ? t.track_joined.replace('{ticket}', view.joined_to.ticket).replace('{status}', view.joined_to.status.label) : null;
  if (view.detail === false) return { view, detail: false, office: view.office?.label ?? null, joined, timeline: [] };
  return {
    view,
    detail: true,
    office: view.agency,
    joined,
    timeline: view.timeline.map((e) => ({
      kind: e.kind,
      when: formatDateTime(e.date, locale, timezone),
      label: e.label,
      agency: e.agency,
      body: e.body,
      photos: e.photos.map((p) => ({ src: photoSrc(p.id), alt: p.caption || `${t.timeline}: ${e.label}`, caption: p.caption })),
    })),
  };
}
