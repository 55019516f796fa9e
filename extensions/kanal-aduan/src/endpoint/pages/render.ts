import Handlebars from 'handlebars';

/**
 * The public pages' HTML: handlebars templates, one small stylesheet, no
 * script. Every value is escaped by `{{…}}`; the only `{{{…}}}` is the layout's
 * `body`, which is this module's own rendered (already escaped) output, never
 * a citizen's or an officer's text.
 */
const hbs = Handlebars.create();

const LAYOUT = hbs.compile(`<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>{{title}} · {{t.service}}</title>
<link rel="stylesheet" href="{{base}}gaya.css">
{{#each styles}}<link rel="stylesheet" href="{{this}}">
{{/each}}</head>
<body>
<header class="top">
  {{!-- target="_top": the desk's page is also shown inside the admin app (module «Catat laporan»), and these pages refuse to be framed. --}}
  <a class="brand" href="{{base}}lacak{{langQuery}}" target="_top">{{t.service}}</a>
  <nav>
    <a href="{{base}}lapor{{langQuery}}" target="_top"{{#if navReport}} aria-current="page"{{/if}}>{{t.nav_report}}</a>
    <a href="{{base}}lacak{{langQuery}}" target="_top"{{#if navTrack}} aria-current="page"{{/if}}>{{t.nav_track}}</a>
    <a href="{{base}}kinerja{{langQuery}}" target="_top"{{#if navPerformance}} aria-current="page"{{/if}}>{{t.nav_performance}}</a>
    <a href="{{base}}peta{{langQuery}}" target="_top"{{#if navMap}} aria-current="page"{{/if}}>{{t.nav_map}}</a>
    <a href="{{otherLanguageHref}}" lang="{{otherLang}}" hreflang="{{otherLang}}">{{t.other_language}}</a>
  </nav>
</header>
<main>
{{{body}}}
</main>
<footer>{{t.footer}}</footer>
{{#each scripts}}<script src="{{this}}" defer></script>
{{/each}}</body>
</html>
`, { strict: false });

export const TRACK_FORM = hbs.compile(`<h1>{{t.track_title}}</h1>
<p>{{t.track_intro}}</p>
{{#if error}}<div class="notice error" role="alert"><strong>{{t.error_title}}</strong><p>{{error}}</p></div>{{/if}}
<form method="post" action="{{base}}lacak" class="card" autocomplete="off">
  <input type="hidden" name="lang" value="{{lang}}">
  <label for="ticket">{{t.ticket}}</label>
  <input id="ticket" name="ticket" value="{{ticket}}" required maxlength="40" inputmode="text" autocapitalize="characters" spellcheck="false" placeholder="ADU-2611-00042">
  <small>{{t.ticket_hint}}</small>
  <label for="code">{{t.code}}</label>
  <input id="code" name="code" maxlength="20" autocapitalize="characters" spellcheck="false">
  <small>{{t.code_hint}}</small>
  <button type="submit">{{t.submit}}</button>
</form>
`);

