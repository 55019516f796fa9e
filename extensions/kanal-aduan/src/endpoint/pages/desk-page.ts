import Handlebars from 'handlebars';
import { DESK_CHANNELS, STATUS_ADMIN_LABELS, type Category, type DeskChannel, type Region, type Status } from '@kanal-aduan/core';
import { CHANNEL_CHOICES } from '@kanal-aduan/schema/src/collections/reports.ts';
import type { Locale } from '../tracking-view.ts';
import type { DeskPageTexts } from './desk-texts.ts';
import { EMPTY_VALUES, reportFormModel, type FormLimits, type FormValues, type PickMap } from './report-form.ts';
import { fill, formatDateTime } from './texts.ts';

/**
 * «Catat laporan (telepon / datang langsung)»: the web form (report-form.ts)
 * in its desk dress, the receipt for the staff member, and the pages before
 * it (sign in, renew the session, refused). Every value is escaped by `{{…}}`.
 */
const hbs = Handlebars.create();

export const DESK_DONE = hbs.compile(`<h1>{{t.done_title}}</h1>
<p>{{t.done_intro}}</p>
<section class="card receipt" data-testid="receipt">
  <div class="label">{{t.done_ticket}}</div>
  <div class="value ticket-big" data-testid="ticket">{{ticket}}</div>
  {{#if code}}<div class="label">{{t.done_code}}</div><div class="value ticket-big" data-testid="code">{{code}}</div>{{/if}}
  <p class="small" data-testid="channel">{{channel}}</p>
  {{#if photos}}<p class="small">{{photos}}</p>{{/if}}
</section>
<p>{{t.done_keep}}</p>
<p class="notice" data-testid="whatsapp">{{whatsapp}}</p>
<p><a href="{{adminHref}}" target="_top" data-testid="admin-link">{{t.admin_link}}</a></p>
<p><a href="{{base}}catat{{langQuery}}">{{t.done_another}}</a></p>
`);

export const DESK_REFRESH = hbs.compile(`<p class="muted" role="status" data-session="refresh">{{t.session_refresh}}</p>
`);

export const DESK_FORBIDDEN = hbs.compile(`<div class="card notice error" data-testid="forbidden"><h1>{{t.forbidden_title}}</h1><p>{{message}}</p></div>
`);

/** The desk form's own fields beside the web form's. */
export type DeskValues = FormValues & { channel: string; rt: string; rw: string };
export const EMPTY_DESK_VALUES: DeskValues = { ...EMPTY_VALUES, channel: '', rt: '', rw: '' };

/** What is on file for the number the staff member looked up. */
export type CitizenOnFile = {
  name: string | null;
  phone: string;
  blocked: boolean;
  reports: Array<{ id: number; ticket: string | null; status: string; channel: string | null; title: string | null; date_created: string | null }>;
};

/** The lookup's answer: nothing asked, no number, a new number, or a known citizen with their reports. */
export type Lookup = { kind: 'none' } | { kind: 'no_phone' } | { kind: 'new' } | { kind: 'known'; citizen: CitizenOnFile; limit: number };

/** The label of a channel value, as the admin app shows it (schema CHANNEL_CHOICES). */
export function channelLabel(value: string | null, locale: Locale): string {
  const choice = CHANNEL_CHOICES.find((c) => c.value === value);
  return choice ? (locale === 'en' ? choice.en : choice.id) : (value ?? '');
}

/** The report's page in the admin app, from the extension's base (`/kanal-aduan/`). */
export function adminReportHref(base: string, id: number): string {
  return `${base.replace(/kanal-aduan\/$/, '')}admin/content/complaints/${id}`;
}

