// Shared mock builders: a fake IExecuteFunctions / IWebhookFunctions with only
// what our nodes call, and an in-memory Directus that speaks the items API.
import type { IAdditionalCredentialOptions, IDataObject, IExecuteFunctions, IHttpRequestOptions, INode, IWebhookFunctions } from 'n8n-workflow';

export interface HttpCall {
	credentialType: string;
	options: IHttpRequestOptions;
}
export type FakeResponse = { statusCode: number; headers?: Record<string, unknown>; body: unknown };
export type HttpHandler = (options: IHttpRequestOptions, callIndex: number) => FakeResponse | Promise<FakeResponse>;

const node: INode = {
	id: 'test-node',
	name: 'Test',
	type: 'CUSTOM.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface ExecuteOptions {
	items?: IDataObject[];
	/** Node parameters; a function gets the item index for per-item values. */
	params: Record<string, unknown> | ((name: string, i: number) => unknown);
	credentials?: Record<string, IDataObject>;
	http?: HttpHandler;
	continueOnFail?: boolean;
	/** n8n binary data per item (base64 `data`, like n8n's in-memory mode). */
	binaries?: Array<Record<string, { data: string; mimeType: string; fileName?: string }> | undefined>;
}

export function fakeExecute(opts: ExecuteOptions) {
	const calls: HttpCall[] = [];
	/** Every getCredentials: n8n reads the database and decrypts on each. */
	const credentialReads: string[] = [];
	const items = (opts.items ?? [{}]).map((json, i) => ({ json, ...(opts.binaries?.[i] ? { binary: opts.binaries[i] } : {}) }));
	const fns = {
		getInputData: () => items,
		getNodeParameter: (name: string, i: number, fallback?: unknown) => {
			const v = typeof opts.params === 'function' ? opts.params(name, i) : opts.params[name];
			if (v === undefined) {
				if (fallback !== undefined) return fallback;
				throw new Error(`Could not get parameter "${name}"`);
			}
			return v;
		},
		getCredentials: async (type: string) => {
			credentialReads.push(type);
			const c = opts.credentials?.[type];
			if (!c) throw new Error(`no credentials of type ${type}`);
			return c;
		},
		getNode: () => node,
		continueOnFail: () => opts.continueOnFail ?? false,
		helpers: {
			// As n8n-core: the credential is read (and decrypted) for the request unless the node passes the one it read.
			httpRequestWithAuthentication: async (credentialType: string, options: IHttpRequestOptions, more?: IAdditionalCredentialOptions) => {
				if (!more?.credentialsDecrypted) await fns.getCredentials(credentialType);
				calls.push({ credentialType, options });
				if (!opts.http) throw new Error('no http handler');
				const r = await opts.http(options, calls.length - 1);
				return { headers: {}, ...r };
			},
			getBinaryDataBuffer: async (i: number, property: string) => {
				const b = (items[i] as { binary?: Record<string, { data: string }> } | undefined)?.binary?.[property];
				if (!b) throw new Error(`no binary ${property} on item ${i}`);
				return Buffer.from(b.data, 'base64');
			},
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
			}),
		},
	};
	return { fns: fns as unknown as IExecuteFunctions, calls, credentialReads };
}

export interface WebhookOptions {
	webhookName: 'setup' | 'default';
	query?: Record<string, unknown>;
	headers?: Record<string, string>;
	rawBody?: string;
	body?: unknown;
	credentials: IDataObject;
}

let fakeWorkflows = 0;

