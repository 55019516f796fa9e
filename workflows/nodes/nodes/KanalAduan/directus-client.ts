import type { HttpResponse } from '../WhatsAppCloud/graph-client.ts';

export interface DirectusRequest {
	method: 'GET' | 'POST' | 'PATCH';
	url: string;
	body?: object;
	/** A body sent as is (multipart file uploads) with its content type. */
	raw?: { body: Buffer; contentType: string };
	/** 'arraybuffer' for file bytes (GET /assets/:id); JSON otherwise. */
	encoding?: 'arraybuffer';
}

/** How a request leaves the node; in n8n this is httpRequestWithAuthentication. Throws on network failure. */
export type DirectusHttp = (req: DirectusRequest) => Promise<HttpResponse>;

/** A Directus failure with a message that tells the operator what to do. */
export class DirectusError extends Error {
	constructor(
		message: string,
		readonly httpStatus: number,
		readonly code: string | undefined,
		/** Low-level cause (e.g. "connect ECONNREFUSED …"), kept out of the message because n8n rewrites messages that contain error codes. */
		readonly detail?: string,
	) {
		super(message);
		this.name = 'DirectusError';
	}
}

type Query = Record<string, string | number | object | undefined>;

function directusErrorOf(body: unknown): { message?: string; code?: string } {
	// Directus answers errors as {errors:[{message, extensions:{code}}]}.
	// https://directus.io/docs/reference/errors
	const first = (body as { errors?: Array<{ message?: string; extensions?: { code?: string } }> } | undefined)?.errors?.[0];
	return { message: first?.message, code: first?.extensions?.code };
}