export function lookupView(lookup: Lookup, t: DeskPageTexts, locale: Locale, base: string, timezone: string) {
  switch (lookup.kind) {
    case 'none':
      return null;
    case 'no_phone':
      return { message: t.lookup_no_phone, known: false };
    case 'new':
      return { message: t.lookup_new, known: false };
    case 'known': {
      const c = lookup.citizen;
      const title = c.reports.length >= lookup.limit ? t.lookup_reports_latest : t.lookup_reports;
      return {
        known: true,
        name: c.name || t.lookup_no_name,
        phone: c.phone,
        blocked: c.blocked,
        reportsTitle: fill(title, { n: c.reports.length }),
        reports: c.reports.map((r) => ({
          ticket: r.ticket ?? `#${r.id}`,
          href: adminReportHref(base, r.id),
          status: STATUS_ADMIN_LABELS[r.status as Status]?.[locale] ?? r.status,
          channel: channelLabel(r.channel, locale),
          when: formatDateTime(r.date_created, locale, timezone) ?? '',
          title: r.title,
        })),
      };
    }
  }
}

/** The web form's model with the desk's parts: the two ways in, RT/RW, the lookup panel. */
export function deskFormModel(
  ref: { categories: readonly Category[]; regions: readonly Region[]; timezone: string },
  o: { locale: Locale; t: DeskPageTexts; base: string; values: DeskValues; limits: FormLimits; lookup: Lookup; errors?: string[]; invalid?: Record<string, boolean>; photosAgain?: boolean; map?: PickMap },
) {
  const model = reportFormModel(ref, o);
  const labels: Record<DeskChannel, string> = { phone: o.t.desk_channel_phone, walk_in: o.t.desk_channel_walk_in };
  return {
    ...model,
    formPath: 'catat',
    descriptionHint: fill(o.t.f_description_hint, { n: o.limits.minDescription }),
    photosHint: fill(o.t.f_photos_hint, { n: o.limits.maxPhotos, mb: o.limits.maxMb }),
    desk: {
      channels: DESK_CHANNELS.map((value) => ({ value, label: labels[value], checked: o.values.channel === value })),
      rt: o.values.rt,
      rw: o.values.rw,
      lookup: lookupView(o.lookup, o.t, o.locale, o.base, ref.timezone),
    },
  };
}

/**
 * The page's script (catat/catat.js; no inline script under the CSP): signs in
 * through Directus's POST /auth/login in session mode (the same cookie as the
 * admin app), renews an expired session, signs out; and before the form is
 * sent it renews the session, so a call that took longer than the token's life
 * does not end in Directus's 401 with the typed report lost. It listens in the
 * capture phase, before lapor.js, and sends the form again with the same button.
 */
export const DESK_CLIENT_JS = String.raw`(function () {
  'use strict';
  var root = location.pathname.replace(/kanal-aduan\/catat\/?$/, '');
  function post(path, data) {
    return fetch(root + path, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data || {}) });
  }
  function refresh() { return post('auth/refresh', { mode: 'session' }).then(function (r) { return r.ok; }, function () { return false; }); }
  function plain() { var u = new URL(location.href); u.searchParams.delete('masuk'); u.hash = ''; return u.toString(); }

  if (document.querySelector('[data-session="refresh"]')) {
    refresh().then(function (ok) {
      if (ok) { location.replace(plain()); return; }
      var u = new URL(location.href); u.searchParams.set('masuk', '1'); location.replace(u.toString());
    });
  }

  var login = document.querySelector('form.login');
  if (login) {
    login.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var err = login.querySelector('[data-message]');
      var button = login.querySelector('button');
      function failed() { err.textContent = err.getAttribute('data-message'); err.hidden = false; button.disabled = false; }
      button.disabled = true;
      post('auth/login', { email: login.elements.email.value, password: login.elements.password.value, mode: 'session' }).then(function (r) {
        if (r.ok) location.replace(plain()); else failed();
      }, failed);
    });
  }

  var form = document.getElementById('lapor');
  if (!form || !form.hasAttribute('data-desk')) return;
  var fresh = false;
  window.addEventListener('submit', function (ev) {
    if (ev.target !== form || fresh) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    var submitter = ev.submitter || null;
    refresh().then(function (ok) {
      if (!ok) {
        var note = document.getElementById('sesi-habis');
        if (note) { note.hidden = false; note.scrollIntoView(); }
        return;
      }
      fresh = true;
      if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
    });
  }, true);
})();
`;

/** Shown by catat.js when the session could not be renewed before sending. */
export const DESK_SESSION_NOTE = hbs.compile(`<p id="sesi-habis" class="notice error" role="alert" hidden>{{t.session_expired}}</p>
`);
