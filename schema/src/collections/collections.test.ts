import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, RELATIONS, SYSTEM_FIELDS, STATUS_CHOICES } from './index.ts';
import type { FieldPayload } from '../dsl.ts';

const model = readFileSync(new URL('../../MODEL.md', import.meta.url), 'utf8');
const byName = new Map(COLLECTIONS.map((c) => [c.collection, c]));
const SYSTEM_TARGETS = new Set(['directus_users', 'directus_files']);

// Collections named in MODEL.md as "- `name`" bullets (plus the settings singleton).
const modelCollections = [...model.matchAll(/^- `([a-z_]+)`/gm)].map((m) => m[1]!).filter((n) => n !== 'directus_users' && n !== 'directus_files');

describe('collections as code', () => {
  it('defines every collection of MODEL.md', () => {
    expect(modelCollections.length).toBeGreaterThan(15);
    for (const name of modelCollections) expect(byName.has(name), name).toBe(true);
  });

  it('defines every field MODEL.md lists for a collection', () => {
    const missing: string[] = [];
    for (const block of model.split(/\n(?=- `)/)) {
      const name = /^- `([a-z_]+)`/.exec(block)?.[1];
      const def = name && byName.get(name);
      if (!def) continue;
      const fields = new Set(def.fields.map((f) => f.field));
      for (const m of block.matchAll(/`([a-z_]+)`/g)) {
        const word = m[1]!;
        // Backticked words that are values, not fields, look like enum members; only check known shapes.
        if (word === name || !/^[a-z][a-z_]*$/.test(word)) continue;
        if (def.fields.some((f) => f.meta.interface === 'select-dropdown' && JSON.stringify(f.meta.options).includes(`"${word}"`))) continue;
        if (COLLECTIONS.some((c) => c.collection === word) || ['directus_users', 'directus_files', 'date', 'timestamp'].includes(word)) continue;
        if (!fields.has(word)) missing.push(`${name}.${word}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('points every relation at a defined collection and an existing FK field of the right key type', () => {
    for (const r of RELATIONS) {
      const source = byName.get(r.collection)?.fields ?? SYSTEM_FIELDS.find((s) => s.collection === r.collection)?.fields;
      const fk = source?.find((f) => f.field === r.field);
      expect(fk, `${r.collection}.${r.field}`).toBeDefined();
      expect(byName.has(r.related_collection) || SYSTEM_TARGETS.has(r.related_collection), r.related_collection).toBe(true);
      const target = byName.get(r.related_collection);
      const pkType = target ? target.fields[0]!.type : 'uuid';
      expect(fk!.type, `${r.collection}.${r.field} -> ${r.related_collection}`).toBe(pkType);
      if (r.meta.one_field) {
        const alias = target?.fields.find((f) => f.field === r.meta.one_field);
        expect(alias?.type, `${r.related_collection}.${r.meta.one_field}`).toBe('alias');
      }
    }
  });

  it('gives every m2o field a relation and every o2m alias a relation back', () => {
    const all = [...COLLECTIONS.map((c) => ({ c: c.collection, fields: c.fields })), ...SYSTEM_FIELDS.map((s) => ({ c: s.collection, fields: s.fields }))];
    for (const { c, fields } of all) {
      for (const f of fields) {
        if (f.meta.special?.includes('m2o') || f.meta.special?.includes('file')) {
          expect(RELATIONS.some((r) => r.collection === c && r.field === f.field), `${c}.${f.field}`).toBe(true);
        }
        if (f.meta.special?.includes('o2m')) {
          expect(RELATIONS.some((r) => r.related_collection === c && r.meta.one_field === f.field), `${c}.${f.field}`).toBe(true);
        }
      }
    }
  });

  it('labels every collection and field in Indonesian and English', () => {
    for (const c of COLLECTIONS) {
      expect(c.meta.translations.map((t) => t.language)).toEqual(['id-ID', 'en-US']);
      for (const f of c.fields) {
        expect(f.meta.translations?.map((t) => t.language), `${c.collection}.${f.field}`).toEqual(['id-ID', 'en-US']);
        expect(f.meta.translations?.[0]?.translation, `${c.collection}.${f.field}`).toBeTruthy();
      }
    }
  });

  it('offers Indonesian choices for every enum field', () => {
    const enums: FieldPayload[] = COLLECTIONS.flatMap((c) => c.fields).filter((f) => f.meta.interface === 'select-dropdown');
    expect(enums.length).toBeGreaterThan(10);
    for (const f of enums) {
      const choices = (f.meta.options?.choices ?? []) as Array<{ text: string; value: string }>;
      expect(choices.length, f.field).toBeGreaterThan(1);
      for (const ch of choices) expect(ch.text).not.toBe('');
    }
    expect(STATUS_CHOICES.map((c) => c.id)).toEqual([
      'Diterima', 'Perlu info warga', 'Terverifikasi', 'Didisposisi', 'Dalam proses', 'Selesai ditangani', 'Ditutup', 'Ditolak',
    ]);
  });

  it('indexes the columns lists, rankings and scans filter on', () => {
    const indexed = (c: string, f: string) => {
      const s = byName.get(c)!.fields.find((x) => x.field === f)!.schema!;
      return Boolean(s.is_indexed || s.is_unique);
    };
    for (const f of ['status', 'assigned_agency', 'region', 'category', 'date_created', 'received_at', 'verify_due', 'respond_due', 'resolve_due', 'autoclose_due']) {
      expect(indexed('complaints', f), f).toBe(true);
    }
    for (const [c, f] of [['assignments', 'agency'], ['assignments', 'complaint'], ['assignments', 'assigned_at'], ['complaint_updates', 'complaint'], ['wa_messages', 'wamid'], ['citizens', 'wa_id'], ['conversations', 'wa_id']] as const) {
      expect(indexed(c, f), `${c}.${f}`).toBe(true);
    }
    for (const [c, f] of [['wa_messages', 'wamid'], ['citizens', 'wa_id'], ['conversations', 'wa_id'], ['complaints', 'ticket']] as const) {
      expect(byName.get(c)!.fields.find((x) => x.field === f)!.schema!.is_unique, `${c}.${f}`).toBe(true);
    }
  });

  it('keeps system-set fields read-only and ticket_counters hidden', () => {
    const complaints = byName.get('complaints')!;
    for (const f of ['ticket', 'verify_due', 'respond_due', 'resolve_due', 'autoclose_due', 'received_at', 'date_created']) {
      expect(complaints.fields.find((x) => x.field === f)!.meta.readonly, f).toBe(true);
    }
    expect(byName.get('ticket_counters')!.meta.hidden).toBe(true);
    expect(complaints.meta.display_template).toBe('{{ticket}} · {{title}}');
  });
});
