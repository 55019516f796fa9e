import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLE_NAME, BUNDLE_VERSION } from './version.ts';

describe('bundle version', () => {
  it('matches package.json so /health tells the truth', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    expect(BUNDLE_NAME).toBe(pkg.name);
    expect(BUNDLE_VERSION).toBe(pkg.version);
  });
});
