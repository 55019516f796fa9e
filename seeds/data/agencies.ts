/**
 * Perangkat daerah (OPD) of a typical kabupaten, named as in PP 18/2016 on
 * Perangkat Daerah and its later changes. `region` is filled with the regency
 * code at load time; one `KEC-<code>` agency per kecamatan is added from the
 * region data (see src/reference.ts).
 *
 * Only regional government units: vertical bodies (Polres, BPN, PLN, ATR) are
 * not ours to disposition to.
 */
export type OpdSeed = { code: string; name: string; short_name: string };

export const OPDS: readonly OpdSeed[] = [
  { code: 'DPUPR', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', short_name: 'DPUPR' },
  { code: 'DINKES', name: 'Dinas Kesehatan', short_name: 'Dinkes' },
  { code: 'DISDIK', name: 'Dinas Pendidikan', short_name: 'Disdik' },
  { code: 'DINSOS', name: 'Dinas Sosial', short_name: 'Dinsos' },
  { code: 'DISDUKCAPIL', name: 'Dinas Kependudukan dan Pencatatan Sipil', short_name: 'Disdukcapil' },
  { code: 'DLH', name: 'Dinas Lingkungan Hidup', short_name: 'DLH' },
  { code: 'DISHUB', name: 'Dinas Perhubungan', short_name: 'Dishub' },
  { code: 'DPRKP', name: 'Dinas Perumahan dan Kawasan Permukiman', short_name: 'Disperkim' },
  { code: 'BPBD', name: 'Badan Penanggulangan Bencana Daerah', short_name: 'BPBD' },
  { code: 'SATPOLPP', name: 'Satuan Polisi Pamong Praja', short_name: 'Satpol PP' },
  { code: 'DPMPTSP', name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', short_name: 'DPMPTSP' },
  { code: 'DISTAN', name: 'Dinas Pertanian', short_name: 'Distan' },
  { code: 'DISKAN', name: 'Dinas Perikanan', short_name: 'Diskan' },
  { code: 'DISNAKER', name: 'Dinas Tenaga Kerja', short_name: 'Disnaker' },
  { code: 'DISKOMINFO', name: 'Dinas Komunikasi dan Informatika', short_name: 'Diskominfo' },
  { code: 'BAPENDA', name: 'Badan Pendapatan Daerah', short_name: 'Bapenda' },
  { code: 'RSUD', name: 'Rumah Sakit Umum Daerah', short_name: 'RSUD' },
  { code: 'PDAM', name: 'Perumda Air Minum Tirta Daerah', short_name: 'PDAM' },
  { code: 'INSPEKTORAT', name: 'Inspektorat Daerah', short_name: 'Inspektorat' },
  { code: 'BKPSDM', name: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', short_name: 'BKPSDM' },
  { code: 'DISDAG', name: 'Dinas Perdagangan', short_name: 'Disdag' },
  { code: 'DISKOPUKM', name: 'Dinas Koperasi dan Usaha Kecil dan Menengah', short_name: 'Diskop UKM' },
  { code: 'DPMD', name: 'Dinas Pemberdayaan Masyarakat dan Desa', short_name: 'DPMD' },
  { code: 'DP3A', name: 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak', short_name: 'DP3A' },
  { code: 'DISPAR', name: 'Dinas Pariwisata dan Kebudayaan', short_name: 'Dispar' },
  { code: 'DISPORA', name: 'Dinas Pemuda dan Olahraga', short_name: 'Dispora' },
  { code: 'DISNAKKESWAN', name: 'Dinas Peternakan dan Kesehatan Hewan', short_name: 'Disnakkeswan' },
  { code: 'DKP', name: 'Dinas Ketahanan Pangan', short_name: 'DKP' },
  { code: 'DISPUSIP', name: 'Dinas Perpustakaan dan Kearsipan', short_name: 'Dispusip' },
  { code: 'BAPPEDA', name: 'Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah', short_name: 'Bappeda' },
  { code: 'BPKAD', name: 'Badan Pengelolaan Keuangan dan Aset Daerah', short_name: 'BPKAD' },
  { code: 'KESBANGPOL', name: 'Badan Kesatuan Bangsa dan Politik', short_name: 'Kesbangpol' },
  { code: 'DISPMKB', name: 'Dinas Pengendalian Penduduk dan Keluarga Berencana', short_name: 'Dinas PPKB' },
  { code: 'DAMKAR', name: 'Dinas Pemadam Kebakaran dan Penyelamatan', short_name: 'Damkar' },
  { code: 'SETDA-UMUM', name: 'Bagian Umum Sekretariat Daerah', short_name: 'Bag. Umum Setda' },
  { code: 'SETDA-HUKUM', name: 'Bagian Hukum Sekretariat Daerah', short_name: 'Bag. Hukum Setda' },
  { code: 'SETDA-PBJ', name: 'Bagian Pengadaan Barang dan Jasa Sekretariat Daerah', short_name: 'Bag. PBJ Setda' },
];
