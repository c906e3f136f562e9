"""The demo pages in Indonesian, written for Indonesian readers rather than
translated word for word. The landing page speaks to the visitor as "Anda";
the share kit is a member writing to someone they know, so it says "kamu".
Shapes as in `content.demo.copy`."""

from content.demo.streams import faq, steps

HOME = {
    "title": "Beranda",
    "hero_heading": "Bisnis tumbuh lewat orang-orang yang mengenal Anda",
    "hero_text": "Klub sarapan dan grup mastermind untuk pemilik usaha kecil yang "
    "saling merekomendasikan pelanggan.",
    "hero_button_label": "Cari pertemuan",
    "body": [
        ("heading", "Cara kerja sebuah klub"),
        (
            "paragraph",
            "<p>Setiap klub bertemu sebulan sekali, di jam dan tempat yang sama. "
            "Tiap anggota punya satu menit untuk memperkenalkan usahanya, seorang "
            "tamu ahli berbagi ilmu yang langsung bisa dipakai, dan semua pulang "
            "membawa paling tidak satu nama untuk dihubungi.</p>",
        ),
    ],
}

LANDING = {
    "title": "Ajak tamu ke sarapan",
    "slug": "ajak-tamu-sarapan",
    "search_description": "Datang ke Northside Business Breakfast sebagai tamu "
    "seorang anggota: sarapan pertama Anda kami yang traktir.",
    "body": [
        (
            "hero",
            {
                "headline": "Sarapan pertama, kami yang traktir",
                "text": "Ada anggota yang merasa Anda perlu kenal Northside "
                "Business Breakfast: tiga puluh pemilik usaha jasa di sekitar sini "
                "yang saling mengoper pekerjaan. Datanglah sekali sebagai tamunya.",
                "button_label": "Pilih jadwal sarapan",
                "button_url": "#meetings",
            },
        ),
        (
            "rich_text",
            "<p>Kami berkumpul setiap Selasa pertama tiap bulan pukul 7.30 di "
            "Lakeview Diner. Semua orang mendapat satu menit untuk bercerita apa "
            "usahanya dan siapa yang sedang dicari, seorang anggota berbagi ilmu "
            "selama sepuluh menit, lalu rekomendasi berpindah tangan di meja. Pukul "
            "sembilan Anda sudah bisa kembali bekerja.</p>",
        ),
        (
            "steps",
            steps(
                "Begini caranya",
                [
                    ("Pilih tanggal", "Pilih salah satu jadwal sarapan di bawah."),
                    (
                        "Daftar sebagai tamu",
                        "Cukup nama dan email. Undangan kalender langsung kami kirim.",
                    ),
                    (
                        "Bawa kartu nama",
                        "Ceritakan usaha Anda dalam semenit, lalu berkenalan dengan "
                        "orang-orang yang bisa mengirimkan pelanggan.",
                    ),
                ],
            ),
        ),
        (
            "testimonials",
            {
                "heading": "Datang sebagai tamu, lalu bertahan",
                "testimonials": [
                    {
                        "quote": "Saya datang sebagai tamunya Rosa dan pulang "
                        "membawa dua kenalan baru. Salah satunya jadi klien "
                        "terbesar saya tahun itu.",
                        "name": "Priya Natarajan",
                        "business": "Lanternfish Studio",
                    },
                    {
                        "quote": "Tidak ada yang memaksa jualan, kopinya enak, dan "
                        "orang-orangnya benar-benar menindaklanjuti.",
                        "name": "Tomás Herrera",
                        "business": "Herrera Home Loans",
                    },
                ],
            },
        ),
        ("reward_terms", {"heading": "Yang Anda berdua dapatkan"}),
        (
            "upcoming_meetings",
            {
                "heading": "Ikut sarapan berikutnya",
                "club": "{club}",
                "series": None,
                "count": 3,
            },
        ),
        (
            "faq",
            faq(
                "Pertanyaan",
                [
                    (
                        "Apakah saya wajib jadi anggota?",
                        "Tidak. Silakan datang sebagai tamu beberapa kali dulu; "
                        "orang bergabung kalau memang terasa manfaatnya.",
                    ),
                    (
                        "Berapa biayanya?",
                        "Sarapan pertama gratis. Setelah itu Anda cukup membayar "
                        "apa yang Anda pesan.",
                    ),
                    (
                        "Bolehkah dua orang dari bidang yang sama datang?",
                        "Tiap bidang usaha hanya punya satu kursi anggota, supaya "
                        "rekomendasi tidak terbagi. Tamu dari bidang apa pun tetap "
                        "kami sambut.",
                    ),
                ],
            ),
        ),
    ],
}

SHARE_KIT = {
    "name": "Undangan sarapan",
    "email_subject": "Ikut sarapan bareng saya, yuk?",
    "email_body": "Hai,\n\nSebulan sekali saya sarapan bareng sekelompok pemilik "
    "usaha di sekitar sini yang saling kasih rekomendasi pelanggan. Menurut saya "
    "kamu bakal dapat banyak dari situ, dan sarapan pertamamu gratis.\n\nIni "
    "jadwalnya, pilih satu lalu daftar sebagai tamu saya:\n{link}\n\nSalam,\n{name}",
    "post_text": "Pemilik usaha lokal, kopi enak, rekomendasi yang beneran jalan. "
    "Yuk datang ke Northside Business Breakfast sebagai tamu saya: {link}",
    "hashtags": "networking UMKM bisnislokal",
}
