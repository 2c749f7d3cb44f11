"""Filled templates: the seed report (DOMAIN.md's source document) and synthetic ones of any size.

The seed's data is what `lkj-excel template --contoh` writes for staff to learn from, and what the
committed sample and the tests build; synthetic reports feed the benchmarks and the scale tests.
"""

from __future__ import annotations

import datetime as dt
import random

from .template import TemplateData

SEED_IDENTITY = {
    "Pemerintah Daerah": "Kabupaten Lumajang",
    "Perangkat Daerah": "Dinas Tenaga Kerja",
    "Alamat": "Jl. Veteran No. 72 Lumajang, Telp. (0334) 881546",
    "Unit Kerja": "Bidang Pengembangan Ketenagakerjaan",
    "Jabatan Pelapor": "Kepala Bidang Pengembangan Ketenagakerjaan",
    "Nama Pelapor": "Drs. ABDULLAH",
    "NIP Pelapor": "19650814 198803 1 011",
    "Jabatan Atasan": "Kepala Dinas Tenaga Kerja Kab. Lumajang",
    "Nama Atasan": "dr. ROSYIDAH",
    "NIP Atasan": "19711018 200604 2 009",
    "Tahun": 2023,
    "Tribulan": "II",
    "Tempat": "Lumajang",
    "Tanggal Laporan": dt.date(2023, 7, 5),
}

SEED_KINERJA = (
    (1, "Meningkatnya Pelaksanaan Konsultasi Produktivitas pada Perusahaan kecil.",
     "Prosentase Perusahaan kecil yang melakukan konsultasi produktivitas", "%", "Naik", 100, 51.43, "-"),
    (2, "Meningkatnya pelaksanaan pengukuran produktivitas tingkat daerah Kabupaten/Kota",
     "Jumlah perusahaan yang diukur produktivitas tenaga kerjanya", "perusahaan", "Naik", 70, 36, None),
)

SEED_ANGGARAN = (
    (1, "Konsultasi produktifitas pada perusahaan kecil", 1, 20000000, 0),
    (2, "Pengukuran produktivitas tingkat daerah Kabupaten/Kota", 2, 6300000, 0),
)

SEED_NARASI = {
    "Dasar Hukum": (
        "Peraturan Bupati Lumajang Nomor 100 Tahun 2021 tentang Kedudukan, Susunan organisasi, uraian tugas "
        "dan fungsi serta tata kerja Dinas Tenaga Kerja Kabupaten Lumajang"
    ),
    "Tugas": "merencanakan, melaksanakan dan mengkoordinasikan kegiatan Pengembangan Ketenagakerjaan",
    "Fungsi": "\n".join((
        "a. Pelaksanaan kebijakan dan strategi penyelenggaraan urusan pemerintahan bidang pengembangan "
        "ketenagakerjaan",
        "b. Pelaksanaan upaya peningkatan produktifitas dan pengukuran produktivitas",
        "c. Penyusunan perencanaan tenaga kerja daerah",
        "d. Penyusunan perencanaan pembinaan tenaga kerja mikro pada tingkat instansi pemerintah/perusahaan",
        "e. Penyusunan rencana pembinaan dan penyelenggaraan sistem informasi ketenagakerjaan",
        "f. Penyusunan dan pengolahan data ketenagakerjaan",
        "g. Pelaksanaan penyusunan program pembinaan, pengawasan, pengendalian, monitoring, evaluasi dan "
        "pelaporan penyelenggaraan urusan pemerintahan bidang pengembangan ketenagakerjaan",
        "h. Pelaksanaan fungsi lain yang diberikan oleh Kepala Dinas Tenaga Kerja",
    )),
    "Sub Substansi": "\n".join((
        "1. Kelompok Sub Substansi Produktivitas Tenaga Kerja",
        "2. Kelompok Sub Substansi Monitoring dan Evaluasi Ketenagakerjaan.",
    )),
    "Evaluasi dan Analisis": (
        "Untuk Tribulan II belum ada realisasi anggaran. Konsultasi dilakukan melalui telepon, pengiriman "
        "kuesioner dan kunjungan perwakilan perusahaan ke Dinas Tenaga Kerja, tetapi tidak dapat berjalan "
        "maksimal; tanpa anggaran pengukuran produktivitas perusahaan tidak dapat dilaksanakan."
    ),
    "Hambatan": "\n".join((
        "1. Perusahaan tidak memberikan data yang valid kepada petugas ketika pembinaan produktifitas.",
        "2. Terbatasnya anggaran di Bidang Pengembangan Ketenagakerjaan serta tidak ada alokasi dana pada "
        "Tribulan I dan II.",
    )),
    "Rencana Tindak Lanjut": "\n".join((
        "1. Meminta arahan dan petunjuk dari atasan langsung termasuk menginformasikan permasalahan yang "
        "dihadapi dalam pencapaian target kinerja sehingga didapatkan solusi.",
        "2. Aktif berkoordinasi dengan bidang lain terkait usulan program/kegiatan/sub kegiatan yang ada di "
        "Bidang Pengembangan Ketenagakerjaan.",
        "3. Melaksanakan sosialisasi pengukuran produktifitas tenaga kerja pada perusahaan kecil.",
    )),
    "Penutup": "\n".join((
        "Laporan Kinerja (LKj) Tribulan II Tahun 2023 Bidang Pengembangan Ketenagakerjaan pada Dinas Tenaga "
        "Kerja Kabupaten Lumajang merupakan pertanggungjawaban dari penggunaan anggaran untuk melaksanakan "
        "kegiatan yang telah dilaksanakan guna tercapainya tujuan organisasi secara efektif dan efisien.",
        "Penyusunan Laporan Kinerja merupakan langkah awal persiapan evaluasi SAKIP di lingkungan Pemerintah "
        "Kabupaten Lumajang Tahun 2023 untuk mendukung tercapainya IKU pada Dinas Tenaga Kerja Kabupaten "
        "Lumajang.",
    )),
}


