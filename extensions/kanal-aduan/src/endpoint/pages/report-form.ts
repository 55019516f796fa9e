import Handlebars from 'handlebars';
import type { Category, Region } from '@kanal-aduan/core';
import type { Locale } from '../tracking-view.ts';
import { fill, textsFor, type Texts } from './texts.ts';

/**
 * The web form's pages ("Lapor lewat situs", /kanal-aduan/lapor): the form,
 * the receipt with the ticket and tracking code, and the "too many reports"
 * page. Every value is escaped by `{{…}}` (the citizen's own text comes back
 * into the form on an error). The form works without script; lapor.js only
 * narrows the desa list to the kecamatan and fills the pin from the phone.
 *
 * The desk's page («Catat laporan», desk-page.ts) renders the same form with
 * `desk` set: the way the report came and the reporter (with «Cari warga» and
 * what is on file for the number) first, RT/RW beside the address, no honeypot.
 */
const hbs = Handlebars.create();

hbs.registerPartial('contact', `<fieldset>
    <legend>{{t.f_contact}}</legend>
    <label for="phone">{{t.f_phone}}</label>
    <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="{{#if desk}}off{{else}}tel{{/if}}" maxlength="40" value="{{values.phone}}" placeholder="0812 3456 7890" aria-describedby="phone-hint"{{#if invalid.phone}} aria-invalid="true"{{/if}}>
    <small id="phone-hint">{{t.f_phone_hint}}</small>
    {{#if desk}}<button type="submit" name="action" value="cari" class="secondary" formnovalidate data-testid="lookup">{{t.lookup_button}}</button>
    {{#if desk.lookup}}<div class="notice" role="status" data-testid="citizen">{{#with desk.lookup}}
      {{#if message}}<p>{{message}}</p>{{/if}}
      {{#if known}}<p><strong>{{../t.lookup_known}}:</strong> <span data-testid="citizen-name">{{name}}</span> · {{phone}}{{#if blocked}} · <strong>{{../t.lookup_blocked}}</strong>{{/if}}</p>
      {{#if reports.length}}<p>{{reportsTitle}}</p><ul class="small" data-testid="citizen-reports">{{#each reports}}<li data-ticket="{{ticket}}"><a href="{{href}}" target="_blank" rel="noopener">{{ticket}}</a> · {{status}} · {{channel}} · {{when}}{{#if title}} · {{title}}{{/if}}</li>{{/each}}</ul>
      {{else}}<p>{{../t.lookup_no_reports}}</p>{{/if}}{{/if}}
    {{/with}}</div>{{/if}}{{/if}}
    <label for="name">{{t.f_name}} <small>({{t.optional}})</small></label>
    <input id="name" name="name" autocomplete="{{#if desk}}off{{else}}name{{/if}}" maxlength="80" value="{{values.name}}">
    <label class="check"><input type="checkbox" name="confidential" value="1"{{#if values.confidential}} checked{{/if}}> {{t.f_confidential}}</label>
    <small>{{t.f_confidential_hint}}</small>
  </fieldset>`);

