/**
 * Believable report texts, written the way citizens write on WhatsApp
 * (informal, abbreviations, no capital letters sometimes). Slots:
 * {desa} {kec} {patokan} {lama}. One title and one closing follow-up per
 * category so a report reads as one story.
 */
export type ComplaintText = { title: string; body: string };

export const LANDMARKS = [
  'depan masjid', 'dekat SD negeri', 'samping pasar', 'depan kantor desa', 'dekat jembatan', 'simpang tiga',
  'belakang puskesmas', 'depan toko bangunan', 'dekat lapangan bola', 'samping musala', 'dekat dermaga', 'depan SPBU',
];
export const DURATIONS = ['2 hari', 'seminggu', 'hampir sebulan', '3 bulan', 'sejak lebaran', 'dari kemarin', 'sudah lama'];

export const TEXTS: Record<string, ComplaintText[]> = {
  JALAN: [
    { title: 'Jalan berlubang di {desa}', body: 'Assalamualaikum pak, jalan di {desa} kec. {kec} {patokan} berlubang besar, sudah {lama}. Kalau hujan jadi kubangan, kemarin ada motor jatuh. Mohon segera diperbaiki.' },
    { title: 'Jembatan kayu rusak di {desa}', body: 'Jembatan kayu penghubung dusun di {desa} ({kec}) papannya banyak yang patah, anak sekolah lewat situ tiap hari. Mohon dibantu sebelum ada korban.' },
    { title: 'Aspal mengelupas di jalan poros {kec}', body: 'jalan poros arah {desa} aspalnya ngelupas semua {patokan}, debu kalau kemarau, licin kalau hujan. sudah {lama} belum ada perbaikan pak.' },
  ],
  DRAINASE: [
    { title: 'Got tersumbat di {desa}', body: 'Selokan {patokan} di {desa} mampet penuh sampah dan lumpur, air meluap ke jalan dan rumah warga tiap hujan. Sudah {lama}.' },
    { title: 'Genangan air di permukiman {desa}', body: 'Mohon izin lapor, di {desa} kec {kec} tiap hujan deras air tergenang sampai selutut karena gorong-gorong kecil dan tertutup. Mohon dicek.' },
  ],
  PJU: [
    { title: 'Lampu jalan mati di {desa}', body: 'Lampu jalan {patokan} di {desa} mati sudah {lama}. Malam gelap sekali, rawan begal. Mohon diganti pak.' },
    { title: 'Tiang PJU miring di {kec}', body: 'Tiang lampu jalan di {desa} miring hampir roboh {patokan}, takut menimpa pengendara. Lampunya juga tidak menyala.' },
  ],
  SAMPAH: [
    { title: 'Sampah menumpuk di {desa}', body: 'Sampah di TPS {patokan} {desa} menumpuk dan tidak diangkut {lama}. Bau busuk, banyak lalat. Mohon truk sampah dijadwalkan lagi.' },
    { title: 'TPS liar di pinggir jalan {kec}', body: 'ada orang buang sampah sembarangan di pinggir jalan {desa} {patokan}, sekarang jadi TPS liar. kadang dibakar asapnya masuk rumah.' },
  ],
  LINGKUNGAN: [
    { title: 'Sungai tercemar limbah di {desa}', body: 'Air sungai di {desa} kec. {kec} jadi hitam dan bau, banyak ikan mati. Diduga limbah pabrik sawit di hulu. Warga tidak bisa pakai air sungai lagi.' },
    { title: 'Asap pabrik di {kec}', body: 'Asap dan bau dari pabrik dekat {desa} mengganggu warga terutama malam hari, anak-anak batuk. Sudah {lama}. Mohon ditinjau izin lingkungannya.' },
  ],
  AIR: [
    { title: 'Air PDAM mati di {desa}', body: 'Pak, air PDAM di {desa} mati sudah {lama}, kalaupun hidup cuma tengah malam dan kecil sekali. Tapi tagihan tetap jalan. Mohon solusinya.' },
    { title: 'Pipa PDAM bocor {patokan}', body: 'Pipa PDAM bocor {patokan} di {desa}, air terbuang ke jalan {lama}. Rumah warga di ujung jadi tidak kebagian air.' },
    { title: 'Air keruh di {kec}', body: 'air pdam di rumah kami ({desa}) keruh kecoklatan dan berbau, tidak bisa untuk masak. mohon dicek.' },
  ],
  ADMINDUK: [
    { title: 'KTP-el belum jadi', body: 'Saya rekam e-KTP di kecamatan {kec} sudah {lama} tapi sampai sekarang belum jadi, katanya blangko habis. Saya perlu untuk daftar kerja. Mohon dibantu.' },
    { title: 'Perubahan KK belum selesai', body: 'Mengurus perubahan KK (tambah anak) di {desa} sudah {lama} belum selesai, bolak-balik ke capil disuruh nunggu terus.' },
    { title: 'Akta kelahiran anak', body: 'mohon info pak, akta kelahiran anak saya diurus lewat desa {desa} sejak {lama} belum keluar. apa bisa dicek prosesnya?' },
  ],
  BANSOS: [
    { title: 'Tidak menerima PKH', body: 'Saya warga {desa} kec {kec}, keluarga tidak mampu, suami sakit, tapi tidak pernah dapat PKH atau BPNT. Sementara yang mampu malah dapat. Mohon didata ulang.' },
    { title: 'Bantuan BPNT terlambat', body: 'BPNT di {desa} belum cair {lama}, warga sudah tanya ke pendamping tapi belum ada jawaban jelas.' },
  ],
  KESEHATAN: [
    { title: 'Pelayanan puskesmas {kec}', body: 'Di puskesmas {kec} antrean lama sekali, dokter datang siang, obat sering kosong disuruh beli di luar. Mohon diperbaiki pelayanannya.' },
    { title: 'Banyak kasus DBD di {desa}', body: 'Di {desa} sudah ada 4 warga kena DBD bulan ini, anak-anak juga. Mohon fogging dan pemeriksaan jentik.' },
    { title: 'Posyandu tidak aktif', body: 'posyandu di {desa} sudah {lama} tidak jalan, ibu-ibu bingung mau timbang dan imunisasi anak dimana.' },
  ],
  RSUD: [
    { title: 'Pelayanan IGD RSUD', body: 'Keluarga saya dari {desa} dibawa ke IGD RSUD, menunggu hampir 4 jam baru ditangani, katanya kamar penuh. Mohon perhatian.' },
    { title: 'Antrean rujukan BPJS di RSUD', body: 'Antrean poli di RSUD untuk pasien BPJS sangat panjang, datang subuh baru dipanggil sore. Apa tidak bisa pakai nomor antrean online?' },
  ],
  PENDIDIKAN: [
    { title: 'Atap sekolah bocor di {desa}', body: 'Atap ruang kelas SD di {desa} kec {kec} bocor dan plafon hampir jatuh, murid terpaksa belajar di teras. Mohon direhab.' },
    { title: 'Pungutan di sekolah', body: 'Anak saya di SMP negeri {kec} diminta uang komite dan uang seragam cukup besar, katanya wajib. Apakah itu dibenarkan?' },
  ],
  BENCANA: [
    { title: 'Banjir di {desa}', body: 'Banjir lagi di {desa} kec {kec}, air masuk rumah sekitar 50 cm sejak semalam. Warga butuh perahu dan bantuan makanan. Mohon segera.' },
    { title: 'Pohon tumbang menutup jalan', body: 'Ada pohon besar tumbang {patokan} di {desa} setelah angin kencang, menutup jalan dan kena kabel listrik. Mohon segera dievakuasi.' },
    { title: 'Kebakaran lahan dekat {desa}', body: 'Lahan gambut dekat {desa} terbakar, asap tebal sampai ke permukiman. Api belum padam sejak kemarin.' },
  ],
  KEBAKARAN: [
    { title: 'Hidran tidak berfungsi', body: 'Waktu kebakaran rumah di {desa} kemarin, hidran {patokan} tidak ada airnya. Damkar juga datang lama. Mohon dievaluasi.' },
  ],
  TRANTIB: [
    { title: 'Parkir liar di {kec}', body: 'Parkir liar {patokan} di {desa} bikin macet tiap sore, juru parkir minta uang lebih dari tarif. Mohon ditertibkan.' },
    { title: 'Balap liar malam hari', body: 'Setiap malam minggu ada balap liar di jalan {desa}, suara knalpot brong sampai subuh. Warga tidak bisa istirahat.' },
    { title: 'PKL menutup trotoar', body: 'Pedagang {patokan} di {desa} berjualan sampai ke badan jalan, pejalan kaki susah lewat.' },
  ],
  PERHUBUNGAN: [
    { title: 'Truk ODOL merusak jalan', body: 'Truk bermuatan berlebih lewat jalan {desa} siang malam, jalan jadi rusak dan berdebu. Mohon diatur jam operasional dan tonasenya.' },
    { title: 'Lampu lalu lintas mati', body: 'Lampu merah di simpang {kec} mati {lama}, hampir tiap hari ada yang serempetan.' },
  ],
  PUNGLI: [
    { title: 'Dugaan pungli pengurusan surat', body: 'Saat mengurus surat di {desa} saya diminta uang Rp200 ribu biar cepat, tanpa kuitansi. Mohon ditindak, identitas saya mohon dirahasiakan.' },
    { title: 'Calo di pelayanan publik', body: 'Ada calo di kantor pelayanan {kec} yang menawarkan jasa percepatan dengan bayaran. Petugas seperti membiarkan.' },
  ],
  DESA: [
    { title: 'Pelayanan kantor desa {desa}', body: 'Kantor desa {desa} sering tutup di jam kerja, mau urus surat keterangan usaha harus bolak-balik. Mohon pembinaan dari kecamatan.' },
    { title: 'Transparansi dana desa {desa}', body: 'Warga {desa} minta papan informasi penggunaan dana desa dipasang, pembangunan jalan desa tahun ini tidak jelas.' },
  ],
  PERTANIAN: [
    { title: 'Pupuk subsidi langka di {desa}', body: 'Petani di {desa} kec {kec} susah dapat pupuk subsidi, di kios selalu habis padahal sudah masuk RDKK. Musim tanam sudah mulai.' },
    { title: 'Serangan hama wereng', body: 'Sawah di {desa} diserang wereng, sudah beberapa hektar menguning. Mohon bantuan penyuluh dan obat.' },
  ],
  HARGA: [
    { title: 'Gas elpiji 3 kg langka', body: 'Gas melon di {desa} langka {lama}, kalau ada harganya Rp35 ribu di pengecer. Pangkalan bilang jatah dikurangi.' },
  ],
  PERIZINAN: [
    { title: 'Izin PBG lama diproses', body: 'Saya ajukan PBG untuk rumah toko di {kec} sudah {lama}, status di aplikasi tidak bergerak. Mohon kejelasan.' },
  ],
  KETENAGAKERJAAN: [
    { title: 'Gaji di bawah UMK', body: 'Saya karyawan perusahaan perkebunan di {kec}, gaji kami di bawah UMK dan tidak didaftarkan BPJS Ketenagakerjaan. Mohon diperiksa.' },
    { title: 'Kartu kuning (AK1)', body: 'mau buat kartu kuning untuk melamar kerja, apa bisa online? di kantor disnaker katanya sistem sedang gangguan {lama}.' },
  ],
  PAJAK: [
    { title: 'SPPT PBB tidak sesuai', body: 'SPPT PBB rumah saya di {desa} naik hampir dua kali lipat, luas tanah juga salah tercatat. Mohon dikoreksi.' },
  ],
  PERLINDUNGAN: [
    { title: 'Dugaan kekerasan terhadap anak', body: 'Ada anak tetangga di {desa} yang sering dipukul orang tuanya, terdengar menangis malam hari. Mohon ditangani dengan hati-hati, identitas saya dirahasiakan.' },
  ],
  LAINNYA: [
    { title: 'Usulan taman bermain di {desa}', body: 'Izin menyampaikan aspirasi, anak-anak di {desa} tidak punya tempat bermain yang aman. Mohon dibangun taman kecil di lahan {patokan}.' },
    { title: 'Pertanyaan program pemerintah', body: 'Mohon informasi tentang program bedah rumah tahun ini, bagaimana cara mendaftar untuk warga {desa}?' },
  ],
};

