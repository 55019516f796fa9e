// GeoReport v2 answers in JSON and XML (http://wiki.open311.org/GeoReport_v2#Format_Support).
// The XML is a fixed, flat shape (a root, its list items, scalar children), so a
// small writer is enough; every text goes through `escapeXml`, and element names
// are ours, never the client's.

export type Format = 'json' | 'xml';
export type Scalar = string | number | boolean | null | undefined;
export type Node = Scalar | Node[] | { [key: string]: Node };

/** Child element of each list, by the list's element name (spec's examples). */
const ITEM_OF: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  services: 'service',
  service_requests: 'request',
  errors: 'error',
};

const CONTENT_TYPE: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

// Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF): dropped.
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const NAME = /^[a-z_][a-z0-9_]*$/;

function element(name: string, value: Node): string {
  if (!NAME.test(name)) throw new Error(`bad XML element name: ${name}`);
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_OF[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `root` is the document element (e.g. `service_requests`); a list body becomes its items. */
export function toXml(root: string, body: Node): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, body)}`;
}

export type Rendered = { contentType: string; body: string };

export function render(format: Format, root: string, body: Node): Rendered {
  return { contentType: CONTENT_TYPE[format], body: format === 'json' ? JSON.stringify(body) : toXml(root, body) };
}

/** `requests.json` -> {name: 'requests', format: 'json'}; null for anything else. */
export function splitFormat(segment: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/i.exec(segment);
  return m ? { name: m[1]!, format: m[2]!.toLowerCase() as Format } : null;
}
