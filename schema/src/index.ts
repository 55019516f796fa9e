export { ROLE_IDS, POLICY_IDS, ROLES, POLICIES, ACCESS, PERMISSIONS, type RoleKey } from './access.ts';
export { applySchema, type ApplyOptions, type ApplyResult } from './apply.ts';
export { COLLECTIONS, COLLECTION_NAMES, RELATIONS, SYSTEM_FIELDS, OPEN_STATUSES } from './collections/index.ts';
export { DASHBOARD_ID, DASHBOARDS, PANELS, RANKING_PANEL_SLOT } from './dashboards.ts';