/** What the handling office writes when it finishes, per category. */
export const RESOLUTIONS: Record<string, string> = {
  JALAN: 'Perbaikan (penambalan) jalan telah selesai dikerjakan oleh tim pemeliharaan. Terima kasih atas laporannya.',
  DRAINASE: 'Saluran telah dibersihkan dari sedimen dan sampah; aliran air kembali lancar.',
  PJU: 'Lampu PJU telah diganti dan menyala kembali.',
  SAMPAH: 'Tumpukan sampah telah diangkut dan jadwal pengangkutan rutin ditambah menjadi 3 kali seminggu.',
  LINGKUNGAN: 'Tim telah mengambil sampel air dan memberikan teguran tertulis kepada perusahaan; pemantauan dilanjutkan.',
  AIR: 'Kebocoran pipa telah diperbaiki dan tekanan air di wilayah tersebut kembali normal.',
  ADMINDUK: 'Dokumen kependudukan telah selesai dicetak dan dapat diambil di kantor kecamatan.',
  BANSOS: 'Data keluarga Bapak/Ibu telah diusulkan dalam pemutakhiran DTSEN melalui operator desa.',
  KESEHATAN: 'Puskesmas telah menindaklanjuti: jadwal dokter diperketat dan stok obat dipenuhi.',
  RSUD: 'Manajemen RSUD telah menambah petugas triase dan menerapkan antrean daring.',
  PENDIDIKAN: 'Sekolah telah dikunjungi; perbaikan ruang kelas masuk program rehabilitasi dan pungutan dihentikan.',
  BENCANA: 'Tim BPBD telah turun ke lokasi, bantuan logistik disalurkan dan jalan telah dibersihkan.',
  KEBAKARAN: 'Hidran telah diperiksa dan diperbaiki; pos damkar terdekat disiagakan.',
  TRANTIB: 'Satpol PP telah melakukan penertiban dan patroli rutin di lokasi.',
  PERHUBUNGAN: 'Pengaturan lalu lintas telah diperbaiki dan pengawasan kendaraan berat ditingkatkan.',
  PUNGLI: 'Inspektorat telah memeriksa petugas terkait dan menjatuhkan sanksi sesuai ketentuan.',
  DESA: 'Camat telah melakukan pembinaan kepada pemerintah desa; jam layanan kantor desa kembali normal.',
  PERTANIAN: 'Penyuluh telah turun ke lapangan dan alokasi pupuk untuk kelompok tani telah ditambah.',
  HARGA: 'Operasi pasar elpiji telah dilaksanakan dan pangkalan yang menyimpang diberi peringatan.',
  PERIZINAN: 'Berkas telah diverifikasi dan izin telah terbit; dapat diunduh melalui aplikasi.',
  KETENAGAKERJAAN: 'Pengawas ketenagakerjaan telah memanggil perusahaan untuk pembinaan dan pemenuhan hak pekerja.',
  PAJAK: 'Koreksi data objek pajak telah dilakukan dan SPPT baru diterbitkan.',
  PERLINDUNGAN: 'Petugas DP3A telah melakukan penjangkauan dan pendampingan kepada korban.',
  LAINNYA: 'Aspirasi telah diteruskan dan dicatat untuk perencanaan tahun depan.',
};

