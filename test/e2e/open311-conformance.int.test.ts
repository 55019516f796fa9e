// Open311 GeoReport v2 conformance on the real stack: every call's answer, in
// JSON and in XML, against the structure the specification documents
// (http://wiki.open311.org/GeoReport_v2 and its Service Discovery page):
// document and list element names, the fields of each item in the spec's
// order, which must be there, their types (booleans, numbers, w3c datetimes
// with a zone, the closed value sets), the HTTP codes of errors, the content
// types and the XML declaration. The XML answer of a call is also held to its
// JSON twin (the spec's Spark convention: the JSON is the XML mapped, lists as
// arrays). The fixtures below are the spec's structure in our words; our own
// documented extensions are named where they are allowed.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { directus, env, requestFrom } from './helpers.ts';

// ——— the spec's structure ———

/** A field's type: a scalar kind, a closed set of values, or a list (container element + item element). */
type Kind = 'text' | 'url' | 'mime' | 'w3c' | 'bool' | 'number' | 'int' | { oneOf: readonly string[] } | { list: string; of: Shape } | { object: Shape };
/** `value`: always there, never empty; `key`: always there, may be empty (null); `optional`: the spec's "may not be returned". */
type Field = { name: string; kind: Kind; need: 'value' | 'key' | 'optional' };
type Shape = readonly Field[];
type Doc = { root: string; json: 'object' | 'array'; item?: string; shape: Shape; extensions?: readonly string[] };

const f = (name: string, kind: Kind, need: Field['need'] = 'value'): Field => ({ name, kind, need });

const ENDPOINT: Shape = [
  f('specification', 'url'),
  f('url', 'url'),
  f('changeset', 'text'),
  f('type', { oneOf: ['production', 'test'] }),
  f('formats', { list: 'format', of: [] }),
];
const DISCOVERY: Doc = {
  root: 'discovery', json: 'object',
  shape: [f('changeset', 'text'), f('contact', 'text'), f('key_service', 'text'), f('endpoints', { list: 'endpoint', of: ENDPOINT })],
};
const SERVICES: Doc = {
  root: 'services', json: 'array', item: 'service',
  shape: [
    f('service_code', 'text'),
    f('service_name', 'text'),
    f('description', 'text', 'key'),
    f('metadata', 'bool'),
    f('type', { oneOf: ['realtime', 'batch', 'blackbox'] }),
    f('keywords', 'text', 'key'),
    f('group', 'text', 'key'),
  ],
};
const VALUE: Shape = [f('key', 'text'), f('name', 'text')];
const ATTRIBUTE: Shape = [
  f('variable', 'bool'),
  f('code', 'text'),
  f('datatype', { oneOf: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] }),
  f('required', 'bool'),
  f('datatype_description', 'text', 'key'),
  f('order', 'int'),
  f('description', 'text', 'key'),
  f('values', { list: 'value', of: VALUE }, 'optional'),
];
const SERVICE_DEFINITION: Doc = {
  root: 'service_definition', json: 'object',
  shape: [f('service_code', 'text'), f('attributes', { list: 'attribute', of: ATTRIBUTE })],
};
const REQUEST: Shape = [
  f('service_request_id', 'text'),
  f('status', { oneOf: ['open', 'closed'] }),
  f('status_notes', 'text', 'optional'),
  f('service_name', 'text', 'key'),
  f('service_code', 'text'),
  f('description', 'text', 'key'),
  f('agency_responsible', 'text', 'optional'),
  f('service_notice', 'text', 'optional'),
  f('requested_datetime', 'w3c'),
  f('updated_datetime', 'w3c', 'key'),
  f('expected_datetime', 'w3c', 'optional'),
  f('address', 'text', 'key'),
  f('address_id', 'text', 'key'),
  f('zipcode', 'text', 'key'),
  f('lat', 'number', 'key'),
  f('long', 'number', 'key'),
  f('media_url', 'url', 'key'),
];
const REQUESTS: Doc = { root: 'service_requests', json: 'array', item: 'request', shape: REQUEST };
// POST: the id or a token, never both; `tracking_code` is ours (OPEN311.md), after the spec's fields.
const POSTED: Doc = {
  root: 'service_requests', json: 'array', item: 'request',
  shape: [f('service_request_id', 'text', 'optional'), f('token', 'text', 'optional'), f('service_notice', 'text', 'optional'), f('account_id', 'text', 'optional')],
  extensions: ['tracking_code'],
};
const ERRORS: Doc = { root: 'errors', json: 'array', item: 'error', shape: [f('code', 'int'), f('description', 'text')] };

