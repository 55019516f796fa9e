/**
 * Report categories. `keywords` are lowercase words and phrases citizens really
 * type on WhatsApp (informal, abbreviations, regional spellings) so the bot and
 * the routing suggestion can guess a category; admins refine them in Directus.
 * `default_agency` is the fallback when no routing rule matches.
 */
export type CategorySeed = {
  code: string;
  name: string;
  name_en: string;
  description: string;
  keywords: string[];
  default_agency: string;
};

export const CATEGORIES: readonly CategorySeed[] = [
  {
    code: 'JALAN',
    name: 'Jalan dan Jembatan',
    name_en: 'Roads and bridges',
    description: 'Jalan rusak, berlubang, amblas, jembatan rusak atau putus.',
    keywords: ['jalan rusak', 'jalan berlubang', 'lubang', 'aspal', 'jalan amblas', 'jembatan', 'jembatan rusak', 'jembatan putus', 'jalan licin', 'jalan becek', 'cor jalan', 'jalan tanah', 'longsor jalan'],
    default_agency: 'DPUPR',
  },
  {
    code: 'DRAINASE',
    name: 'Drainase dan Genangan',
    name_en: 'Drainage and waterlogging',
    description: 'Saluran air/got tersumbat, genangan di jalan atau permukiman.',
    keywords: ['got', 'selokan', 'drainase', 'parit', 'gorong-gorong', 'genangan', 'air tergenang', 'saluran tersumbat', 'mampet'],
    default_agency: 'DPUPR',
  },
  {
    code: 'PJU',
    name: 'Penerangan Jalan Umum',
    name_en: 'Street lighting',
    description: 'Lampu jalan mati, berkedip, atau tiang lampu rusak.',
    keywords: ['lampu jalan', 'lampu jalan mati', 'pju', 'lampu mati', 'penerangan jalan', 'gelap', 'tiang lampu'],
    default_agency: 'DISHUB',
  },
  {
    code: 'SAMPAH',
    name: 'Sampah dan Kebersihan',
    name_en: 'Waste and cleanliness',
    description: 'Sampah menumpuk, tidak diangkut, TPS liar, pembakaran sampah.',
    keywords: ['sampah', 'sampah menumpuk', 'tps', 'tps liar', 'bau busuk', 'bakar sampah', 'truk sampah', 'tidak diangkut', 'kotor'],
    default_agency: 'DLH',
  },
  {
    code: 'LINGKUNGAN',
    name: 'Pencemaran Lingkungan',
    name_en: 'Environmental pollution',
    description: 'Pencemaran sungai, limbah pabrik/sawit, asap, kebisingan.',
    keywords: ['limbah', 'pencemaran', 'sungai tercemar', 'ikan mati', 'asap', 'bau limbah', 'pabrik', 'sawit', 'polusi', 'bising'],
    default_agency: 'DLH',
  },
  {
    code: 'AIR',
    name: 'Air Bersih (PDAM)',
    name_en: 'Piped water (PDAM)',
    description: 'Air PDAM mati, keruh, kecil, pipa bocor, tagihan tidak wajar.',
    keywords: ['air pdam', 'pdam', 'air mati', 'air keruh', 'air kecil', 'pipa bocor', 'air bersih', 'tagihan air', 'meteran air'],
    default_agency: 'PDAM',
  },
  {
    code: 'ADMINDUK',
    name: 'Administrasi Kependudukan',
    name_en: 'Civil registration (ID, family card)',
    description: 'KTP-el, Kartu Keluarga, akta kelahiran/kematian, KIA, pindah datang.',
    keywords: ['ktp', 'e-ktp', 'ktp el', 'kk', 'kartu keluarga', 'akta', 'akta kelahiran', 'akta kematian', 'kia', 'blangko', 'capil', 'dukcapil', 'nik', 'pindah domisili'],
    default_agency: 'DISDUKCAPIL',
  },
  {
    code: 'BANSOS',
    name: 'Bantuan Sosial',
    name_en: 'Social assistance',
    description: 'PKH, BPNT, BLT, data DTKS/DTSEN, bantuan tidak tepat sasaran.',
    keywords: ['bansos', 'pkh', 'bpnt', 'blt', 'dtks', 'dtsen', 'sembako', 'bantuan', 'tidak dapat bantuan', 'salah sasaran', 'kis', 'pbi'],
    default_agency: 'DINSOS',
  },
  {
    code: 'KESEHATAN',
    name: 'Layanan Kesehatan',
    name_en: 'Health services',
    description: 'Puskesmas, posyandu, BPJS Kesehatan, obat, tenaga kesehatan, stunting.',
    keywords: ['puskesmas', 'pustu', 'posyandu', 'bidan', 'dokter', 'obat', 'bpjs', 'berobat', 'ambulans', 'stunting', 'imunisasi', 'dbd', 'demam berdarah'],
    default_agency: 'DINKES',
  },
  {
    code: 'RSUD',
    name: 'Pelayanan Rumah Sakit Daerah',
    name_en: 'Regional hospital services',
    description: 'Antrean, rujukan, kamar penuh, pelayanan di RSUD.',
    keywords: ['rsud', 'rumah sakit', 'rawat inap', 'igd', 'antri lama', 'kamar penuh', 'rujukan'],
    default_agency: 'RSUD',
  },
  {
    code: 'PENDIDIKAN',
    name: 'Pendidikan',
    name_en: 'Education',
    description: 'Sekolah rusak, guru, PPDB/SPMB, pungutan sekolah, KIP.',
    keywords: ['sekolah', 'sd', 'smp', 'guru', 'ppdb', 'spmb', 'zonasi', 'pungutan sekolah', 'uang komite', 'kip', 'ruang kelas', 'atap sekolah', 'seragam'],
    default_agency: 'DISDIK',
  },
  {
    code: 'BENCANA',
    name: 'Bencana dan Kedaruratan',
    name_en: 'Disasters and emergencies',
    description: 'Banjir, longsor, angin puting beliung, kebakaran hutan dan lahan.',
    keywords: ['banjir', 'longsor', 'puting beliung', 'angin kencang', 'karhutla', 'kebakaran lahan', 'kabut asap', 'rumah roboh', 'pohon tumbang', 'pengungsi', 'air naik'],
    default_agency: 'BPBD',
  },
  {
    code: 'KEBAKARAN',
    name: 'Kebakaran',
    name_en: 'Fire',
    description: 'Kebakaran rumah/bangunan, hidran, pos damkar.',
    keywords: ['kebakaran', 'terbakar', 'api', 'damkar', 'pemadam', 'hidran'],
    default_agency: 'DAMKAR',
  },
  {
    code: 'TRANTIB',
    name: 'Ketertiban Umum',
    name_en: 'Public order',
    description: 'PKL liar, bangunan liar, parkir liar, hiburan malam, gangguan ketertiban.',
    keywords: ['pkl', 'pedagang liar', 'bangunan liar', 'parkir liar', 'balap liar', 'mabuk', 'miras', 'tempat hiburan', 'reklame liar', 'spanduk', 'anjal', 'pengamen'],
    default_agency: 'SATPOLPP',
  },
  {
    code: 'PERHUBUNGAN',
    name: 'Lalu Lintas dan Angkutan',
    name_en: 'Traffic and transport',
    description: 'Rambu, lampu lalu lintas, angkutan umum, truk bertonase berlebih, dermaga.',
    keywords: ['rambu', 'lampu merah', 'traffic light', 'macet', 'angkot', 'truk odol', 'truk batubara', 'parkir', 'tukang parkir', 'dermaga', 'speedboat', 'terminal'],
    default_agency: 'DISHUB',
  },
  {
    code: 'PUNGLI',
    name: 'Pungutan Liar dan Integritas Aparatur',
    name_en: 'Illegal levies and officer integrity',
    description: 'Pungli, calo, pegawai tidak disiplin atau meminta imbalan.',
    keywords: ['pungli', 'pungutan liar', 'calo', 'minta uang', 'uang pelicin', 'suap', 'sogok', 'asn bolos', 'pegawai malas', 'korupsi', 'gratifikasi'],
    default_agency: 'INSPEKTORAT',
  },
  {
    code: 'DESA',
    name: 'Pemerintahan Desa/Kelurahan',
    name_en: 'Village administration',
    description: 'Surat keterangan, pelayanan kantor desa/kelurahan, dana desa, BLT desa.',
    keywords: ['kantor desa', 'kades', 'kepala desa', 'lurah', 'kelurahan', 'surat keterangan', 'sktm', 'surat domisili', 'dana desa', 'blt dd', 'perangkat desa', 'rt', 'rw'],
    default_agency: 'DPMD',
  },
  {
    code: 'PERTANIAN',
    name: 'Pertanian dan Pupuk',
    name_en: 'Agriculture and fertiliser',
    description: 'Pupuk subsidi langka/mahal, irigasi sawah, hama, alsintan.',
    keywords: ['pupuk', 'pupuk subsidi', 'pupuk langka', 'urea', 'kartu tani', 'sawah', 'irigasi', 'hama', 'wereng', 'gagal panen', 'traktor', 'bibit'],
    default_agency: 'DISTAN',
  },
  {
    code: 'HARGA',
    name: 'Harga dan Ketersediaan Barang',
    name_en: 'Prices and supply of goods',
    description: 'Elpiji 3 kg langka, harga sembako naik, pasar, timbangan curang.',
    keywords: ['gas', 'elpiji', 'lpg 3 kg', 'gas melon', 'gas langka', 'minyak goreng', 'harga naik', 'sembako mahal', 'pasar', 'timbangan'],
    default_agency: 'DISDAG',
  },
  {
    code: 'PERIZINAN',
    name: 'Perizinan dan Investasi',
    name_en: 'Permits and investment',
    description: 'PBG/IMB, NIB, izin usaha lambat atau dipersulit.',
    keywords: ['izin', 'perizinan', 'imb', 'pbg', 'nib', 'oss', 'izin usaha', 'siup', 'izin lama'],
    default_agency: 'DPMPTSP',
  },
  {
    code: 'KETENAGAKERJAAN',
    name: 'Ketenagakerjaan',
    name_en: 'Employment',
    description: 'Upah di bawah UMK, PHK, BPJS Ketenagakerjaan, kartu kuning, pelatihan kerja.',
    keywords: ['gaji', 'upah', 'umk', 'phk', 'pesangon', 'lowongan', 'kartu kuning', 'ak1', 'bpjs ketenagakerjaan', 'buruh', 'tki', 'pmi'],
    default_agency: 'DISNAKER',
  },
  {
    code: 'PAJAK',
    name: 'Pajak dan Retribusi Daerah',
    name_en: 'Local taxes and fees',
    description: 'PBB-P2, SPPT, BPHTB, retribusi pasar/parkir.',
    keywords: ['pbb', 'sppt', 'pajak bumi', 'bphtb', 'retribusi', 'pajak daerah', 'denda pajak'],
    default_agency: 'BAPENDA',
  },
  {
    code: 'PERLINDUNGAN',
    name: 'Perlindungan Perempuan dan Anak',
    name_en: 'Protection of women and children',
    description: 'Kekerasan dalam rumah tangga, kekerasan terhadap anak, perundungan.',
    keywords: ['kdrt', 'kekerasan', 'pelecehan', 'anak', 'perundungan', 'bullying', 'pernikahan dini', 'penelantaran'],
    default_agency: 'DP3A',
  },
  {
    code: 'LAINNYA',
    name: 'Lainnya',
    name_en: 'Other',
    description: 'Laporan yang belum masuk kategori lain; verifikator menentukan tujuannya.',
    keywords: [],
    default_agency: 'SETDA-UMUM',
  },
];
