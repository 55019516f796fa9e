// The owner's login to n8n's internal REST API (/rest/…: workflows,
// executions, credentials), which takes the `n8n-auth` cookie, not an API key.
// Kept apart from n8n.ts (which starts processes) so that the tests and the
// benchmarks log in the same way without loading the launcher.

export type N8nOwner = { url: string; email: string; password: string };

/** Logs in as the owner and returns the auth cookie (`n8n-auth=…`) for n8n's internal REST API. */
export async function n8nLogin(owner: N8nOwner): Promise<string> {
  const res = await fetch(`${owner.url}/rest/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
  });
  if (!res.ok) throw new Error(`n8n login failed: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
  if (!cookie) throw new Error('n8n login answered without an auth cookie');
  return cookie.split(';')[0]!;
}