// ——— checking an answer against it ———

// The w3c note's full forms, the zone mandatory (the spec's "Date/time format").
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function checkScalar(kind: Kind, v: unknown, at: string): string[] {
  if (typeof kind === 'object' && 'oneOf' in kind) return kind.oneOf.includes(v as string) ? [] : [`${at}: ${JSON.stringify(v)} is not one of ${kind.oneOf.join('|')}`];
  const ok = {
    text: typeof v === 'string' || typeof v === 'number',
    url: typeof v === 'string' && /^https?:\/\/\S+$/.test(v),
    mime: typeof v === 'string' && /^[a-z]+\/[a-z0-9.+-]+$/.test(v),
    w3c: typeof v === 'string' && W3C.test(v) && !Number.isNaN(Date.parse(v)),
    bool: typeof v === 'boolean',
    number: typeof v === 'number' && Number.isFinite(v),
    int: typeof v === 'number' && Number.isInteger(v),
  }[kind as string];
  return ok ? [] : [`${at}: ${JSON.stringify(v)} is not ${String(kind)}`];
}

/** Every way a JSON value departs from a shape; [] when it conforms. */
function checkJson(value: unknown, shape: Shape, at: string, extensions: readonly string[] = []): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const names = shape.map((s) => s.name);
  const problems: string[] = [];
  const unknown = keys.filter((k) => !names.includes(k) && !extensions.includes(k));
  if (unknown.length) problems.push(`${at}: fields the spec does not have: ${unknown.join(', ')}`);
  const ours = keys.filter((k) => names.includes(k));
  const inSpecOrder = [...ours].sort((a, b) => names.indexOf(a) - names.indexOf(b));
  if (ours.join() !== inSpecOrder.join()) problems.push(`${at}: order ${ours.join(',')} is not the spec's ${inSpecOrder.join(',')}`);
  const lastSpec = Math.max(...ours.map((k) => keys.indexOf(k)));
  for (const e of extensions) if (keys.includes(e) && keys.indexOf(e) < lastSpec) problems.push(`${at}: our ${e} comes before the spec's fields`);
  for (const field of shape) {
    const here = `${at}.${field.name}`;
    if (!(field.name in obj)) {
      if (field.need !== 'optional') problems.push(`${here}: missing`);
      continue;
    }
    const v = obj[field.name];
    if (v === null || v === '') {
      if (field.need === 'value') problems.push(`${here}: empty`);
      continue;
    }
    const kind = field.kind;
    if (typeof kind === 'object' && 'list' in kind) {
      if (!Array.isArray(v)) problems.push(`${here}: not a list`);
      else v.forEach((item, i) => problems.push(...(kind.of.length ? checkJson(item, kind.of, `${here}[${i}]`) : checkScalar(field.name === 'formats' ? 'mime' : 'text', item, `${here}[${i}]`))));
    } else if (typeof kind === 'object' && 'object' in kind) problems.push(...checkJson(v, kind.object, here));
    else problems.push(...checkScalar(kind, v, here));
  }
  return problems;
}

function checkDocJson(doc: Doc, body: unknown): string[] {
  if (doc.json === 'array') {
    if (!Array.isArray(body)) return [`${doc.root}: not a JSON array`];
    return body.flatMap((item, i) => checkJson(item, doc.shape, `${doc.root}[${i}]`, doc.extensions));
  }
  return checkJson(body, doc.shape, doc.root, doc.extensions);
}

type XmlNode = { '#name': string; _?: string; $$?: XmlNode[] };

/**
 * The XML answer against its JSON twin (the Spark convention): the same
 * elements in the same order, a list as a container of its item elements, a
 * scalar's text as its JSON value written out, an empty element for null.
 */
