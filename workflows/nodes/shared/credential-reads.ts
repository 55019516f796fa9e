import type { IAdditionalCredentialOptions, ICredentialDataDecryptedObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

// n8n reads a node's credential from its database and decrypts it on every
// getCredentials call, and httpRequestWithAuthentication calls it for every
// request: on Postgres a connection checkout with two or three round trips
// (n8n's TypeORM sets search_path, and statement_timeout unless it is a
// connection option, on each checkout) and an AES decryption.
//
// A node that has read its credential passes it to each request
// (alreadyRead): n8n then authenticates with it (the credential type's
// `authenticate`, its SSRF guard) without reading it again.
//
// A chat trigger needs its credentials on every webhook, and two of every
// three of Meta's webhooks are delivery statuses, so the webhook process
// keeps what n8n gave it for a few seconds, per workflow, node and credential id. n8n still does the reading and its
// checks; a credential that is changed, or detached from the node, is read
// anew at once (the node's credential reference is part of the key) or, when
// only its values change, within CREDENTIAL_TTL_MS. A failed read is not kept.

export const CREDENTIAL_TTL_MS = 10_000;

interface Kept {
	at: number;
	value: Promise<ICredentialDataDecryptedObject>;
}
const kept = new Map<string, Kept>();

/** The node's credential of `type` as n8n's getCredentials gives it, read at most once per `ttlMs` in this process. */
export async function webhookCredentials(
	ctx: IWebhookFunctions,
	type: string,
	ttlMs = CREDENTIAL_TTL_MS,
	now: () => number = Date.now,
): Promise<ICredentialDataDecryptedObject> {
	const node = ctx.getNode();
	const ref = node.credentials?.[type];
	// Without a reference n8n says what is missing.
	if (!ref?.id) return await ctx.getCredentials(type);
	const key = [ctx.getWorkflow().id ?? '', node.id ?? node.name, type, ref.id].join('\u0000');
	const t = now();
	const hit = kept.get(key);
	if (hit && t - hit.at < ttlMs) return { ...(await hit.value) };
	for (const [k, v] of kept) if (t - v.at >= ttlMs) kept.delete(k);
	const value = ctx.getCredentials(type);
	kept.set(key, { at: t, value });
	try {
		return { ...(await value) };
	} catch (error) {
		if (kept.get(key)?.value === value) kept.delete(key);
		throw error;
	}
}

/**
 * The options that make httpRequestWithAuthentication use a credential the
 * node has already read with getCredentials in this execution, instead of
 * reading and decrypting it again for the request.
 */
export function alreadyRead(fns: IExecuteFunctions | IWebhookFunctions, type: string, data: ICredentialDataDecryptedObject): IAdditionalCredentialOptions {
	const ref = fns.getNode().credentials?.[type];
	return { credentialsDecrypted: { id: ref?.id ?? '', name: ref?.name ?? type, type, data } };
}