export function fakeWebhook(opts: WebhookOptions) {
	const response = { status: 0, contentType: '', body: '' as unknown, ended: false };
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		type(t: string) {
			response.contentType = t;
			return res;
		},
		send(b: unknown) {
			response.body = b;
			return res;
		},
		end() {
			response.ended = true;
			return res;
		},
	};
	const req = { rawBody: opts.rawBody === undefined ? undefined : Buffer.from(opts.rawBody) };
	// Each fake is a workflow of its own: what a webhook process keeps per workflow never crosses tests.
	const workflow = { id: `wf-${++fakeWorkflows}`, name: 'Uji', active: true };
	const fns = {
		getWebhookName: () => opts.webhookName,
		getWorkflow: () => workflow,
		getCredentials: async () => opts.credentials,
		getRequestObject: () => req,
		getResponseObject: () => res,
		getQueryData: () => opts.query ?? {},
		getHeaderData: () => opts.headers ?? {},
		getBodyData: () => opts.body ?? {},
		getNode: () => node,
		helpers: { returnJsonArray: (data: IDataObject[]) => data.map((json) => ({ json })) },
	};
	return { fns: fns as unknown as IWebhookFunctions, response };
}

/** Directus-shaped error body. */
export const directusError = (statusCode: number, code: string, message: string): FakeResponse => ({
	statusCode,
	body: { errors: [{ message, extensions: { code } }] },
});

type Row = IDataObject & { id: string | number };

/**
 * In-memory Directus items API: GET with filter _eq/_neq/_in (a nested object
 * filters a many-to-one relation seeded as an object), `sort` and `limit`;
 * POST of one item or an array (unique fields enforced like the real schema);
 * PATCH by id or by `{ keys, data }`. Complaints get a ticket the way the
 * kanal-aduan hook would assign it.
 */
