/** A readable one-line message for any thrown value (zod issues included). */
export function describeError(error: unknown): string {
	if (error && typeof error === 'object' && 'issues' in error && Array.isArray((error as { issues: unknown }).issues)) {
		const issues = (error as { issues: Array<{ path?: PropertyKey[]; message?: string }> }).issues;
		return `Data tidak valid: ${issues
			.slice(0, 3)
			.map((i) => `${(i.path ?? []).map(String).join('.') || '(akar)'}: ${i.message ?? ''}`)
			.join('; ')}`;
	}
	if (error instanceof Error) return error.message;
	return String(error);
}
