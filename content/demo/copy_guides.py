"""The demo's guides section and its two articles, in each language. Each
version is written for its readers (the advice is the same, the wording is
the language's own), with a slug in that language's words."""

ARTICLE_INDEX = {
    "en": {
        "title": "Guides",
        "slug": "guides",
        "intro": "<p>Short, practical notes from the hosts on running meetings "
        "and looking after referrals.</p>",
    },
    "es": {
        "title": "Guías",
        "slug": "guias",
        "intro": "<p>Notas breves y prácticas de los anfitriones sobre cómo llevar "
        "una reunión y cuidar las recomendaciones.</p>",
    },
    "id": {
        "title": "Panduan",
        "slug": "panduan",
        "intro": "<p>Catatan singkat dan praktis dari para tuan rumah: cara "
        "menjalankan pertemuan dan merawat rekomendasi.</p>",
    },
    "ru": {
        "title": "Советы",
        "slug": "sovety",
        "intro": "<p>Короткие практичные заметки ведущих: как проводить встречи "
        "и что делать с рекомендациями.</p>",
    },
}

BREAKFAST = {
    "days_ago": 41,
    "en": {
        "title": "Running a referral breakfast guests come back to",
        "slug": "running-a-referral-breakfast",
        "intro": "A guest decides in the first ten minutes whether the room is "
        "worth an early start. Here is how our hosts use those minutes.",
        "body": [
            ("heading", "Meet the guest at the door"),
            (
                "paragraph",
                "<p>One host stands at the door for the first quarter of an hour. "
                "A guest who is greeted by name, given a name badge and walked to a "
                "member in a related trade relaxes at once. A guest who has to find "
                "their own seat spends the meeting wondering whether they should "
                "have come.</p>",
            ),
            ("heading", "Keep the introductions short and the same"),
            (
                "paragraph",
                "<p>Sixty seconds each, in the same order every month: name, "
                "business, and one specific person you would like to meet this "
                "month. The last part is the one that produces referrals; a vague "
                '"anyone who needs insurance" produces none.</p>',
            ),
            ("heading", "End on time"),
            (
                "paragraph",
                "<p>People who give up an early morning are counting the minutes. "
                "Finish when the agenda says you will, and let those who can stay "
                "keep talking. Guests remember a meeting that respected their "
                "day.</p>",
            ),
        ],
    },
    "es": {
        "title": "Un desayuno de recomendaciones al que los invitados vuelven",
        "slug": "desayuno-al-que-vuelven",
        "intro": "En los primeros diez minutos un invitado decide si valió la "
        "pena madrugar. Así aprovechan nuestros anfitriones esos minutos.",
        "body": [
            ("heading", "Recibe al invitado en la puerta"),
            (
                "paragraph",
                "<p>Durante el primer cuarto de hora, un anfitrión se queda en la "
                "entrada. Quien es saludado por su nombre, recibe su gafete y "
                "acaba sentado junto a alguien de un rubro afín se relaja enseguida. "
                "Quien tiene que buscarse un sitio pasa la reunión preguntándose "
                "qué hace ahí.</p>",
            ),
            ("heading", "Presentaciones cortas y siempre iguales"),
            (
                "paragraph",
                "<p>Sesenta segundos por persona y cada mes en el mismo orden: "
                "nombre, negocio y una persona concreta a la que te gustaría "
                "conocer este mes. Esa última parte es la que trae recomendaciones; "
                "un vago «cualquiera que necesite un seguro» no trae ninguna.</p>",
            ),
            ("heading", "Termina a la hora"),
            (
                "paragraph",
                "<p>Quien madruga para venir cuenta los minutos. Cierra cuando lo "
                "dice el orden del día y deja que sigan conversando quienes puedan "
                "quedarse. Los invitados recuerdan la reunión que respetó su "
                "agenda.</p>",
            ),
        ],
    },
    "id": {
        "title": "Sarapan rekomendasi yang bikin tamu ingin datang lagi",
        "slug": "sarapan-yang-bikin-tamu-kembali",
        "intro": "Dalam sepuluh menit pertama, tamu sudah memutuskan apakah "
        "bangun pagi itu sepadan. Begini cara para tuan rumah kami memakai "
        "sepuluh menit itu.",
        "body": [
            ("heading", "Sambut tamu di pintu"),
            (
                "paragraph",
                "<p>Selama lima belas menit pertama, satu tuan rumah berjaga di "
                "pintu. Tamu yang disapa dengan namanya, diberi papan nama, lalu "
                "diantar ke anggota yang bidangnya berdekatan akan langsung merasa "
                "nyaman. Tamu yang harus mencari kursi sendiri akan sibuk bertanya-"
                "tanya kenapa ia datang.</p>",
            ),
            ("heading", "Perkenalan singkat, urutannya tetap"),
            (
                "paragraph",
                "<p>Enam puluh detik per orang, dengan urutan yang sama setiap "
                "bulan: nama, usaha, dan satu orang spesifik yang ingin Anda temui "
                "bulan ini. Bagian terakhir itulah yang mendatangkan rekomendasi; "
                "kalimat umum seperti &quot;siapa saja yang butuh asuransi&quot; "
                "tidak mendatangkan apa-apa.</p>",
            ),
            ("heading", "Selesai tepat waktu"),
            (
                "paragraph",
                "<p>Orang yang rela bangun pagi menghitung setiap menitnya. Tutup "
                "acara sesuai jadwal, dan biarkan yang masih longgar melanjutkan "
                "obrolan. Tamu akan ingat pertemuan yang menghargai waktu "
                "mereka.</p>",
            ),
        ],
    },
    "ru": {
        "title": "Завтрак, на который гости возвращаются",
        "slug": "zavtrak-na-kotoryy-vozvrashchayutsya",
        "intro": "За первые десять минут гость решает, стоило ли ради этого рано "
        "вставать. Вот как наши ведущие используют эти минуты.",
        "body": [
            ("heading", "Встречайте гостя у двери"),
            (
                "paragraph",
                "<p>Первые пятнадцать минут один из ведущих стоит у входа. Гость, "
                "которого встретили по имени, дали бейдж и подвели к участнику из "
                "смежной сферы, сразу расслабляется. Гость, которому пришлось "
                "самому искать место, всю встречу думает, зачем он пришёл.</p>",
            ),
            ("heading", "Короткие представления, всегда по одной схеме"),
            (
                "paragraph",
                "<p>Шестьдесят секунд на человека и каждый месяц в одном порядке: "
                "имя, чем занимаетесь и с кем конкретно хотели бы познакомиться в "
                "этом месяце. Именно последняя часть приносит рекомендации; "
                "расплывчатое «всем, кому нужна страховка» не приносит "
                "ничего.</p>",
            ),
            ("heading", "Заканчивайте вовремя"),
            (
                "paragraph",
                "<p>Те, кто встал ни свет ни заря, считают минуты. Завершайте "
                "встречу тогда, когда обещали в программе, а кто может — пусть "
                "остаётся и общается дальше. Гости запоминают встречу, которая "
                "уважала их время.</p>",
            ),
        ],
    },
}

