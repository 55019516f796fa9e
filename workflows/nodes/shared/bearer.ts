import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * A credential's `authenticate` that sets `Authorization: Bearer <field>` in
 * plain code. n8n evaluates the declarative form ('=Bearer {{$credentials.x}}')
 * as an expression on every request, and with n8n 2.x's default expression
 * engine that is an isolate call per HTTP request: profiled on a queue-mode
 * worker, credential and parameter expressions were about a third of its CPU.
 */
export function bearerFrom(field: string) {
	return async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials[field] ?? '')}` },
	});
}