export const TRACK_RESULT = hbs.compile(`<h1>{{t.track_title}} <span class="ticket">{{view.ticket}}</span></h1>
<section class="card status status-{{view.status.kind}}" data-testid="status">
  <div class="label">{{t.status}}</div>
  <div class="value">{{view.status.label}}</div>
  {{#if office}}<div class="label">{{t.office}}</div><div class="value" data-testid="office">{{office}}</div>{{/if}}
</section>
{{#if joined}}<p class="notice" data-testid="joined">{{joined}}</p>{{/if}}
{{#if detail}}
<section class="card" data-testid="detail">
  <dl>
    {{#if view.category}}<dt>{{t.category}}</dt><dd>{{view.category}}</dd>{{/if}}
    {{#if view.kecamatan}}<dt>{{t.kecamatan}}</dt><dd>{{view.kecamatan}}</dd>{{/if}}
    {{#if view.report.title}}<dt>{{t.report}}</dt><dd>{{view.report.title}}</dd>{{/if}}
    {{#if view.report.address}}<dt>{{t.address}}</dt><dd>{{view.report.address}}</dd>{{/if}}
  </dl>
  {{#if view.report.description}}<p class="description">{{view.report.description}}</p>{{/if}}
</section>
<section data-testid="timeline">
  <h2>{{t.timeline}}</h2>
  <ol class="timeline">
  {{#each timeline}}
    <li class="{{kind}}">
      <div class="when">{{when}}</div>
      <div class="what">{{label}}{{#if agency}} · <span class="agency">{{agency}}</span>{{/if}}</div>
      {{#if body}}<p class="body">{{body}}</p>{{/if}}
      {{#if photos.length}}<div class="photos">{{#each photos}}<figure><img src="{{src}}" alt="{{alt}}" loading="lazy" width="320">{{#if caption}}<figcaption>{{caption}}</figcaption>{{/if}}</figure>{{/each}}</div>{{/if}}
    </li>
  {{else}}
    <li>{{t.no_timeline}}</li>
  {{/each}}
  </ol>
</section>
{{else}}
<p class="notice" data-testid="status-only">{{t.status_only}}</p>
{{/if}}
<p><a href="{{base}}lacak{{langQuery}}">{{t.track_again}}</a></p>
`);

export const PERFORMANCE = hbs.compile(`<h1>{{t.perf_title}}</h1>
<p>{{t.perf_intro}}</p>
<nav class="periods" aria-label="{{t.period}}">
{{#each periods}}<a href="{{href}}"{{#if current}} aria-current="page"{{/if}}>{{label}}</a>{{/each}}
</nav>
<p class="muted">{{windowLabel}}</p>
<section class="figures">
  <div class="card figure" data-testid="total"><div class="label">{{t.reports}}</div><div class="big">{{total}}</div><div class="muted">{{t.fixed}}: {{fixed}}</div></div>
  <div class="card figure" data-testid="median-response"><div class="label">{{t.median_response}}</div><div class="big">{{medianResponse}}</div><div class="muted">{{t.days_unit}}</div></div>
  <div class="card figure" data-testid="median-resolution"><div class="label">{{t.median_resolution}}</div><div class="big">{{medianResolution}}</div><div class="muted">{{t.days_unit}}</div></div>
  <div class="card figure" data-testid="satisfaction"><div class="label">{{t.satisfaction}}</div><div class="big">{{satisfactionAverage}}</div><div class="muted">{{satisfactionOf}}</div></div>
</section>
<p class="muted small">{{t.days_note}}</p>
{{#each groups}}
<section data-testid="{{testid}}">
  <h2>{{title}}</h2>
  {{#if rows.length}}
  <table class="bars">
    <thead><tr><th scope="col">{{label}}</th><th scope="col" class="num">{{../t.reports}}</th><th scope="col" class="num">{{../t.fixed}}</th></tr></thead>
    <tbody>
    {{#each rows}}<tr><th scope="row">{{name}}<span class="bar w{{width}}"></span></th><td class="num">{{count}}</td><td class="num">{{fixed}}</td></tr>{{/each}}
    </tbody>
  </table>
  {{else}}<p class="muted">{{../t.no_data}}</p>{{/if}}
</section>
{{/each}}
{{#if ranking}}
<section data-testid="ranking">
  <h2>{{t.ranking}}</h2>
  <p class="muted small">{{ranking.note}}</p>
  {{#if ranking.rows.length}}
  <table>
    <thead><tr><th scope="col" class="num">{{t.rank}}</th><th scope="col">{{t.unit}}</th><th scope="col" class="num">{{t.score}}</th><th scope="col" class="num">{{t.counted}}</th></tr></thead>
    <tbody>{{#each ranking.rows}}<tr><td class="num">{{rank}}</td><td>{{name}}</td><td class="num">{{score}}</td><td class="num">{{counted}}</td></tr>{{/each}}</tbody>
  </table>
  {{else}}<p class="muted">{{t.no_data}}</p>{{/if}}
  {{#if ranking.insufficient.length}}<p class="muted small">{{t.insufficient}}: {{#each ranking.insufficient}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}</p>{{/if}}
</section>
{{/if}}
<p class="muted small">{{t.updated}}: {{generatedAt}}</p>
`);