function xmlMatchesJson(node: XmlNode, json: unknown, shape: Shape | null, itemName: string | null, at: string, texts = true): string[] {
  const children = node.$$ ?? [];
  if (Array.isArray(json)) {
    const problems = children.length === json.length ? [] : [`${at}: ${children.length} items in XML, ${json.length} in JSON`];
    children.forEach((c, i) => {
      if (c['#name'] !== itemName) problems.push(`${at}: item <${c['#name']}> is not <${itemName}>`);
      problems.push(...xmlMatchesJson(c, json[i], shape, null, `${at}/${itemName}[${i}]`, texts));
    });
    return problems;
  }
  if (json && typeof json === 'object') {
    const keys = Object.keys(json);
    const names = children.map((c) => c['#name']);
    if (names.join() !== keys.join()) return [`${at}: XML elements ${names.join(',')} are not JSON's ${keys.join(',')}`];
    return children.flatMap((c) => {
      const field = shape?.find((s) => s.name === c['#name']);
      const kind = field?.kind;
      const list = kind && typeof kind === 'object' && 'list' in kind ? kind : null;
      return xmlMatchesJson(c, (json as Record<string, unknown>)[c['#name']], list ? list.of : null, list ? list.list : null, `${at}/${c['#name']}`, texts);
    });
  }
  if (children.length) return [`${at}: XML has elements where JSON has ${JSON.stringify(json)}`];
  if (!texts) return [];
  const text = node._ ?? '';
  const expected = json === null || json === undefined ? '' : String(json);
  return text === expected ? [] : [`${at}: XML text ${JSON.stringify(text)}, JSON ${JSON.stringify(json)}`];
}

// xml2js (already in the tree, untyped), keeping child order as a client's DOM would.
const { parseStringPromise } = createRequire(import.meta.url)('xml2js') as { parseStringPromise(xml: string, o: object): Promise<Record<string, XmlNode>> };

type Answer = { status: number; text: string; json: any; type: string };

