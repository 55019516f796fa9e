import { definePanel } from '@directus/extensions-sdk';
import PanelComponent from './panel.vue';

/**
 * The report map for Insights ("Dasbor Pimpinan"): the public map page in its
 * panel form (/kanal-aduan/peta?tampilan=panel), framed from the same origin. It
 * shows what the public map shows (verified reports; a confidential one only at
 * its desa's centroid), so the panel adds no way to see more than the page does.
 */
export default definePanel({
  id: 'kanal-aduan-map',
  name: 'Peta Laporan',
  icon: 'map',
  description: 'Laporan yang sudah diverifikasi di peta (dikelompokkan); laporan rahasia hanya di titik tengah desanya.',
  component: PanelComponent,
  minWidth: 12,
  minHeight: 10,
  options: [
    {
      field: 'periode',
      name: 'Periode',
      type: 'string',
      meta: {
        width: 'half',
        interface: 'select-dropdown',
        options: { choices: [{ text: 'Bulan ini', value: 'bulan-ini' }, { text: '3 bulan terakhir', value: '3-bulan' }, { text: 'Tahun ini', value: 'tahun-ini' }] },
      },
      schema: { default_value: '3-bulan' },
    },
  ],
});
