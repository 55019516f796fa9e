// The expected matrix (access-matrix.ts) against the permission rows that apply
// writes (access.ts): derive each cell from the rows and compare, so a change to
// either one without the other fails here. The e2e test checks the same
// matrix against a running Directus.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCESS, PERMISSIONS, POLICIES, ROLE_IDS, TRIAGE_FIELDS, type Filter, type PermissionRow, type RoleKey } from './access.ts';
import {
  ACCESS_MATRIX, HOOK_SCOPED, IDENTITY_FIELDS, IDENTITY_READERS, MATRIX_ACTIONS, TRIAGE_READERS, MATRIX_ROLES, notOffered, renderMatrixTable,
  type Cell, type MatrixAction, type MatrixRole,
} from './access-matrix.ts';
import { COLLECTION_NAMES } from './collections/index.ts';

/**
 * What Directus adds for every policy with app access
 * (runtime/directus/node_modules/@directus/system-data: appAccessMinimalPermissions),
 * restricted to the collections of the matrix.
 */
const APP_MINIMAL: Array<Pick<PermissionRow, 'collection' | 'action' | 'permissions' | 'validation'>> = [
  { collection: 'directus_activity', action: 'read', permissions: { user: { _eq: '$CURRENT_USER' } }, validation: null },
  { collection: 'directus_users', action: 'read', permissions: { id: { _eq: '$CURRENT_USER' } }, validation: null },
];

/** Directus collections in PERMISSIONS that the matrix leaves out: app furniture without report data. */
const NOT_IN_MATRIX = new Set(['directus_dashboards', 'directus_panels']);

const PRECEDENCE: Cell[] = ['all', 'own_kecamatan', 'own_desa', 'own_agency', 'own_desk_new', 'own_user', 'no_citizen_messages', 'citizen_messages', 'none'];

/**
 * The region a rule on `$CURRENT_USER.region` reaches is the user's region: a kecamatan for the
 * Camat, a desa/kelurahan for the Lurah/Kepala Desa (the seeds and users.test.ts check the levels).
 */
const REGION_SCOPE: Partial<Record<MatrixRole, Cell>> = { camat: 'own_kecamatan', kades: 'own_desa' };

const ROW_SHAPE_FIELDS = new Set(['kind', 'public']);
const rowShapeOnly = (f: Filter): boolean =>
  Object.entries(f).every(([k, v]) => ROW_SHAPE_FIELDS.has(k) || (k === '_and' && Array.isArray(v) && (v as Filter[]).every(rowShapeOnly)));

/** The scope a rule's filter expresses, recognised by the dynamic variables it uses. */
function classify(filter: Filter | null, role: MatrixRole): Cell {
  if (!filter || Object.keys(filter).length === 0) return 'all';
  const text = JSON.stringify(filter);
  if (text.includes('$CURRENT_USER.region')) {
    const scope = REGION_SCOPE[role];
    if (!scope) throw new Error(`${role} has a rule on $CURRENT_USER.region: name the region it reaches in REGION_SCOPE`);
    return scope;
  }
  if (text.includes('$CURRENT_USER.agency')) return 'own_agency';
  if (text.includes('$CURRENT_USER.desk')) return 'own_desk_new';
  if (text.includes('$CURRENT_USER')) return 'own_user';
  if (text === JSON.stringify({ kind: { _eq: 'citizen_message' } })) return 'citizen_messages';
  if (text.includes('citizen_message')) return 'no_citizen_messages';
  // A rule on `kind` and `public` alone says which kind of row may be written (a note, not a
  // status change; not for the citizen), not which reports: every row is still in scope.
  if (rowShapeOnly(filter)) return 'all';
  throw new Error(`unrecognised rule ${text}: name its scope in access-matrix.ts`);
}

function rowsOf(role: Exclude<MatrixRole, 'admin' | 'public'>) {
  const policies = ACCESS.filter((a) => a.role === ROLE_IDS[role as RoleKey]).map((a) => a.policy);
  const appAccess = POLICIES.some((p) => policies.includes(p.id) && p.app_access);
  return [...PERMISSIONS.filter((p) => policies.includes(p.policy)), ...(appAccess ? APP_MINIMAL : [])];
}