/** Thin REST client for the Directus items API: one place maps HTTP failures to actionable errors. */
export class DirectusClient {
	readonly baseUrl: string;
	constructor(
		baseUrl: string,
		private readonly http: DirectusHttp,
		/** Pause between tries on "try again" answers; tests pass a no-op. */
		private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
		private readonly now: () => number = Date.now,
	) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
	}

	/**
	 * Directus answers 503 when its pressure limiter sheds load (busy event
	 * loop or memory), before touching the data, so any request may be retried;
	 * a GET may also be retried after 502/504 or a dropped connection.
	 * https://directus.io/docs/configuration/security-limits#pressure-based-rate-limiter
	 */
	private async send(req: DirectusRequest): Promise<HttpResponse> {
		const tries = 4;
		for (let attempt = 1; ; attempt++) {
			const last = attempt >= tries;
			try {
				const res = await this.http(req);
				const again = res.statusCode === 503 || (req.method === 'GET' && (res.statusCode === 502 || res.statusCode === 504));
				if (!again || last) return res;
			} catch (error) {
				if (req.method !== 'GET' || last) throw error;
			}
			await this.sleep(250 * 2 ** (attempt - 1));
		}
	}

	url(path: string, query: Query = {}): string {
		const params = new URLSearchParams();
		for (const [k, v] of Object.entries(query)) {
			if (v === undefined) continue;
			params.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
		}
		const qs = params.toString();
		return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
	}

	/**
	 * The bytes of a file in Directus's library (GET /assets/:id, the original
	 * file; https://directus.io/docs/api/files#get-file-contents). Failures are
	 * DirectusErrors like any request: 403 when the service may not read the
	 * file or it no longer exists (Directus answers both alike).
	 */
	async download(fileId: string): Promise<{ bytes: Buffer; mimeType: string | null }> {
		const path = `/assets/${encodeURIComponent(fileId)}`;
		let res: HttpResponse;
		try {
			res = await this.send({ method: 'GET', url: this.url(path, { download: 'true' }), encoding: 'arraybuffer' });
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			throw new DirectusError(`Directus tidak dapat dihubungi di ${this.baseUrl} — periksa apakah layanan berjalan.`, 0, 'UNREACHABLE', reason);
		}
		const bytes = Buffer.isBuffer(res.body) ? res.body : res.body instanceof ArrayBuffer ? Buffer.from(res.body) : Buffer.from(String(res.body ?? ''));
		if (res.statusCode >= 200 && res.statusCode < 300) {
			const type = res.headers['content-type'];
			return { bytes, mimeType: typeof type === 'string' ? (type.split(';')[0] ?? '').trim() || null : null };
		}
		let body: unknown = null;
		try {
			body = JSON.parse(bytes.toString('utf8'));
		} catch {
			// not JSON: keep the status only
		}
		const { message, code } = directusErrorOf(body);
		if (res.statusCode === 403 || res.statusCode === 404) {
			throw new DirectusError(`Berkas ${fileId} tidak ada atau tidak boleh dibaca akun Layanan n8n (HTTP ${res.statusCode}).`, res.statusCode, code);
		}
		throw new DirectusError(`Directus menolak GET ${path} (HTTP ${res.statusCode}${code ? `, ${code}` : ''}): ${message ?? 'tanpa keterangan'}`, res.statusCode, code);
	}

	async request<T = unknown>(
		method: DirectusRequest['method'],
		path: string,
		query: Query = {},
		body?: object,
		raw?: DirectusRequest['raw'],
	): Promise<T> {
		const url = this.url(path, query);
		let res: HttpResponse;
		try {
			res = await this.send({ method, url, ...(body ? { body } : {}), ...(raw ? { raw } : {}) });
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			throw new DirectusError(
				`Directus tidak dapat dihubungi di ${this.baseUrl} — periksa apakah layanan berjalan.`,
				0,
				'UNREACHABLE',
				reason,
			);
		}
		if (res.statusCode >= 200 && res.statusCode < 300) {
			return ((res.body as { data?: unknown } | undefined)?.data ?? null) as T;
		}
		const { message, code } = directusErrorOf(res.body);
		const what = `${method} ${path}`;
		if (res.statusCode === 401) {
			throw new DirectusError(
				`Token Directus ditolak (401) pada ${what} — periksa token di kredensial "Kanal Aduan (Directus)" (token statis akun Layanan n8n).`,
				401,
				code,
			);
		}
		if (res.statusCode === 403) {
			throw new DirectusError(
				`Akun Layanan n8n tidak diizinkan ${what} (403) — periksa policy "Layanan n8n" di Directus dan pastikan skema Kanal Aduan sudah diterapkan.`,
				403,
				code,
			);
		}
		throw new DirectusError(
			`Directus menolak ${what} (HTTP ${res.statusCode}${code ? `, ${code}` : ''}): ${message ?? 'tanpa keterangan'}`,
			res.statusCode,
			code,
		);
	}

	/**
	 * A call that is safe to repeat (our intake endpoint: keyed by wamid, it
	 * never answers a message twice), tried again on a dropped connection and
	 * on any 5xx with growing pauses (0.5 s, 1 s, 2 s … at most 15 s) for up to
	 * `windowMs`, so a Directus restart or a short outage delays the answer
	 * instead of losing it. Other failures (400, 401, 403) are final at once.
	 */
	async requestPatiently<T = unknown>(method: DirectusRequest['method'], path: string, body: object, windowMs = 120_000): Promise<T> {
		const started = this.now();
		for (let attempt = 0; ; attempt++) {
			try {
				return await this.request<T>(method, path, {}, body);
			} catch (error) {
				const transient = error instanceof DirectusError && (error.httpStatus === 0 || error.httpStatus >= 500);
				const pause = Math.min(15_000, 500 * 2 ** attempt);
				const waited = this.now() - started;
				if (!transient) throw error;
				if (waited + pause > windowMs) {
					throw new DirectusError(
						`${error.message} Sudah dicoba ulang selama ${Math.round(waited / 1000)} detik. Pesan warga tersimpan di eksekusi ini: jalankan ulang eksekusinya (Retry) setelah Directus berjalan — warga tidak akan dijawab dua kali.`,
						error.httpStatus,
						error.code,
						error.detail,
					);
				}
				await this.sleep(pause);
			}
		}
	}

	/** Items matching a filter (https://directus.io/docs/reference/filter-rules). */
	list<T>(collection: string, filter: object, fields: string[], limit = 1): Promise<T[]> {
		return this.request<T[]>('GET', `/items/${collection}`, { filter, fields: fields.join(','), limit });
	}

	create<T>(collection: string, data: object, fields: string[]): Promise<T> {
		return this.request<T>('POST', `/items/${collection}`, { fields: fields.join(',') }, data);
	}

	update<T>(collection: string, id: string | number, data: object, fields: string[]): Promise<T> {
		return this.request<T>('PATCH', `/items/${collection}/${encodeURIComponent(String(id))}`, { fields: fields.join(',') }, data);
	}

	/**
	 * Uploads one file into Directus's file library (POST /files, multipart;
	 * the file part must come after the other fields:
	 * https://directus.io/docs/api/files#upload-a-file). Node's own FormData
	 * encoder writes the multipart body, so nothing here hand-builds boundaries.
	 */
	async upload(file: { bytes: Buffer; filename: string; mimeType: string; title?: string }): Promise<{ id: string }> {
		const form = new FormData();
		if (file.title) form.append('title', file.title);
		form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
		const encoded = new Request('http://upload.invalid/', { method: 'POST', body: form });
		const body = Buffer.from(await encoded.arrayBuffer());
		const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
		const created = await this.request<{ id: string } | null>('POST', '/files', { fields: 'id' }, undefined, { body, contentType });
		if (!created?.id) throw new DirectusError('Directus tidak mengembalikan id berkas setelah unggah.', 200, undefined);
		return created;
	}
}

/** Directus's code for a unique-constraint violation (our idempotency signal). */
export const RECORD_NOT_UNIQUE = 'RECORD_NOT_UNIQUE';
export const isNotUnique = (error: unknown) => error instanceof DirectusError && error.code === RECORD_NOT_UNIQUE;