/** The map's element (its settings for peta.js) and the no-script notice: the page's and the panel's. */
hbs.registerPartial('mapCanvas', `<div id="peta" class="map" data-testid="map" data-points="{{pointsUrl}}" data-tiles="{{tiles}}" data-attribution="{{attribution}}" data-bounds="{{bounds}}"
  data-reports="{{t.map_reports}}" data-approximate="{{t.map_approximate}}" data-failed="{{t.map_failed}}"></div>
<noscript><p class="notice">{{t.map_needs_script}}</p></noscript>
`);

export const MAP_PAGE = hbs.compile(`<h1>{{t.map_title}}</h1>
<p>{{t.map_intro}}</p>
<form method="get" action="{{base}}peta" class="filters">
  {{#if english}}<input type="hidden" name="lang" value="en">{{/if}}
  <label for="periode">{{t.period}}</label>
  <select id="periode" name="periode">{{#each periods}}<option value="{{value}}"{{#if current}} selected{{/if}}>{{label}}</option>{{/each}}</select>
  <label for="kategori">{{t.map_category}}</label>
  <select id="kategori" name="kategori"><option value="">{{t.map_all_categories}}</option>{{#each categories}}<option value="{{code}}"{{#if current}} selected{{/if}}>{{name}}</option>{{/each}}</select>
  <button type="submit">{{t.map_show}}</button>
</form>
<p class="muted" data-testid="map-total">{{total}}</p>
{{> mapCanvas}}
<ul class="legend"><li class="open">{{t.map_legend_open}}</li><li class="fixed">{{t.map_legend_fixed}}</li><li class="closed">{{t.map_legend_closed}}</li><li class="approx">{{t.map_approximate}}</li></ul>
<p class="muted small">{{t.updated}}: {{generatedAt}}</p>
`);

/** The map alone, filling its frame (the Dasbor Pimpinan's panel). */
export const MAP_EMBED = hbs.compile(`<!doctype html>
<html lang="{{lang}}" class="embed">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>{{t.map_title}} · {{t.service}}</title>
<link rel="stylesheet" href="{{base}}gaya.css">
{{#each styles}}<link rel="stylesheet" href="{{this}}">
{{/each}}</head>
<body class="embed">
{{> mapCanvas}}
{{#each scripts}}<script src="{{this}}" defer></script>
{{/each}}</body>
</html>
`);