FOLLOW_UP = {
    "days_ago": 16,
    "en": {
        "title": "Follow up a referral within two days",
        "slug": "follow-up-within-two-days",
        "intro": "A referral is a favour with a short shelf life. What to do in "
        "the 48 hours after someone passes you a name.",
        "body": [
            (
                "paragraph",
                "<p>When a member hands you a prospect, they have spent some of "
                "their own credibility. The prospect expects your call while the "
                "conversation with your fellow member is still fresh; after a week "
                "you are a stranger again.</p>",
            ),
            ("heading", "Call first, then write"),
            (
                "paragraph",
                "<p>Mention who sent you in the first sentence, ask one question "
                "about what they need, and offer a time to talk. Then log the "
                "contact, so the member who gave you the referral sees that it "
                "moved.</p>",
            ),
            ("heading", "Close the loop"),
            (
                "paragraph",
                "<p>Win or lose, tell the giver how it went. If it was won, thank "
                "them at the next meeting: a thank-you for closed business read out "
                "in front of the room is the best advertisement a club has.</p>",
            ),
        ],
    },
    "es": {
        "title": "Responde a una recomendación en menos de dos días",
        "slug": "responde-en-dos-dias",
        "intro": "Una recomendación es un favor que caduca pronto. Qué hacer en "
        "las 48 horas después de que alguien te pase un contacto.",
        "body": [
            (
                "paragraph",
                "<p>Cuando un miembro te pasa un cliente potencial, pone en juego "
                "parte de su propia credibilidad. Esa persona espera tu llamada "
                "mientras aún recuerda la conversación; una semana después vuelves "
                "a ser un desconocido.</p>",
            ),
            ("heading", "Primero llama, después escribe"),
            (
                "paragraph",
                "<p>Di quién te envía en la primera frase, haz una sola pregunta "
                "sobre lo que necesita y propón un momento para hablar. Luego "
                "registra el contacto, para que quien te recomendó vea que la cosa "
                "avanza.</p>",
            ),
            ("heading", "Cierra el círculo"),
            (
                "paragraph",
                "<p>Salga bien o mal, cuéntale a quien te recomendó cómo fue. Si "
                "cerraste el negocio, agradéceselo en la próxima reunión: un "
                "«gracias por el negocio cerrado» dicho delante de todos es la "
                "mejor publicidad que puede tener un club.</p>",
            ),
        ],
    },
    "id": {
        "title": "Tindak lanjuti rekomendasi dalam dua hari",
        "slug": "tindak-lanjuti-dalam-dua-hari",
        "intro": "Rekomendasi itu ibarat titipan yang cepat basi. Ini yang perlu "
        "dilakukan dalam 48 jam setelah seseorang memberi Anda sebuah nama.",
        "body": [
            (
                "paragraph",
                "<p>Saat seorang anggota menyerahkan calon pelanggan, ia "
                "mempertaruhkan sebagian nama baiknya. Calon pelanggan itu "
                "menunggu telepon Anda selagi obrolannya dengan si anggota masih "
                "hangat; lewat seminggu, Anda kembali jadi orang asing.</p>",
            ),
            ("heading", "Telepon dulu, baru kirim pesan"),
            (
                "paragraph",
                "<p>Sebut siapa yang merekomendasikan Anda di kalimat pertama, "
                "ajukan satu pertanyaan tentang kebutuhannya, lalu tawarkan waktu "
                "untuk bicara. Setelah itu catat kontaknya di sini, supaya anggota "
                "yang memberi rekomendasi melihat ada kemajuan.</p>",
            ),
            ("heading", "Kabari sampai tuntas"),
            (
                "paragraph",
                "<p>Berhasil atau tidak, ceritakan hasilnya kepada si pemberi "
                "rekomendasi. Kalau jadi, ucapkan terima kasih di pertemuan "
                "berikutnya: ucapan terima kasih atas transaksi yang berhasil, "
                "dibacakan di depan semua orang, adalah iklan terbaik sebuah "
                "klub.</p>",
            ),
        ],
    },
    "ru": {
        "title": "Откликнитесь на рекомендацию за два дня",
        "slug": "perezvonite-za-dva-dnya",
        "intro": "Рекомендация — услуга с коротким сроком годности. Что делать в "
        "первые 48 часов после того, как вам передали контакт.",
        "body": [
            (
                "paragraph",
                "<p>Передавая вам потенциального клиента, участник клуба "
                "ручается за вас своей репутацией. Человек ждёт вашего звонка, "
                "пока разговор с вашим коллегой ещё свеж в памяти; через неделю "
                "вы для него снова посторонний.</p>",
            ),
            ("heading", "Сначала позвоните, потом напишите"),
            (
                "paragraph",
                "<p>В первой же фразе скажите, кто вас порекомендовал, задайте "
                "один вопрос о том, что ему нужно, и предложите время для "
                "разговора. Потом отметьте контакт здесь, чтобы тот, кто дал "
                "рекомендацию, видел, что дело движется.</p>",
            ),
            ("heading", "Доведите до конца"),
            (
                "paragraph",
                "<p>Получилось или нет — расскажите рекомендателю, чем всё "
                "закончилось. Если сделка состоялась, поблагодарите его на "
                "следующей встрече: «спасибо за закрытую сделку», сказанное при "
                "всех, — лучшая реклама, какая только бывает у клуба.</p>",
            ),
        ],
    },
}

ARTICLES = [BREAKFAST, FOLLOW_UP]
