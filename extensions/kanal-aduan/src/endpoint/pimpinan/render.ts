import Handlebars from 'handlebars';
import { LEADER_MESSAGE_MAX } from '@kanal-aduan/core';
import type { PimpinanTexts } from './texts.ts';
import type { DashboardModel } from './view.ts';

/**
 * The Bupati's phone page: a handlebars shell with the figures drawn on the
 * server, one stylesheet and one small script (assets.ts). Every value goes
 * through `{{…}}` (escaped); the one `{{{body}}}` is this module's own output.
 * The theme colour is the public pages' green.
 */
export const THEME_COLOUR = '#0b6e4f';

const hbs = Handlebars.create();

export type ShellData = {
  lang: string;
  english?: boolean;
  title: string;
  base: string;
  t: PimpinanTexts;
  assets: { css: string; js: string; manifest: string; icon: string; appleIcon: string };
  otherLanguageHref: string;
  /** What the script does on this page: nothing (dashboard), log in, or renew the session and reload. */
  mode: 'dashboard' | 'login' | 'refresh' | 'forbidden';
  signedIn: boolean;
};

const LAYOUT = hbs.compile(`<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<meta name="theme-color" content="${THEME_COLOUR}">
<meta name="color-scheme" content="light">
<title>{{title}} · {{t.service}}</title>
<link rel="manifest" href="{{assets.manifest}}">
<link rel="icon" href="{{assets.icon}}" type="image/svg+xml">
<link rel="apple-touch-icon" href="{{assets.appleIcon}}">
<link rel="stylesheet" href="{{assets.css}}">
<script src="{{assets.js}}" defer></script>
</head>
<body data-mode="{{mode}}" data-lang="{{lang}}" data-base="{{base}}">
<header class="top">
  <span class="brand">{{t.title}}</span>
  <nav>
    {{#if signedIn}}<a href="{{base}}peta{{#if english}}?lang=en{{/if}}" data-testid="map-link">{{t.map}}</a>{{/if}}
    <a href="{{otherLanguageHref}}" lang="{{otherLang}}">{{t.other_language}}</a>
    {{#if signedIn}}<button type="button" class="link" data-action="logout">{{t.logout}}</button>{{/if}}
  </nav>
</header>
<main id="main">
{{{body}}}
</main>
<footer>{{t.footer}}</footer>
</body>
</html>
`);