export const STYLESHEET = `:root{--fg:#1b2430;--muted:#5b6673;--line:#dde3ea;--bg:#f6f8fa;--card:#fff;--accent:#0b6e4f;--warn:#9a3412;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0;line-height:1.5;font-size:16px}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.75rem 1rem;background:var(--accent);color:#fff}
.top a{color:#fff;text-decoration:none}.brand{font-weight:700}
.top nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem;font-size:.95rem}.top nav a[aria-current]{text-decoration:underline;text-underline-offset:.25em}
main{max-width:60rem;margin:0 auto;padding:1rem}
footer{max-width:60rem;margin:0 auto;padding:1rem;color:var(--muted);font-size:.85rem}
h1{font-size:1.4rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.ticket{font-family:ui-monospace,monospace;font-size:1rem;background:var(--card);border:1px solid var(--line);border-radius:.3rem;padding:.1rem .4rem;white-space:nowrap}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:0 0 1rem}
form.card{display:flex;flex-direction:column;gap:.35rem;max-width:28rem}
label{font-weight:600;margin-top:.5rem}
input{font-size:1.05rem;padding:.65rem .7rem;border:1px solid #b9c3ce;border-radius:.35rem;width:100%}
small,.small{color:var(--muted);font-size:.85rem}
button{margin-top:1rem;font-size:1.05rem;padding:.75rem;border:0;border-radius:.35rem;background:var(--accent);color:#fff;font-weight:600}
.notice{background:#fff7ed;border:1px solid #fed7aa;border-radius:.5rem;padding:.75rem 1rem}.notice.error{color:var(--warn)}.notice p{margin:.25rem 0 0}
.status .label,.figure .label{color:var(--muted);font-size:.85rem}.status .value{font-size:1.2rem;font-weight:700;margin-bottom:.5rem}
.status-fixed .value:first-of-type{color:var(--accent)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{color:var(--muted)}dd{margin:0}
.description,.body{white-space:pre-line;overflow-wrap:anywhere}
.timeline{list-style:none;padding:0;margin:0;border-left:3px solid var(--line)}
.timeline li{position:relative;padding:.25rem 0 1rem 1rem}
.timeline li::before{content:"";position:absolute;left:-.5rem;top:.55rem;width:.7rem;height:.7rem;border-radius:50%;background:var(--line)}
.timeline li.follow_up::before{background:var(--accent)}
.when{color:var(--muted);font-size:.85rem}.what{font-weight:600}.agency{font-weight:400}
.photos{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}
figure{margin:0;max-width:100%}img{max-width:100%;height:auto;border-radius:.35rem;border:1px solid var(--line)}figcaption{font-size:.85rem;color:var(--muted)}
.periods{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 .5rem}
.periods a{padding:.45rem .8rem;border:1px solid var(--line);border-radius:1rem;background:var(--card);color:var(--fg);text-decoration:none}
.periods a[aria-current]{background:var(--accent);border-color:var(--accent);color:#fff}
.muted{color:var(--muted)}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.75rem}.figures .card{margin:0}
.big{font-size:1.8rem;font-weight:700}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:.5rem}
th,td{padding:.45rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;font-weight:400}
thead th{font-weight:600;color:var(--muted);font-size:.85rem}.num{text-align:right;white-space:nowrap}
.bar{display:block;height:.35rem;margin-top:.25rem;background:var(--accent);border-radius:.2rem;opacity:.75}
${Array.from({ length: 21 }, (_, i) => `.w${i}{width:${i * 5}%}`).join('')}
.filters{display:flex;flex-wrap:wrap;align-items:end;gap:.25rem .75rem;margin:0 0 .5rem}.filters label{margin:0;font-size:.85rem;width:100%}.filters label+select{margin-bottom:.25rem}
select{font-size:1rem;padding:.5rem;border:1px solid #b9c3ce;border-radius:.35rem;background:var(--card);max-width:100%}.filters button{margin:0;padding:.5rem 1rem}
.map{height:65vh;min-height:20rem;border:1px solid var(--line);border-radius:.5rem;background:#e8eef3}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.5rem 0;font-size:.85rem;color:var(--muted)}
.legend li::before{content:"";display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin-right:.35rem;vertical-align:-.1rem;background:#c2410c;border:2px solid #fff;box-shadow:0 0 0 1px #0003}
.legend .fixed::before{background:var(--accent)}.legend .closed::before{background:#64748b}.legend .approx::before{background:#fff;border:2px dashed #475569}
.pt{stroke:#fff;stroke-width:2;fill-opacity:.9}.pt-open{fill:#c2410c}.pt-fixed{fill:var(--accent)}.pt-closed{fill:#64748b}.pt.approx{stroke:#475569;stroke-dasharray:3 2}
.cluster{display:flex;align-items:center;justify-content:center;border-radius:50%;background:#0b6e4fd9;color:#fff;font-weight:700;font-size:.85rem;box-shadow:0 0 0 4px #0b6e4f40}
.map-popup strong{display:block}
[hidden]{display:none!important}
form.report-form{max-width:36rem}.map-pick{height:18rem;min-height:0;margin-top:.5rem}
textarea{font:inherit;font-size:1.05rem;padding:.65rem .7rem;border:1px solid #b9c3ce;border-radius:.35rem;width:100%;resize:vertical}
fieldset{border:1px solid var(--line);border-radius:.5rem;padding:.5rem .9rem .9rem;margin:.9rem 0 0;display:flex;flex-direction:column;gap:.35rem;min-width:0}legend{font-weight:700;padding:0 .3rem}
.report-form select{width:100%;font-size:1.05rem;padding:.6rem}
[aria-invalid=true]{border-color:var(--warn);box-shadow:0 0 0 2px #9a341233}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:600}.check input{width:auto;margin-top:.3rem;transform:scale(1.3)}
.coords{display:grid;grid-template-columns:max-content 1fr;gap:.35rem .6rem;align-items:center}.coords label{margin:0;font-weight:400;font-size:.9rem}.coords input{font-size:.95rem;padding:.45rem}
button.secondary{background:var(--card);color:var(--accent);border:2px solid var(--accent);margin-top:.5rem}
button.link{background:none;color:var(--warn);padding:.25rem 0;margin:0;font-weight:400;text-decoration:underline;text-align:left}
button[aria-busy=true]{opacity:.6}
.visually-hidden,.hp{position:absolute!important;left:-10000px;width:1px;height:1px;overflow:hidden}
.notice ul{margin:.35rem 0 0;padding-left:1.2rem}
.receipt .label{color:var(--muted);font-size:.85rem}.ticket-big{font-family:ui-monospace,monospace;font-size:1.5rem;font-weight:700;letter-spacing:.04em;margin-bottom:.5rem;overflow-wrap:anywhere}
form.inline{margin:0 0 1rem}
body.embed{background:transparent}body.embed .map{height:100vh;min-height:0;border:0;border-radius:0}
@media (min-width:48rem){h1{font-size:1.7rem}main{padding:1.5rem}}
`;

