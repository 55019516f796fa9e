import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';

/**
 * An Open311 client's API key in the admin app: "Buat kunci API" draws a new
 * key through the bundle's endpoint (admins only) and shows it once, to copy;
 * only its SHA-256 and first characters are stored. The old key stops working.
 */
export default defineInterface({
  id: 'kanal-aduan-api-key',
  name: 'Kunci API Open311',
  icon: 'key',
  description: 'Membuat kunci API klien Open311 dan menampilkannya sekali (Kanal Aduan).',
  component: InterfaceComponent,
  types: ['alias'],
  localTypes: ['presentation'],
  group: 'presentation',
  options: null,
});
