// The learned routing's models, as data: the n8n flow "Latih model disposisi"
// trains one on a schedule from the desk's own final dispositions and writes
// it here with what it was measured at; the routing flow reads the newest
// active one. An admin switches a model off (or back on) with `active`; with
// none active the routing rules decide alone.
import { defineCollection, f } from '../dsl.ts';

export const triageModels = defineCollection({
  collection: 'triage_models',
  label: { id: 'Model disposisi', en: 'Routing models' },
  icon: 'model_training',
  note: 'Model saran kategori dan instansi yang dilatih dari disposisi akhir laporan; dipakai bila aktif dan cukup yakin.',
  pk: { kind: 'integer' },
  displayTemplate: 'Model v{{id}} · {{trained_at}}',
  sort: 96,
  fields: [
    f.boolean('active', { label: { id: 'Aktif', en: 'Active' }, default: true, width: 'half', indexed: true,
      note: 'Matikan untuk kembali ke aturan disposisi saja; model aktif terbaru yang dipakai.' }),
    f.timestamp('trained_at', { label: { id: 'Dilatih', en: 'Trained at' }, readonly: true, width: 'half' }),
    f.integer('trained_on', { label: { id: 'Laporan untuk belajar', en: 'Reports learned from' }, readonly: true, width: 'half' }),
    f.integer('held_out', { label: { id: 'Laporan uji', en: 'Held-out reports' }, readonly: true, width: 'half',
      note: 'Setiap laporan kelima disisihkan dan tidak dipelajari, lalu dipakai untuk mengukur ketepatan.' }),
    f.float('agency_accuracy', { label: { id: 'Ketepatan instansi (model)', en: 'Agency accuracy (model)' }, readonly: true, width: 'half',
      note: '0–1: bagian laporan uji yang instansi tebakan pertamanya sama dengan instansi akhirnya.' }),
    f.float('keyword_agency_accuracy', { label: { id: 'Ketepatan instansi (kata kunci)', en: 'Agency accuracy (keywords)' }, readonly: true, width: 'half',
      note: '0–1: aturan kata kunci kategori lalu aturan disposisi, pada laporan uji yang sama.' }),
    f.float('category_accuracy', { label: { id: 'Ketepatan kategori (model)', en: 'Category accuracy (model)' }, readonly: true, width: 'half' }),
    f.float('min_confidence', { label: { id: 'Keyakinan minimum', en: 'Minimum confidence' }, default: 0.6, width: 'half',
      note: 'Saran model dipakai bila keyakinannya setidaknya sebesar ini (0–1); di bawahnya aturan disposisi yang dipakai.' }),
    f.json('model', { label: { id: 'Model', en: 'Model' }, readonly: true, hidden: true,
      note: 'Hitungan kata per kategori dan per instansi (naive Bayes); diisi alur n8n.' }),
    f.text('note', { label: { id: 'Catatan', en: 'Note' } }),
  ],
  relations: [],
});