export function fakeDirectus(seed: Record<string, Row[]> = {}) {
	type Known = 'wa_messages' | 'citizens' | 'complaints' | 'message_templates';
	const db: Record<Known, Row[]> & Record<string, Row[] | undefined> = { wa_messages: [], citizens: [], complaints: [], message_templates: [], ...structuredClone(seed) };
	const unique: Record<string, string> = { wa_messages: 'wamid', citizens: 'wa_id', complaints: 'ticket' };
	let seq = 0;
	const log: string[] = [];
	// Our endpoint's per-number conversation lock (extensions/kanal-aduan conversation-lock), kept apart from `log`.
	const locks = new Map<string, string>();
	const lockLog: string[] = [];

	// Query values arrive as strings or numbers, like ids over HTTP: compare them as Directus does.
	const same = (a: unknown, b: unknown) => a === b || (typeof a === 'number' && typeof b === 'string' && String(a) === b);
	const matches = (row: IDataObject, filter: Record<string, Record<string, unknown>>): boolean =>
		Object.entries(filter).every(([field, cond]) => {
			if (field === '_and') return (cond as unknown as Array<Record<string, Record<string, unknown>>>).every((f) => matches(row, f));
			if (field === '_or') return (cond as unknown as Array<Record<string, Record<string, unknown>>>).some((f) => matches(row, f));
			if ('_null' in cond) return (row[field] === null || row[field] === undefined) === Boolean(cond._null);
			if ('_nnull' in cond) return (row[field] !== null && row[field] !== undefined) === Boolean(cond._nnull);
			if ('_eq' in cond) return same(row[field], cond._eq);
			if ('_neq' in cond) return !same(row[field], cond._neq);
			if ('_in' in cond) return (cond._in as unknown[]).some((v) => same(row[field], v));
			const related = row[field];
			if (related && typeof related === 'object') return matches(related as IDataObject, cond as Record<string, Record<string, unknown>>);
			return false;
		});
	const sorted = (rows: Row[], sort: string | null) => {
		if (!sort) return rows;
		const keys = sort.split(',').map((k) => (k.startsWith('-') ? { field: k.slice(1), dir: -1 } : { field: k, dir: 1 }));
		return [...rows].sort((a, b) => {
			for (const { field, dir } of keys) {
				const x = a[field] ?? null;
				const y = b[field] ?? null;
				if (x === y) continue;
				// Directus (SQL) puts nulls first ascending, last descending.
				if (x === null) return -dir;
				if (y === null) return dir;
				return (x < y ? -1 : 1) * dir;
			}
			return 0;
		});
	};

	const handler: HttpHandler = (options) => {
		const url = new URL(options.url);
		if (url.pathname.startsWith('/kanal-aduan/conversation-lock')) {
			const { wa_id, holder } = options.body as { wa_id: string; holder: string };
			if (url.pathname.endsWith('/release')) {
				const released = locks.get(wa_id) === holder;
				if (released) locks.delete(wa_id);
				lockLog.push(`release ${wa_id}`);
				return { statusCode: 200, body: { data: { released } } };
			}
			const acquired = !locks.has(wa_id) || locks.get(wa_id) === holder;
			if (acquired) locks.set(wa_id, holder);
			lockLog.push(`${acquired ? 'lock' : 'busy'} ${wa_id}`);
			return { statusCode: 200, body: { data: { acquired, wait_ms: acquired ? 0 : 1000 } } };
		}
		const [, items, collection, id] = url.pathname.split('/');
		log.push(`${options.method} ${url.pathname}`);
		if (items !== 'items' || !collection || !db[collection]) return directusError(403, 'FORBIDDEN', "You don't have permission to access this.");
		const rows = db[collection]!;
		if (options.method === 'GET') {
			const filter = JSON.parse(url.searchParams.get('filter') ?? '{}');
			const limit = Number(url.searchParams.get('limit') ?? 100);
			const found = sorted(rows.filter((r) => matches(r, filter)), url.searchParams.get('sort'));
			return { statusCode: 200, body: { data: limit < 0 ? found : found.slice(0, limit) } };
		}
		if (options.method === 'POST' && Array.isArray(options.body)) {
			const created = (options.body as IDataObject[]).map((data) => {
				seq++;
				const row: Row = { id: seq, ...data };
				rows.push(row);
				return row;
			});
			return { statusCode: 200, body: { data: created } };
		}
		if (options.method === 'POST') {
			const data = options.body as IDataObject;
			const key = unique[collection];
			if (key && data[key] !== undefined && rows.some((r) => r[key] === data[key])) {
				return directusError(400, 'RECORD_NOT_UNIQUE', `Value for field "${key}" in collection "${collection}" has to be unique.`);
			}
			seq++;
			const row: Row =
				collection === 'complaints'
					? { id: seq, ticket: `ADU-2611-${String(seq).padStart(5, '0')}`, ...data }
					: { id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, ...data };
			rows.push(row);
			return { statusCode: 200, body: { data: row } };
		}
		if (options.method === 'PATCH' && !id) {
			const { keys, data } = options.body as { keys: Array<string | number>; data: IDataObject };
			const hit = rows.filter((r) => keys.some((k) => same(r.id, k)));
			for (const row of hit) Object.assign(row, data);
			return { statusCode: 200, body: { data: hit.map((r) => r.id) } };
		}
		if (options.method === 'PATCH') {
			const row = rows.find((r) => String(r.id) === decodeURIComponent(id ?? ''));
			if (!row) return directusError(403, 'FORBIDDEN', "You don't have permission to access this.");
			Object.assign(row, options.body);
			return { statusCode: 200, body: { data: row } };
		}
		return directusError(405, 'METHOD_NOT_ALLOWED', 'no');
	};
	return { db, handler, log, locks, lockLog };
}

export const WA_CREDENTIALS = {
	accessToken: 'token',
	phoneNumberId: '100000000000001',
	apiBaseUrl: 'http://graph.test',
	apiVersion: 'v23.0',
	appSecret: 'app-secret',
	verifyToken: 'verify-me',
};
export const DIRECTUS_CREDENTIALS = { directusUrl: 'http://directus.test', token: 'service-token' };

/**
 * A client's `http` port that answers from a script, in order (an Error is thrown as a network
 * failure), and keeps every request it was given.
 */
export function scriptedHttp<Req, Res>(answers: Array<Res | Error>) {
	const requests: Req[] = [];
	const http = async (req: Req): Promise<Res> => {
		requests.push(req);
		const next = answers.shift();
		if (!next) throw new Error('no more answers');
		if (next instanceof Error) throw next;
		return next;
	};
	return { http, requests };
}
