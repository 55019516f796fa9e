/**
 * A domain rule was broken. `code` is stable (adapters map it to Directus
 * errors or n8n's NodeOperationError); `message` is Indonesian because it may
 * reach an officer or a citizen as-is.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly params?: Record<string, unknown>;

  constructor(code: string, message: string, params?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    if (params !== undefined) this.params = params;
  }
}

/** True when `err` is a DomainError, optionally with a given code. */
export function isDomainError(err: unknown, code?: string): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}
