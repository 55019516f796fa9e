import { createError, ForbiddenError } from '@directus/errors';
import { DomainError } from '@kanal-aduan/core';

/**
 * Directus error types with an Indonesian message as-is. The stock
 * InvalidPayloadError prefixes "Invalid payload." in English; an officer
 * reading the Data Studio toast should see one clean Indonesian sentence, so
 * we create the same code (INVALID_PAYLOAD, 400) with our own text.
 * Extensions carry the stable domain code for clients.
 */
type ReasonExtensions = { reason: string; domain_code?: string };

export const KanalInvalidPayloadError = createError<ReasonExtensions>('INVALID_PAYLOAD', (ext) => ext.reason, 400);
export const KanalInvalidPathError = createError<ReasonExtensions>('INVALID_PATH_PARAMETER', (ext) => ext.reason, 400);
export const KanalNotFoundError = createError<ReasonExtensions>('NOT_FOUND', (ext) => ext.reason, 404);
export const KanalRateLimitError = createError<ReasonExtensions>('REQUESTS_EXCEEDED', (ext) => ext.reason, 429);
export const KanalForbiddenError = createError<ReasonExtensions>('FORBIDDEN', (ext) => ext.reason, 403);
export { ForbiddenError };

/** Domain codes that mean "you may not", not "the data is wrong". */
const FORBIDDEN_CODES = new Set(['COMPLAINT.NOT_YOUR_AGENCY', 'MEDIA.NOT_ALLOWED', 'MEDIA.FILE_NOT_YOURS', 'DESK.NOT_ALLOWED', 'DESK.NOT_YOUR_DESK', 'DESK.PASS_UP_ONLY']);

/** Turns a DomainError into the Directus error Data Studio and REST clients understand; other errors pass through. */
export function toDirectusError(err: unknown): unknown {
  if (!(err instanceof DomainError)) return err;
  if (FORBIDDEN_CODES.has(err.code)) return new ForbiddenError({ reason: err.message });
  return new KanalInvalidPayloadError({ reason: err.message, domain_code: err.code });
}
