import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The admin app loads the bundle's app entries (interface, panel) in the browser.
// One value import that reaches a module using `node:` (core's package index does,
// through its Handlebars and date code) breaks the whole app bundle: the status
// buttons and the ranking panels then silently vanish from the admin app.
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const APP_ENTRIES = [join(HERE, 'status-interface/index.ts'), join(HERE, 'ranking-panel/index.ts'), join(HERE, 'catat-module/index.ts')];
const PACKAGES: Record<string, string> = { '@kanal-aduan/core': 'core', '@kanal-aduan/schema': 'schema' };

/** Value imports of a file (type-only imports are erased by the build). */
function valueImports(source: string): string[] {
  const specs: string[] = [];
  const text = source.includes('<script') ? (source.match(/<script[^>]*>([\s\S]*?)<\/script>/)?.[1] ?? '') : source;
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    if (!m[2]) specs.push(m[3]!);
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
  return specs;
}

/** Resolves our own specifiers to files; null for third-party packages (left to the build). */
function resolveSpec(from: string, spec: string): string | null {
  if (spec.startsWith('.')) return resolve(dirname(from), spec);
  for (const [name, folder] of Object.entries(PACKAGES)) {
    if (spec === name || spec.startsWith(`${name}/`)) {
      const pkg = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as { exports?: Record<string, string>; main?: string };
      const sub = spec === name ? '.' : `.${spec.slice(name.length)}`;
      const target = pkg.exports?.[sub] ?? (sub === '.' ? pkg.main : sub);
      return join(ROOT, folder, target!);
    }
  }
  return null;
}

function appGraph(): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const todo = [...APP_ENTRIES];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    const specs = valueImports(readFileSync(file, 'utf8'));
    seen.set(file, specs);
    for (const spec of specs) {
      const target = resolveSpec(file, spec);
      if (target && existsSync(target)) todo.push(target);
    }
  }
  return seen;
}

describe('admin app bundle', () => {
  it('never reaches a node: module or core’s package index from the interface or the panel', () => {
    const graph = appGraph();
    expect(graph.size).toBeGreaterThan(3);
    const offending = [...graph].flatMap(([file, specs]) =>
      specs.filter((s) => s.startsWith('node:') || s === '@kanal-aduan/core' || s === '@kanal-aduan/schema').map((s) => `${file.slice(ROOT.length + 1)} imports ${s}`),
    );
    expect(offending).toEqual([]);
  });
});
