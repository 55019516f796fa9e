import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export type EmitAction = (event: string | string[], meta: Record<string, unknown>, context: unknown) => void;

/**
 * Directus's global emitter, so the intake endpoint can fire the action hooks
 * of its saves after its own transaction commits (Directus would fire them
 * when each save returns, inside our transaction: an action reading the new
 * report with the root connection would not see it yet on Postgres). An
 * extension's context only carries a private emitter, so this finds the one
 * the running Directus loaded (@directus/api's emitter module, resolved from
 * the process's entry script) and checks it is live: our own complaints hook
 * must be listening on it. Null when that fails; the endpoint then lets
 * Directus fire the actions itself.
 */
export async function directusEmitAction(listening = 'complaints.items.create'): Promise<EmitAction | null> {
  try {
    const entry = process.argv[1];
    if (!entry) return null;
    const require = createRequire(realpathSync(entry));
    const path = realpathSync(require.resolve('@directus/api/emitter'));
    const mod = (await import(pathToFileURL(path).href)) as {
      default?: { emitAction?: EmitAction; actionEmitter?: { listenerCount?: (event: string) => number } };
    };
    const emitter = mod.default;
    if (typeof emitter?.emitAction !== 'function') return null;
    if ((emitter.actionEmitter?.listenerCount?.(listening) ?? 0) === 0) return null;
    return (event, meta, context) => emitter.emitAction!(event, meta, context);
  } catch {
    return null;
  }
}