export type LayoutData = {
  lang: string;
  title: string;
  base: string;
  langQuery: string;
  otherLang: string;
  otherLanguageHref: string;
  navReport?: boolean;
  navTrack?: boolean;
  navPerformance?: boolean;
  navMap?: boolean;
  /** Extra stylesheets and scripts (the map page's own files, served from here). */
  styles?: string[];
  scripts?: string[];
  t: Record<string, string>;
};

export function renderPage(layout: LayoutData, body: string): string {
  return LAYOUT({ ...layout, body });
}

/**
 * Headers of every public page: a policy that allows only our own stylesheet
 * and images (no script, no frames, forms only to us), no referrer (a photo or
 * link never carries the page's address out), no MIME sniffing.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

/**
 * The map page's headers: the same policy, plus our own scripts (Leaflet and the
 * page's script, no inline code), requests for points to us only, and images
 * from the tile server (`KANAL_MAP_TILES`; `{s}` subdomains become a wildcard).
 */
export function mapPageHeaders(tiles: string, o: { framedBySameOrigin?: boolean } = {}): Record<string, string> {
  const origin = /^(https?:\/\/[^/]+)/.exec(tiles.replace('{s}', '*'))?.[1] ?? '';
  const ancestors = o.framedBySameOrigin ? "'self'" : "'none'";
  return {
    ...PAGE_HEADERS,
    'Content-Security-Policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: ${origin}; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${ancestors}`,
    'X-Frame-Options': o.framedBySameOrigin ? 'SAMEORIGIN' : 'DENY',
  };
}

/**
 * The web form's headers: the map page's policy (our own scripts, no inline
 * code, images from the tile server for "Pilih titik di peta"), and the phone's
 * location for our origin only ("Gunakan lokasi saya"). `framedBySameOrigin`:
 * the desk's «Catat laporan», which the admin app's module frames; only our own
 * origin may frame it (`frame-ancestors 'self'`, and `SAMEORIGIN` for browsers
 * without CSP 2), so another site still cannot clickjack a signed-in staff member.
 */
export function reportPageHeaders(tiles: string, o: { framedBySameOrigin?: boolean } = {}): Record<string, string> {
  return { ...mapPageHeaders(tiles, o), 'Permissions-Policy': 'geolocation=(self), camera=(), microphone=()' };
}