export const REPORT_FORM = hbs.compile(`<h1>{{t.report_title}}</h1>
<p>{{t.report_intro}}</p>
{{#if errors.length}}<div class="notice error" role="alert" data-testid="errors"><strong>{{t.errors_title}}</strong><ul>{{#each errors}}<li>{{this}}</li>{{/each}}</ul></div>{{/if}}
<form id="lapor" method="post" action="{{base}}{{formPath}}" enctype="multipart/form-data" class="card report-form" novalidate{{#if desk}} data-desk{{/if}}
  data-max-photos="{{maxPhotos}}" data-too-many="{{tooMany}}" data-waiting="{{t.location_waiting}}" data-set="{{t.location_set}}" data-failed="{{t.location_failed}}">
  <input type="hidden" name="lang" value="{{lang}}">
  {{#if desk}}<fieldset{{#if invalid.channel}} aria-invalid="true"{{/if}} data-testid="channel">
    <legend>{{t.desk_channel}} <small>({{t.required}})</small></legend>
    {{#each desk.channels}}<label class="check"><input type="radio" name="channel" value="{{value}}"{{#if checked}} checked{{/if}} required> {{label}}</label>{{/each}}
  </fieldset>
  {{> contact}}{{/if}}
  <label for="category">{{t.f_category}} <small>({{t.required}})</small></label>
  <select id="category" name="category" required{{#if invalid.category}} aria-invalid="true"{{/if}}>
    <option value="">{{t.f_category_choose}}</option>
    {{#each categories}}<option value="{{code}}"{{#if selected}} selected{{/if}}>{{name}}</option>{{/each}}
  </select>
  <label for="description">{{t.f_description}} <small>({{t.required}})</small></label>
  <textarea id="description" name="description" rows="6" required minlength="{{minDescription}}" maxlength="5000" aria-describedby="description-hint"{{#if invalid.description}} aria-invalid="true"{{/if}}>{{values.description}}</textarea>
  <small id="description-hint">{{descriptionHint}}</small>

  <fieldset>
    <legend>{{t.f_place}}</legend>
    <small>{{t.f_place_hint}}</small>
    <label for="kecamatan">{{t.f_kecamatan}}</label>
    <select id="kecamatan" name="kecamatan"{{#if invalid.place}} aria-invalid="true"{{/if}}>
      <option value="">{{t.f_kecamatan_choose}}</option>
      {{#each kecamatans}}<option value="{{code}}"{{#if selected}} selected{{/if}}>{{name}}</option>{{/each}}
    </select>
    <label for="desa">{{t.f_desa}} <small>({{t.optional}})</small></label>
    <select id="desa" name="desa"{{#if invalid.desa}} aria-invalid="true"{{/if}}>
      <option value="">{{t.f_desa_choose}}</option>
      {{#each desaGroups}}<optgroup label="{{label}}" data-kecamatan="{{kecamatan}}">{{#each options}}<option value="{{code}}"{{#if selected}} selected{{/if}}>{{name}}</option>{{/each}}</optgroup>{{/each}}
    </select>
    <label for="address">{{t.f_address}} <small>({{t.optional}})</small></label>
    <input id="address" name="address" maxlength="500" value="{{values.address}}" aria-describedby="address-hint">
    <small id="address-hint">{{t.f_address_hint}}</small>
    {{#if desk}}<div class="coords">
      <label for="rt">{{t.f_rt}}</label><input id="rt" name="rt" inputmode="numeric" maxlength="3" value="{{desk.rt}}"{{#if invalid.rt_rw}} aria-invalid="true"{{/if}}>
      <label for="rw">{{t.f_rw}}</label><input id="rw" name="rw" inputmode="numeric" maxlength="3" value="{{desk.rw}}"{{#if invalid.rt_rw}} aria-invalid="true"{{/if}}>
    </div>{{/if}}
    <div class="pin">
      <button type="button" id="pakai-lokasi" class="secondary" hidden>{{t.f_location_button}}</button>
      <button type="button" id="pilih-peta" class="secondary" hidden>{{t.f_map_button}}</button>
      <div id="peta-lapor" class="map map-pick" data-testid="pick-map" hidden data-tiles="{{map.tiles}}" data-attribution="{{map.attribution}}" data-bounds="{{map.bounds}}" aria-label="{{t.f_map_hint}}"></div>
      <button type="button" id="hapus-lokasi" class="link" hidden>{{t.f_location_clear}}</button>
      <p id="lokasi-status" class="small" role="status" aria-live="polite" data-testid="location-status">{{pinText}}</p>
      <div class="coords">
        <label for="latitude">{{t.f_latitude}}</label><input id="latitude" name="latitude" inputmode="decimal" maxlength="32" value="{{values.latitude}}"{{#if invalid.pin}} aria-invalid="true"{{/if}}>
        <label for="longitude">{{t.f_longitude}}</label><input id="longitude" name="longitude" inputmode="decimal" maxlength="32" value="{{values.longitude}}"{{#if invalid.pin}} aria-invalid="true"{{/if}}>
      </div>
      <small>{{t.f_location_hint}}</small>
    </div>
  </fieldset>

  <fieldset>
    <legend>{{t.f_photos}} <small>({{t.optional}})</small></legend>
    {{#if photosAgain}}<p class="notice small" data-testid="photos-again">{{t.err_photos_again}}</p>{{/if}}
    <label for="foto" class="visually-hidden">{{t.f_photos}}</label>
    <input id="foto" name="foto" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="foto-hint"{{#if invalid.photos}} aria-invalid="true"{{/if}}>
    <small id="foto-hint">{{photosHint}}</small>
  </fieldset>

  {{#unless desk}}{{> contact}}
  <div class="hp" aria-hidden="true"><label for="website">{{t.f_website}}</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
  {{/unless}}
  <button type="submit"{{#if desk}} name="action" value="simpan"{{/if}}>{{t.report_submit}}</button>
  <small>{{t.report_privacy}}</small>
</form>
`);

export const REPORT_DONE = hbs.compile(`<h1>{{t.done_title}}</h1>
<p>{{t.done_intro}}</p>
<section class="card receipt" data-testid="receipt">
  <div class="label">{{t.done_ticket}}</div>
  <div class="value ticket-big" data-testid="ticket">{{ticket}}</div>
  {{#if code}}<div class="label">{{t.done_code}}</div><div class="value ticket-big" data-testid="code">{{code}}</div>{{/if}}
  {{#if photos}}<p class="small">{{photos}}</p>{{/if}}
</section>
<p>{{t.done_keep}}</p>
<p class="notice" data-testid="whatsapp">{{whatsapp}}</p>
<form method="post" action="{{base}}lacak" class="inline">
  <input type="hidden" name="lang" value="{{lang}}">
  <input type="hidden" name="ticket" value="{{ticket}}">
  <input type="hidden" name="code" value="{{code}}">
  <button type="submit">{{t.done_track}}</button>
</form>
<p><a href="{{base}}lapor{{langQuery}}">{{t.done_another}}</a></p>
`);

