import { describe, expect, it } from 'vitest';
import { hashApiKey, looksLikeApiKey, newApiKey, requestToken, ticketOfToken } from './keys.ts';
import { formFields, Open311Error, parseRequestsQuery, postInput, requestsFilter } from './query.ts';
import { escapeXml, render, splitFormat, toXml } from './serialize.ts';
import { RequestRow, requestView, serviceDefinition } from './views.ts';

// A stored row as the database holds it: more than a request may show.
const stored = {
  ticket: 'ADU-2611-00042', status: 'in_progress', confidential: false,
  category: { code: 'jalan', name: 'Jalan rusak' },
  description: 'Jalan berlubang, hubungi saya di 081234567890', address: 'Jl. Merdeka 1', latitude: -3.412345, longitude: 104.812345,
  region: { code: '16.02.01.2001' }, assigned_agency: { name: 'Dinas PUPR' }, reporter: { display_name: 'Siti Aminah' },
  received_at: '2026-11-02T01:00:00', verified_at: '2026-11-02T03:00:00.000Z', dispositioned_at: '2026-11-03T03:00:00Z',
  resolve_due: '2026-11-20T10:00:00Z', respond_due: null, verify_due: '2026-11-05T10:00:00Z',
};
const row = (over: Partial<RequestRow> = {}): RequestRow => RequestRow.parse({ ...stored, ...over });

describe('requestView', () => {
  it('publishes a verified, non-confidential report\'s desa and rounded point; never its text, address, agency or reporter', () => {
    const v = requestView(row());
    expect(v).toMatchObject({ service_request_id: 'ADU-2611-00042', status: 'open', service_code: 'jalan', lat: -3.4123, long: 104.8123, address_id: '16.02.01.2001' });
    expect(v).toMatchObject({ description: null, address: null, agency_responsible: null });
    expect(JSON.stringify(v)).not.toMatch(/Siti|081234567890|Merdeka|berlubang|PUPR/);
    expect(v['requested_datetime']).toBe('2026-11-02T01:00:00Z');
    expect(v['updated_datetime']).toBe('2026-11-03T03:00:00Z');
    expect(v['expected_datetime']).toBe('2026-11-20T10:00:00Z');
  });

  it('shows a confidential, unverified or rejected report only by status, service and dates, with the same keys', () => {
    const open = requestView(row());
    for (const hidden of [row({ confidential: true }), row({ status: 'received' }), row({ status: 'rejected' }), row({ confidential: 1 })]) {
      const v = requestView(hidden);
      expect(Object.keys(v)).toEqual(Object.keys(open));
      for (const k of ['description', 'address', 'address_id', 'lat', 'long', 'agency_responsible']) expect(v[k], k).toBeNull();
      expect(JSON.stringify(v)).not.toMatch(/Merdeka|berlubang|104\.8|PUPR|2001/);
    }
    expect(requestView(row({ status: 'resolved' }))['status']).toBe('closed');
  });
});

describe('serialisation', () => {
  it('escapes every text and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0000\u001b`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    const xml = toXml('service_requests', [{ service_request_id: 'A', description: '</description><x>', lat: null }]);
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<service_requests><request><service_request_id>A</service_request_id><description>&lt;/description&gt;&lt;x&gt;</description><lat/></request></service_requests>');
  });

  it('names list items as the spec does and refuses element names it did not write', () => {
    expect(toXml('service_definition', serviceDefinition('jalan'))).toContain('<attributes><attribute><variable>true</variable><code>type</code>');
    expect(toXml('service_definition', serviceDefinition('jalan'))).toContain('<values><value><key>pengaduan</key>');
    expect(toXml('errors', [{ code: 404, description: 'x' }])).toContain('<errors><error><code>404</code><description>x</description></error></errors>');
    expect(() => toXml('x', { 'a b': 1 })).toThrow();
    expect(render('json', 'errors', [{ code: 400 }]).contentType).toMatch(/^application\/json/);
    expect(splitFormat('requests.XML')).toEqual({ name: 'requests', format: 'xml' });
    expect(splitFormat('requests.html')).toBeNull();
  });
});

describe('requests query', () => {
  const now = new Date('2026-11-30T00:00:00Z');
  it('parses the spec\'s filters and refuses the rest in Indonesian first', () => {
    const q = parseRequestsQuery({ service_request_id: 'adu-2611-00001,ADU-2611-00002', status: 'open', start_date: '2026-11-01T00:00:00+07:00', bbox: '104,-4,105,-3', limit: '10' }, 'ADU');
    expect(q).toMatchObject({ ids: ['ADU-2611-00001', 'ADU-2611-00002'], statuses: ['open'], limit: 10, bbox: { west: 104, south: -4, east: 105, north: -3 } });
    for (const bad of [{ status: 'pending' }, { start_date: 'yesterday' }, { limit: '5000' }, { bbox: '1,2,3' }, { service_request_id: 'DROP TABLE' }, { start_date: '2026-11-02', end_date: '2026-11-01' }]) {
      expect(() => parseRequestsQuery(bad, 'ADU'), JSON.stringify(bad)).toThrow(Open311Error);
    }
  });

  it('a bbox keeps only reports that show their point; no date means the last 90 days', () => {
    const f = JSON.stringify(requestsFilter(parseRequestsQuery({ bbox: '104,-4,105,-3' }, 'ADU'), now));
    expect(f).toContain('{"confidential":{"_eq":false}}');
    expect(f).toContain('"status":{"_in":["verified","dispositioned","in_progress","resolved","closed"]}');
    expect(f).toContain('"received_at":{"_gte":"2026-09-01T00:00:00.000Z"}');
    expect(JSON.stringify(requestsFilter(parseRequestsQuery({ status: 'closed' }, 'ADU'), now))).toContain('["resolved","closed","rejected"]');
  });

  it('reads a POST form with attributes and refuses unknown ones', () => {
    const form = formFields({ service_code: 'jalan', lat: '-3.4', long: '104.8', description: 'x', 'attribute[confidential]': 'true' });
    expect(postInput(form)).toMatchObject({ service_code: 'jalan', lat: -3.4, long: 104.8, confidential: true });
    expect(postInput(formFields({ service_code: 'j', attribute: { type: 'saran' } })).type).toBe('saran');
    expect(() => postInput({ service_code: 'j', 'attribute[secret]': '1' })).toThrow(Open311Error);
    expect(() => postInput({ service_code: 'j', 'attribute[type]': 'spam' })).toThrow(Open311Error);
    expect(() => postInput({ service_code: 'j', lat: 'north' })).toThrow(Open311Error);
  });
});

describe('keys and tokens', () => {
  it('stores only a hash; a token names its ticket and cannot be made for another', () => {
    const k = newApiKey();
    expect(looksLikeApiKey(k.key)).toBe(true);
    expect(k.hash).toBe(hashApiKey(k.key));
    expect(k.hash).not.toContain(k.key.slice(5));
    expect(k.key.startsWith(k.hint)).toBe(true);
    const token = requestToken('ADU-2611-00042', 's3cret');
    expect(ticketOfToken(token, 's3cret')).toBe('ADU-2611-00042');
    expect(ticketOfToken(token.replace('00042', '00043'), 's3cret')).toBeNull();
    expect(ticketOfToken(token, 'other')).toBeNull();
  });
});
