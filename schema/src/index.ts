export { ROLE_IDS, POLICY_IDS, type RoleKey } from './access.ts';