def seed_data() -> TemplateData:
    return TemplateData(dict(SEED_IDENTITY), SEED_KINERJA, SEED_ANGGARAN, dict(SEED_NARASI))


def synthetic_data(indicators: int, per_sasaran: int = 2, seed: int = 1) -> TemplateData:
    """A clean report of the given size: whole-number targets, realisasi below target, every sasaran
    funded by one kegiatan that has spent part of its pagu (so it passes validation)."""
    rng = random.Random(seed)
    kinerja, anggaran = [], []
    n_sasaran = (indicators + per_sasaran - 1) // per_sasaran
    made = 0
    for s in range(1, n_sasaran + 1):
        for k in range(per_sasaran):
            if made == indicators:
                break
            target = rng.randint(10, 500)
            first = k == 0
            turun = (s + k) % 7 == 0
            # Turun: realisasi near the target, so capaian (2T - R) / T stays within a believable 60-140%
            realisasi = rng.randint(target * 6 // 10, target * 14 // 10) if turun else rng.randint(1, target)
            kinerja.append((
                s if first else None,
                f"Sasaran nomor {s}: meningkatnya layanan bidang ke-{s}" if first else None,
                f"Jumlah layanan jenis {k + 1} untuk sasaran {s}",
                "orang",
                "Turun" if turun else "Naik",
                target,
                realisasi,
                None,
            ))
            made += 1
        pagu = rng.randint(5, 500) * 1_000_000
        anggaran.append((s, f"Kegiatan pendukung sasaran {s}", s, pagu, pagu * rng.randint(10, 90) // 100))
    return TemplateData(dict(SEED_IDENTITY), kinerja, anggaran, {})


# The seed as a year workbook (contract version 2). The seed reports only the cumulative TW II values
# (51,43 % and 36 perusahaan, nothing spent); the quarterly split and the Rencana Aksi below are an
# illustration that adds up to them: 12 + 24 = 36 companies, the share 51,43 % at the end of June.
# TW III and IV are invented so a whole year can be filled and built quarter by quarter.
SEED_YEAR_TARGETS = ((25, 50, 75, 100), (10, 20, 20, 20))
SEED_YEAR_REALISASI = ((20, 51.43, 75, 98), (12, 24, 18, 14))
SEED_YEAR_SPENT = ((0, 0, 10_000_000, 9_000_000), (0, 0, 3_000_000, 3_000_000))
SEED_YEAR_PLAN = ((0, 0, 10_000_000, 10_000_000), (0, 0, 3_150_000, 3_150_000))


def seed_year_data(tribulan: int = 2) -> TemplateData:
    """The seed filled as a year workbook up to `tribulan` (1-4): later quarters left empty."""
    identity = dict(SEED_IDENTITY)
    identity["Tribulan"] = ("I", "II", "III", "IV")[tribulan - 1]
    identity["Tanggal Laporan"] = (dt.date(2023, 4, 5), dt.date(2023, 7, 5), dt.date(2023, 10, 5),
                                   dt.date(2024, 1, 8))[tribulan - 1]
    kinerja = []
    for i, row in enumerate(SEED_KINERJA):
        no, sasaran, indikator, satuan, arah, target, _, keterangan = row
        done = tuple(v if q < tribulan else None for q, v in enumerate(SEED_YEAR_REALISASI[i]))
        kinerja.append((no, sasaran, indikator, satuan, arah, None, target, *SEED_YEAR_TARGETS[i], *done, keterangan))
    anggaran = []
    for i, (no, nama, link, pagu, _) in enumerate(SEED_ANGGARAN):
        spent = tuple(v if q < tribulan else None for q, v in enumerate(SEED_YEAR_SPENT[i]))
        anggaran.append((no, nama, link, pagu, *SEED_YEAR_PLAN[i], *spent))
    return TemplateData(identity, kinerja, anggaran, dict(SEED_NARASI), version=2)
