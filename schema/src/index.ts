export { ROLE_IDS, POLICY_IDS, ROLES, POLICIES, ACCESS, PERMISSIONS, type RoleKey } from './access.ts';
export {
  ACCESS_MATRIX, CELL_SYMBOLS, HOOK_SCOPED, IDENTITY_FIELDS, IDENTITY_READERS, MATRIX_ACTIONS, MATRIX_LEGEND, MATRIX_ROLES, NOT_OFFERED, ROLE_LABELS, SCOPES,
  cellOf, notOffered, renderMatrixTable, type Cell, type MatrixAction, type MatrixRole, type MatrixRow, type Scope,
} from './access-matrix.ts';
export { applySchema, type ApplyOptions, type ApplyResult } from './apply.ts';
export { COLLECTIONS, COLLECTION_NAMES, RELATIONS, SYSTEM_FIELDS, OPEN_STATUSES } from './collections/index.ts';
export { DASHBOARD_ID, DASHBOARDS, PANELS, RANKING_PANEL_SLOT } from './dashboards.ts';
export { DIRECTUS_EXCLUDED_TABLES, RANKING_TABLES, prepareRanking, prepareRankingTables, type PrepareResult } from './ranking-tables.ts';