export const DASHBOARD = hbs.compile(`<form class="filters" method="get" action="{{base}}pimpinan" data-testid="filters">
  <nav class="chips" aria-label="{{t.period}}">{{#each periods}}<a href="{{href}}"{{#if current}} aria-current="page"{{/if}}>{{label}}</a>{{/each}}</nav>
  {{#if periodeHidden}}<input type="hidden" name="periode" value="{{periode}}">{{/if}}
  {{#if english}}<input type="hidden" name="lang" value="en">{{/if}}
  <label class="select"><span>{{t.kecamatan}}</span>
    <select name="kecamatan" data-testid="kecamatan">
      <option value="">{{t.all_kecamatan}}</option>
      {{#each kecamatanOptions}}<option value="{{code}}"{{#if selected}} selected{{/if}}>{{name}}</option>{{/each}}
    </select>
  </label>
  <button type="submit" class="apply">{{t.apply}}</button>
</form>
<p class="muted small" data-testid="window" data-from="{{windowFrom}}" data-to="{{windowTo}}" data-days="{{windowDays}}">{{windowLabel}}{{#if kecamatanName}} · {{kecamatanName}}{{/if}}</p>
<section class="figures" aria-label="{{t.title}}">
  <div class="figure" data-testid="received"><div class="label">{{t.received}}</div><div class="big" data-value>{{figures.received}}</div></div>
  <div class="figure" data-testid="open"><div class="label">{{t.open}}</div><div class="big" data-value>{{figures.open}}</div></div>
  <div class="figure{{#if figures.overdueAlert}} alert{{/if}}" data-testid="overdue"><div class="label">{{t.overdue}}</div><div class="big" data-value>{{figures.overdue}}</div></div>
  <div class="figure" data-testid="median-response"><div class="label">{{t.median_response}}</div><div class="big" data-value>{{figures.medianResponse}}</div><div class="muted small">{{t.days_unit}} · {{figures.responded}}</div></div>
</section>
<div class="rankings">
{{#each rankings}}
<section class="ranking" data-testid="ranking-{{level}}">
  <h2>{{title}}</h2>
  {{#if rows.length}}
  <table>
    <thead><tr><th scope="col" class="num">{{../t.rank}}</th><th scope="col">{{../t.unit}}</th><th scope="col" class="num">{{../t.score}}</th><th scope="col" class="num">{{../t.trend}}</th><th scope="col" class="num">{{../t.counted}}</th></tr></thead>
    <tbody>
    {{#each rows}}<tr data-unit="{{code}}"><td class="num">{{rank}}</td><th scope="row" title="{{fullName}}">{{name}}<span class="bar w{{width}}"></span></th><td class="num score">{{score}}</td><td class="num trend {{trend}}"><span aria-hidden="true">{{arrow}}</span> <span class="small">{{trendLabel}}</span></td><td class="num">{{counted}}</td></tr>{{/each}}
    </tbody>
  </table>
  {{else}}<p class="muted">{{../t.no_ranked}}</p>{{/if}}
  {{#if insufficient.length}}<details class="insufficient"><summary>{{../t.insufficient}} ({{insufficient.length}})</summary><ul>{{#each insufficient}}<li data-unit="{{code}}">{{name}} <span class="muted small">{{counted}}</span></li>{{/each}}</ul></details>{{/if}}
  <p class="muted small">{{note}}</p>
</section>
{{/each}}
</div>
<section data-testid="overdue-list">
  <h2>{{t.overdue_list}}</h2>
  {{#if overdue.rows.length}}
  <p class="muted small">{{t.tap_hint}}</p>
  <ul class="reports">
  {{#each overdue.rows}}<li><a class="report" href="#laporan-{{id}}" data-report="{{id}}" data-ticket="{{ticket}}">
    <span class="ticket">{{ticket}}</span> <span class="stage">{{stage}}</span>
    <span class="title">{{title}}</span>
    <span class="meta">{{agency}}{{#if kecamatan}} · {{kecamatan}}{{/if}} · {{status}}</span>
    <span class="meta late">{{due}}{{#if daysLate}} · {{daysLate}}{{/if}}{{#if reporters}} · <strong data-testid="reporters">{{reporters}}</strong>{{/if}}</span>
  </a></li>{{/each}}
  </ul>
  {{#if overdue.more}}<p class="muted small">{{overdue.more}}</p>{{/if}}
  {{else}}<p class="muted" data-testid="overdue-none">{{t.overdue_none}}</p>{{/if}}
</section>
<dialog id="timeline" class="sheet" aria-labelledby="timeline-title" data-testid="timeline">
  <div class="sheet-head"><h2 id="timeline-title">{{t.timeline}}</h2><button type="button" data-action="close" class="link">{{t.close}}</button></div>
  <p class="sheet-sub"></p>
  <p class="muted sheet-state" role="status" data-loading="{{t.loading}}" data-failed="{{t.load_failed}}"></p>
  <ol class="timeline"></ol>
  <form class="message" data-testid="leader-message" hidden>
    <label for="leader-body">{{t.message_label}}</label>
    <textarea id="leader-body" name="body" rows="3" maxlength="{{messageMax}}"></textarea>
    <p class="muted small">{{t.message_hint}}</p>
    <button type="submit" data-idle="{{t.message_send}}" data-busy="{{t.message_sending}}">{{t.message_send}}</button>
    <p class="message-state" role="status" data-sent="{{t.message_sent}}" data-failed="{{t.message_failed}}" data-empty="{{t.message_empty}}"></p>
  </form>
</dialog>
<p class="muted small">{{t.updated}}: {{generatedAt}}</p>
`);

export const REFRESH = hbs.compile(`<p class="muted" role="status">{{t.session_refresh}}</p>
`);

export const FORBIDDEN = hbs.compile(`<div class="card notice" data-testid="forbidden"><h1>{{t.forbidden_title}}</h1><p>{{t.forbidden}}</p></div>
`);

export function renderShell(shell: ShellData, body: string): string {
  return LAYOUT({ ...shell, otherLang: shell.lang === 'en' ? 'id' : 'en', body });
}

export function renderDashboard(shell: ShellData, model: DashboardModel): string {
  return renderShell(shell, DASHBOARD({ ...shell, ...model, periodeHidden: model.periode !== 'bulan-ini', english: shell.lang === 'en', messageMax: LEADER_MESSAGE_MAX }));
}

/**
 * Headers of every page and data answer: our own script, style, images and
 * manifest only (no inline script or style), fetches only to this origin
 * (Directus's /auth and our endpoint), no frames, no referrer.
 */
export const PIMPINAN_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};
