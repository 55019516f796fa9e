import { definePanel } from '@directus/extensions-sdk';
import PanelComponent from './panel.vue';

/**
 * The agency/Camat ranking panel for Insights ("Dasbor Pimpinan"). It reads
 * GET /kanal-aduan/ranking through the app's API client (useApi), never the
 * database; what a viewer may see is decided by the endpoint.
 */
export default definePanel({
  id: 'kanal-aduan-ranking',
  name: 'Peringkat Kinerja',
  icon: 'leaderboard',
  description: 'Peringkat OPD atau Camat dalam penanganan laporan warga (skor 0–100, tren, data belum cukup).',
  component: PanelComponent,
  minWidth: 16,
  minHeight: 10,
  options: [
    {
      field: 'level',
      name: 'Tingkat',
      type: 'string',
      meta: {
        width: 'half',
        interface: 'select-dropdown',
        options: { choices: [{ text: 'OPD', value: 'opd' }, { text: 'Kecamatan (Camat)', value: 'kecamatan' }] },
      },
      schema: { default_value: 'opd' },
    },
    {
      field: 'days',
      name: 'Rentang waktu',
      type: 'integer',
      meta: {
        width: 'half',
        interface: 'select-dropdown',
        options: {
          choices: [
            { text: '7 hari terakhir', value: 7 },
            { text: '30 hari terakhir', value: 30 },
            { text: '90 hari terakhir', value: 90 },
            { text: '180 hari terakhir', value: 180 },
            { text: '365 hari terakhir', value: 365 },
          ],
        },
      },
      schema: { default_value: 30 },
    },
    {
      field: 'min_volume',
      name: 'Minimal jumlah laporan',
      type: 'integer',
      meta: { width: 'half', interface: 'input', options: { min: 1, placeholder: 'Sesuai pengaturan (bawaan 5)' }, note: 'Unit di bawah angka ini tampil sebagai "data belum cukup".' },
    },
  ],
});
