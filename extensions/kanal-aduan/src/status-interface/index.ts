import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';

/**
 * The report's status as "next step" buttons: only the moves the viewer's role
 * may make from the stored status (core's transition table), in the officers'
 * words, filling the companion fields (reason of a return, the suggested
 * agency of a disposition). A plain dropdown would offer every status and let
 * the status guard refuse most of them after the click.
 */
export default defineInterface({
  id: 'kanal-aduan-status',
  name: 'Langkah status laporan',
  icon: 'alt_route',
  description: 'Tombol langkah berikutnya sesuai peran dan status laporan (Kanal Aduan).',
  component: InterfaceComponent,
  types: ['string'],
  group: 'selection',
  options: null,
});
