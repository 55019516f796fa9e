// Types for docker/n8n-entrypoint.mjs (plain JS: it runs inside the n8n image, no build step).
export declare const WHATSAPP_CREDENTIAL_ID: string;
export declare const DIRECTUS_CREDENTIAL_ID: string;
export declare const SLA_SCAN_CREDENTIAL_ID: string;
export declare const TELEGRAM_CREDENTIAL_ID: string;
export declare const MESSENGER_CREDENTIAL_ID: string;
export declare function slaScanAuthorization(eventsSecret: string): string;
export type N8nCredential = { id: string; name: string; type: string; data: Record<string, string> };
export declare function credentialsFromEnv(env: Record<string, string | undefined>): N8nCredential[];
export declare function withOwnerEnv(
  env: Record<string, string | undefined>,
  hash: (password: string) => string,
): Record<string, string | undefined>;
export declare function bcryptHash(password: string, n8nPackageJson?: string): string;
export declare function flowIds(dir?: string): string[];