export const ACCEPT_NOTES = [
  'Laporan sudah kami terima dan akan ditinjau ke lokasi dalam waktu dekat.',
  'Terima kasih, laporan sedang kami koordinasikan dengan petugas lapangan.',
  'Tim kami dijadwalkan meninjau lokasi minggu ini.',
];

export const NEEDS_INFO_QUESTIONS = [
  'Mohon kirimkan foto lokasi dan patokan yang lebih jelas.',
  'Boleh disebutkan nama dusun/RT dan sejak kapan kejadiannya?',
  'Mohon lengkapi nama desa dan kecamatan tempat kejadian.',
];
export const CITIZEN_ANSWERS = ['Lokasinya di dusun 2, RT 05, dekat rumah pak kades.', 'Sudah saya kirim fotonya pak.', 'Sejak awal bulan pak.'];

export const RETURN_REASONS = [
  'Bukan wewenang instansi kami: jalan tersebut berstatus jalan provinsi.',
  'Bukan wewenang kami, mohon diteruskan ke kecamatan setempat.',
  'Lokasi berada di luar wilayah kerja kami.',
];

export const FIRST_NAMES = ['Siti', 'Ahmad', 'Rina', 'Budi', 'Dewi', 'Agus', 'Nur', 'Rudi', 'Yuli', 'Hendra', 'Fitri', 'Joko', 'Lestari', 'Wahyu', 'Maya', 'Iwan', 'Desi', 'Rahmat', 'Ani', 'Fauzan', 'Putri', 'Arif', 'Sri', 'Dodi', 'Eka', 'Yusuf', 'Indah', 'Hasan', 'Ratna', 'Bayu'];
export const LAST_NAMES = ['Aminah', 'Saputra', 'Wati', 'Hidayat', 'Lestari', 'Pratama', 'Sari', 'Kurniawan', 'Rahmawati', 'Syahputra', 'Marlina', 'Firmansyah', 'Susanti', 'Gunawan', 'Handayani', 'Nugroho', '', '', ''];