async function call(localAddress: string, path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Answer> {
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  const a = await requestFrom(localAddress, `${env('KANAL_DIRECTUS_URL')}${path}`, {
    method: init.method ?? (body ? 'POST' : 'GET'),
    headers: body ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {},
    body,
  });
  return { status: a.status, text: a.text, json: a.json, type: String(a.headers['content-type'] ?? '') };
}

/**
 * One resource in both formats: each answer has the spec's content type, the
 * JSON conforms to `doc`, the XML has the declaration, the root and item
 * element names, and says what the JSON says. Returns the JSON.
 */
async function conforms(address: string, path: (format: 'json' | 'xml') => string, doc: Doc, status = 200, init: { form?: Record<string, string> } = {}): Promise<any> {
  const json = await call(address, path('json'), init);
  expect(json.status, json.text).toBe(status);
  expect(json.type).toMatch(/^application\/json; charset=utf-8$/i);
  expect(checkDocJson(doc, json.json), json.text.slice(0, 400)).toEqual([]);
  if (status >= 400) for (const e of json.json) expect(e.code, 'the error code matches the HTTP status').toBe(status);

  const xml = await call(address, path('xml'), init);
  expect(xml.status, xml.text).toBe(status);
  expect(xml.type).toMatch(/^text\/xml; charset=utf-8$/i);
  expect(xml.text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>/i);
  expect(xml.text, 'schemaless, no namespace').not.toMatch(/xmlns/);
  const parsed = await parseStringPromise(xml.text, { explicitChildren: true, preserveChildrenOrder: true });
  expect(Object.keys(parsed)).toEqual([doc.root]);
  const root = parsed[doc.root]!;
  if (doc.json === 'array') for (const c of root.$$ ?? []) expect(c['#name']).toBe(doc.item);
  // A POST is two calls that file two reports: the XML is held to the JSON's elements, not its values.
  expect(xmlMatchesJson(root, json.json, doc.shape, doc.item ?? null, doc.root, !init.form)).toEqual([]);
  return json.json;
}

// ——— the calls ———

const BASE = '/kanal-aduan/open311';
const STORY = 'Saluran air tersumbat sampah di depan balai desa, air meluap ke jalan setiap hujan.';
let key = '';
let published = '';
let rejected = '';

beforeAll(async () => {
  const client = await directus<{ data: { api_key: string } }>(`${BASE}/clients`, { method: 'POST', body: JSON.stringify({ name: 'Uji kesesuaian Open311', rate_limit_per_minute: 20 }) });
  expect(client.status, JSON.stringify(client.body)).toBe(200);
  key = client.body.data.api_key;
  const post = async (address: string) => {
    const res = await call('127.0.41.1', `${BASE}/v2/requests.json`, { form: { api_key: key, service_code: 'DRAINASE', address_id: '16.02.05', address_string: address, lat: '-3.3912', long: '104.8276', description: STORY } });
    expect(res.status, res.text).toBe(201);
    return res.json[0].service_request_id as string;
  };
  published = await post('Jl. Balai Desa 3');
  rejected = await post('Jl. Balai Desa 5');
  for (const [ticket, change] of [[published, { status: 'verified' }], [rejected, { status: 'rejected', status_reason: 'duplicate' }]] as const) {
    const id = (await directus<{ data: Array<{ id: number }> }>(`/items/complaints?filter[ticket][_eq]=${ticket}&fields=id`)).body.data[0]!.id;
    const r = await directus(`/items/complaints/${id}`, { method: 'PATCH', body: JSON.stringify(change) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
}, 120_000);

describe('Service Discovery', () => {
  it('answers discovery.json and discovery.xml with every field, and its endpoint serves what it says', async () => {
    for (const path of [`${BASE}/discovery`, `${BASE}/v2/discovery`]) {
      const d = await conforms('127.0.41.2', (fmt) => `${path}.${fmt}`, DISCOVERY);
      const [endpoint] = d.endpoints;
      expect(endpoint.specification).toBe('http://wiki.open311.org/GeoReport_v2');
      // XML is the spec's required format; JSON is offered too.
      expect(endpoint.formats).toEqual(expect.arrayContaining(['text/xml', 'application/json']));
      const services = await call('127.0.41.2', `${new URL(endpoint.url).pathname}/services.json`);
      expect(services.status).toBe(200);
    }
  });
});

describe('GET Service List and Service Definition', () => {
  it('lists services with the spec\'s fields and types, and every service with metadata has a definition', async () => {
    const services = await conforms('127.0.41.3', (fmt) => `${BASE}/v2/services.${fmt}`, SERVICES);
    expect(services.length).toBeGreaterThan(0);
    const withMetadata = services.filter((s: any) => s.metadata === true);
    expect(withMetadata.map((s: any) => s.service_code)).toContain('DRAINASE');
    for (const s of withMetadata.slice(0, 3)) {
      const def = await conforms('127.0.41.4', (fmt) => `${BASE}/v2/services/${encodeURIComponent(s.service_code)}.${fmt}`, SERVICE_DEFINITION);
      expect(def.service_code).toBe(s.service_code);
      // `order`: distinct positive whole numbers; list types carry their values, others none.
      const orders = def.attributes.map((a: any) => a.order);
      expect(new Set(orders).size).toBe(orders.length);
      for (const a of def.attributes) {
        expect(a.order).toBeGreaterThan(0);
        expect(/valuelist$/.test(a.datatype), `${a.code}: values iff a list`).toBe(Array.isArray(a.values) && a.values.length > 0);
      }
    }
  });
});

describe('POST Service Request and GET service_request_id from a token', () => {
  it('answers a filed request with its id and no token, in JSON and XML', async () => {
    const form = { api_key: key, service_code: 'DRAINASE', address_id: '16.02.05', description: STORY };
    const [created] = await conforms('127.0.41.5', (fmt) => `${BASE}/v2/requests.${fmt}`, POSTED, 201, { form });
    // A `realtime` service (the service list's type) answers the id now; a token is for `batch` ones.
    expect(created.service_request_id).toMatch(/^ADU-\d{4}-\d{5}$/);
    expect(created).not.toHaveProperty('token');
  });

  it('answers an unknown token with the spec\'s 404 error list', async () => {
    await conforms('127.0.41.6', (fmt) => `${BASE}/v2/tokens/bukan-token.${fmt}`, ERRORS, 404);
  });
});

describe('GET Service Requests and GET Service Request', () => {
  it('answers a list and a single request with the spec\'s fields, types and order', async () => {
    const list = await conforms('127.0.41.7', (fmt) => `${BASE}/v2/requests.${fmt}?service_request_id=${published},${rejected}`, REQUESTS);
    expect(list.map((r: any) => r.service_request_id).sort()).toEqual([published, rejected].sort());
    const shown = list.find((r: any) => r.service_request_id === published);
    expect(shown).toMatchObject({ status: 'open', service_code: 'DRAINASE', lat: -3.3912, long: 104.8276 });
    // A closed request's updated_datetime is when it was closed: not before it was made.
    const closed = list.find((r: any) => r.service_request_id === rejected);
    expect(closed.status).toBe('closed');
    expect(Date.parse(closed.updated_datetime)).toBeGreaterThanOrEqual(Date.parse(closed.requested_datetime));

    const [one] = await conforms('127.0.41.8', (fmt) => `${BASE}/v2/requests/${published}.${fmt}`, REQUESTS);
    expect(one).toEqual(shown);
  });

  it('a list without arguments, and one with empty or ignored arguments, is the same answer', async () => {
    const plain = await conforms('127.0.41.9', (fmt) => `${BASE}/v2/requests.${fmt}?limit=20`, REQUESTS);
    expect(plain.length).toBeGreaterThan(0);
    // "Optional" in the spec: an empty argument is no argument; jurisdiction_id is ignored by a one-jurisdiction server.
    const empty = await call('127.0.41.10', `${BASE}/v2/requests.json?limit=20&status=&service_code=&start_date=&end_date=&service_request_id=&jurisdiction_id=kabupaten-oki.go.id`);
    // The same requests in the same order (the stack keeps working meanwhile: a status may move between the two calls).
    const ids = (list: any[]) => list.map((r) => r.service_request_id);
    expect(ids(empty.json)).toEqual(ids(plain));
  });

  it('service_request_id overrides all other arguments', async () => {
    const named = await call('127.0.41.11', `${BASE}/v2/requests.json?service_request_id=${published}&status=closed&service_code=PJU&end_date=2000-01-01T00:00:00Z`);
    expect(named.json.map((r: any) => r.service_request_id)).toEqual([published]);
  });
});

describe('Errors', () => {
  it('answers each failure as the spec\'s error list with the HTTP code: 404 unknown, 403 key, 400 otherwise', async () => {
    await conforms('127.0.41.12', (fmt) => `${BASE}/v2/services/TIDAK-ADA.${fmt}`, ERRORS, 404);
    await conforms('127.0.41.12', (fmt) => `${BASE}/v2/requests/ADU-0001-99999.${fmt}`, ERRORS, 404);
    await conforms('127.0.41.13', (fmt) => `${BASE}/v2/requests.${fmt}?status=pending`, ERRORS, 400);
    await conforms('127.0.41.13', (fmt) => `${BASE}/v2/requests.${fmt}?start_date=kemarin`, ERRORS, 400);
    const form = { service_code: 'DRAINASE', address_id: '16.02.05', description: STORY };
    await conforms('127.0.41.14', (fmt) => `${BASE}/v2/requests.${fmt}`, ERRORS, 403, { form });
    await conforms('127.0.41.14', (fmt) => `${BASE}/v2/requests.${fmt}`, ERRORS, 403, { form: { ...form, api_key: `k311_${'B'.repeat(43)}` } });
    // POST: a service_code that is not found is 404, one not given 400, as are the intake's refusals.
    await conforms('127.0.41.15', (fmt) => `${BASE}/v2/requests.${fmt}`, ERRORS, 404, { form: { ...form, api_key: key, service_code: 'TIDAK-ADA' } });
    await conforms('127.0.41.15', (fmt) => `${BASE}/v2/requests.${fmt}`, ERRORS, 400, { form: { ...form, api_key: key, service_code: '' } });
    await conforms('127.0.41.16', (fmt) => `${BASE}/v2/requests.${fmt}`, ERRORS, 400, { form: { ...form, api_key: key, description: 'pendek' } });
  });
});