export const REPORT_LIMITED = hbs.compile(`<h1>{{t.limited_title}}</h1>
<div class="notice error" role="alert" data-testid="limited"><p>{{message}}</p></div>
<p><a href="{{base}}lapor{{langQuery}}">{{t.limited_back}}</a></p>
`);

/** What the form shows again after a refusal (never a photo: the browser cannot be given files back). */
export type FormValues = {
  category: string;
  description: string;
  kecamatan: string;
  desa: string;
  address: string;
  latitude: string;
  longitude: string;
  phone: string;
  name: string;
  confidential: boolean;
};
export const EMPTY_VALUES: FormValues = { category: '', description: '', kecamatan: '', desa: '', address: '', latitude: '', longitude: '', phone: '', name: '', confidential: false };

export type FormLimits = { minDescription: number; maxPhotos: number; maxMb: number };
/** The pick-a-spot map: the tile server (KANAL_MAP_TILES) and the regency's villages' extent. */
export type PickMap = { tiles: string; attribution: string };

const collator = new Intl.Collator('id');

/** The form's selects from the reference data: active categories in their order, kecamatan by name, each kecamatan's desa/kelurahan. */
export function reportFormModel(
  ref: { categories: readonly Category[]; regions: readonly Region[] },
  o: { locale: Locale; values: FormValues; limits: FormLimits; errors?: string[]; invalid?: Record<string, boolean>; photosAgain?: boolean; map?: PickMap },
) {
  const t: Texts = textsFor(o.locale);
  const v = o.values;
  const categories = [...ref.categories]
    .filter((c) => c.active)
    .sort((a, b) => (a.sort ?? 999) - (b.sort ?? 999) || collator.compare(a.name, b.name))
    .map((c) => ({ code: c.code, name: o.locale === 'en' ? (c.name_en ?? c.name) : c.name, selected: c.code === v.category }));
  const kecamatan = ref.regions.filter((r) => r.level === 'kecamatan').sort((a, b) => collator.compare(a.name, b.name));
  const villages = ref.regions.filter((r) => r.level === 'desa' || r.level === 'kelurahan');
  const desaGroups = kecamatan.map((k) => ({
    kecamatan: k.code,
    label: k.name,
    options: villages
      .filter((d) => d.parent === k.code)
      .sort((a, b) => collator.compare(a.name, b.name))
      .map((d) => ({ code: d.code, name: d.level === 'kelurahan' ? `${d.name} (kel.)` : d.name, selected: d.code === v.desa })),
  })).filter((g) => g.options.length > 0);
  const pinned = v.latitude.trim() && v.longitude.trim();
  const placed = villages.filter((r) => typeof r.latitude === 'number' && typeof r.longitude === 'number') as Array<Region & { latitude: number; longitude: number }>;
  const bounds = placed.length
    ? [[Math.min(...placed.map((r) => r.latitude)), Math.min(...placed.map((r) => r.longitude))], [Math.max(...placed.map((r) => r.latitude)), Math.max(...placed.map((r) => r.longitude))]]
    : null;
  return {
    formPath: 'lapor',
    values: v,
    errors: o.errors ?? [],
    invalid: o.invalid ?? {},
    photosAgain: o.photosAgain === true,
    categories,
    kecamatans: kecamatan.map((k) => ({ code: k.code, name: k.name, selected: k.code === v.kecamatan })),
    desaGroups,
    minDescription: o.limits.minDescription,
    maxPhotos: o.limits.maxPhotos,
    descriptionHint: fill(t.f_description_hint, { n: o.limits.minDescription }),
    photosHint: fill(t.f_photos_hint, { n: o.limits.maxPhotos, mb: o.limits.maxMb }),
    tooMany: fill(t.err_photo_count, { n: o.limits.maxPhotos }),
    // No map without a tile server or without villages to frame: the coordinates and "Gunakan lokasi saya" remain.
    map: o.map && bounds ? { ...o.map, bounds: JSON.stringify(bounds) } : { tiles: '', attribution: '', bounds: '' },
    pinText: pinned ? fill(t.location_set, { lat: v.latitude.trim(), lng: v.longitude.trim() }) : '',
  };
}

/** "+6281234567890" as the receipt shows it: enough to recognise one's own number, not to copy someone else's. */
export function maskedPhone(e164: string): string {
  const local = e164.startsWith('+62') ? `0${e164.slice(3)}` : e164;
  return local.length <= 7 ? local : `${local.slice(0, 4)}••••${local.slice(-3)}`;
}