/** The cell access.ts grants: the widest scope among the role's rows for it. */
function derived(role: Exclude<MatrixRole, 'admin' | 'public'>, collection: string, action: MatrixAction): Cell {
  const cells = rowsOf(role)
    .filter((p) => p.collection === collection && p.action === action)
    // A create rule can only validate the payload; read/update/delete rules select rows.
    .map((p) => classify(action === 'create' ? p.validation : p.permissions, role));
  return cells.sort((a, b) => PRECEDENCE.indexOf(a) - PRECEDENCE.indexOf(b))[0] ?? 'none';
}

describe('the permission matrix matches access.ts', () => {
  it('covers every collection of the schema and nothing else', () => {
    const ours = Object.keys(ACCESS_MATRIX).filter((c) => !c.startsWith('directus_'));
    expect(new Set(ours)).toEqual(new Set(COLLECTION_NAMES));
    for (const p of PERMISSIONS) {
      if (!NOT_IN_MATRIX.has(p.collection)) expect(ACCESS_MATRIX, `${p.collection} has permissions but no matrix row`).toHaveProperty([p.collection]);
    }
  });

  const agencyRoles = MATRIX_ROLES.filter((r): r is Exclude<MatrixRole, 'admin' | 'public'> => r !== 'admin' && r !== 'public');
  for (const role of agencyRoles) {
    it(`${role}: every cell is what the policies grant`, () => {
      const wrong: string[] = [];
      for (const [collection, cells] of Object.entries(ACCESS_MATRIX)) {
        MATRIX_ACTIONS.forEach((action, i) => {
          const want = cells[role][i]!;
          const got = derived(role, collection, action);
          const hook = HOOK_SCOPED.some((h) => h.collection === collection && h.action === action && h.roles.includes(role));
          // A hook-scoped cell needs a rule that allows the action at all; the hook narrows it.
          const ok = hook ? want !== 'none' && got !== 'none' && (got === 'all' || got === want) : got === want;
          if (!ok) wrong.push(`${collection}.${action}: matrix says ${want}, access.ts grants ${got}`);
        });
      }
      expect(wrong).toEqual([]);
    });
  }

  it('admins may do everything the REST API offers; the public policy gets nothing', () => {
    for (const [collection, cells] of Object.entries(ACCESS_MATRIX)) {
      expect(cells.admin, collection).toEqual(MATRIX_ACTIONS.map((a) => (notOffered(collection, a) ? 'none' : 'all')));
      // apply.ts deletes any public permission on our collections; Directus's own start empty.
      expect(cells.public, collection).toEqual(['none', 'none', 'none', 'none']);
    }
  });

  it('only admins, the verifikator and the service read the reporter: field lists leave it out for everyone else', () => {
    for (const role of agencyRoles.filter((r) => !IDENTITY_READERS.includes(r))) {
      for (const [collection, fields] of Object.entries(IDENTITY_FIELDS)) {
        for (const p of rowsOf(role).filter((r) => r.collection === collection && r.action === 'read')) {
          const listed = (p as PermissionRow).fields;
          expect(listed, `${role} ${collection}`).not.toContain('*');
          for (const f of fields) expect(listed, `${role} ${collection}.${f}`).not.toContain(f);
        }
      }
      for (const c of ['citizens', 'conversations', 'wa_messages', 'directus_revisions']) {
        expect(ACCESS_MATRIX[c]![role], `${role} ${c}`).toEqual(['none', 'none', 'none', 'none']);
      }
    }
  });

  it('only admins, the verifikator and the service read the spam triage: no other field list names it', () => {
    for (const role of agencyRoles.filter((r) => !TRIAGE_READERS.includes(r))) {
      for (const p of rowsOf(role).filter((r) => r.collection === 'complaints')) {
        const listed = (p as PermissionRow).fields ?? [];
        expect(listed, `${role} complaints ${p.action}`).not.toContain('*');
        for (const f of TRIAGE_FIELDS) expect(listed, `${role} complaints.${f} (${p.action})`).not.toContain(f);
      }
    }
  });

  it('schema/ACCESS.md shows this matrix', () => {
    const doc = readFileSync(new URL('../ACCESS.md', import.meta.url), 'utf8');
    expect(doc).toContain(renderMatrixTable());
  });
});
