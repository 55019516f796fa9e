import { defineModule } from '@directus/extensions-sdk';
import { mayRecordDeskReports } from '../shared/desk-access.ts';
import { accountabilityOfAppUser } from './app-user.ts';
import ModuleComponent from './module.vue';

/**
 * «Catat laporan» in the admin app's module bar: the desk's page for a phone
 * call or a walk-in (GET/POST /kanal-aduan/catat) in a frame of the same
 * origin, on the staff member's Directus session cookie. The module is
 * registered only for the people the endpoint lets in (verifikator, admins);
 * the endpoint still decides every request. Directus shows it once
 * directus_settings.module_bar lists it (schema/src/module-bar.ts).
 */
export default defineModule({
  id: 'kanal-aduan-catat',
  name: 'Catat laporan',
  icon: 'support_agent',
  routes: [{ path: '', component: ModuleComponent }],
  preRegisterCheck: (user) => mayRecordDeskReports(accountabilityOfAppUser(user)),
});
