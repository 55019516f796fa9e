import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';

/**
 * «Jadikan laporan» on a Temu Bupati booking: after the meeting, turns the
 * meeting notes into a report by the citizen through the bundle's endpoint
 * (verifikator and admins), once, and links to it.
 */
export default defineInterface({
  id: 'kanal-aduan-meeting-report',
  name: 'Jadikan laporan (Temu Bupati)',
  icon: 'note_add',
  description: 'Membuat laporan dari catatan pertemuan Temu Bupati (Kanal Aduan).',
  component: InterfaceComponent,
  types: ['alias'],
  localTypes: ['presentation'],
  group: 'presentation',
  options: null,
});
