"""The demo's club text in Spanish, Indonesian and Russian.

Each English original maps to its versions, written for readers of each
language rather than word for word. `translate()` writes them with
`update()` by the original, after everything is seeded: it finds the rows
however they were made, raises no SEQUENCE and bumps no `updated_at`, so
seeding twice changes nothing. Proper names (the diner, the loft) stay.
"""

from django.db.models import Model
from modeltranslation.utils import build_localized_fieldname

from clubs.models import (
    Agenda,
    AgendaItem,
    AgendaTemplate,
    AgendaTemplateItem,
    Category,
    Club,
    Occurrence,
    Series,
)
from clubs.models.translations import original

Versions = dict[str, dict[str, str]]  # English -> {"es": ..., "id": ..., "ru": ...}

# Every translated field of clubs/translation.py the demo fills in.
FIELDS: list[tuple[type[Model], str]] = [
    (Club, "name"),
    (Club, "description"),
    (Series, "title"),
    (Occurrence, "cancel_reason"),
    (Agenda, "intro"),
    (AgendaItem, "title"),
    (AgendaTemplate, "name"),
    (AgendaTemplateItem, "title"),
    (Category, "name"),
]

CLUBS: Versions = {
    "Northside Business Breakfast": {
        "es": "Desayuno de Negocios Northside",
        "id": "Sarapan Bisnis Northside",
        "ru": "Деловой завтрак Northside",
    },
    "Owners of local service businesses on the North Side meet over breakfast "
    "on the first Tuesday of every month.": {
        "es": "Dueños de pequeños negocios de servicios del North Side se reúnen "
        "a desayunar el primer martes de cada mes.",
        "id": "Para pemilik usaha jasa di kawasan North Side bertemu sambil "
        "sarapan setiap Selasa pertama tiap bulan.",
        "ru": "Владельцы небольших сервисных компаний из North Side собираются "
        "за завтраком в первый вторник каждого месяца.",
    },
    "Expert Club Europe": {
        "es": "Club de Expertos Europa",
        "id": "Klub Pakar Eropa",
        "ru": "Экспертный клуб «Европа»",
    },
    "A monthly online session with a guest expert, for members who sell to "
    "small businesses across Europe.": {
        "es": "Una sesión en línea al mes con un experto invitado, para quienes "
        "venden a pequeñas empresas de toda Europa.",
        "id": "Sesi daring bulanan bersama pakar tamu, bagi anggota yang "
        "menjual ke usaha kecil di seluruh Eropa.",
        "ru": "Раз в месяц — онлайн-встреча с приглашённым экспертом для тех, "
        "кто продаёт малому бизнесу по всей Европе.",
    },
    "Networking breakfast": {
        "es": "Desayuno de contactos",
        "id": "Sarapan jejaring",
        "ru": "Деловой завтрак-знакомство",
    },
    "Guest expert webinar": {
        "es": "Webinar con experto invitado",
        "id": "Webinar bersama pakar tamu",
        "ru": "Вебинар с приглашённым экспертом",
    },
    "Our guest expert is ill; we will rebook her.": {
        "es": "Nuestra experta invitada está enferma; buscaremos otra fecha con ella.",
        "id": "Pakar tamu kami sedang sakit; kami akan menjadwalkan ulang sesinya.",
        "ru": "Наш приглашённый эксперт заболела — мы договоримся с ней о новой дате.",
    },
    "Breakfast running order": {
        "es": "Programa del desayuno",
        "id": "Susunan acara sarapan",
        "ru": "Программа завтрака",
    },
    "Bring twenty business cards.": {
        "es": "Trae veinte tarjetas de presentación.",
        "id": "Bawalah dua puluh kartu nama.",
        "ru": "Возьмите с собой двадцать визиток.",
    },
    "Welcome and coffee": {
        "es": "Bienvenida y café",
        "id": "Sambutan dan kopi",
        "ru": "Приветствие и кофе",
    },
    "Sixty-second introductions": {
        "es": "Presentaciones de un minuto",
        "id": "Perkenalan satu menit",
        "ru": "Минутные самопрезентации",
    },
    "Education moment": {
        "es": "Momento de aprendizaje",
        "id": "Sesi berbagi ilmu",
        "ru": "Полезная минутка",
    },
    "Referral exchange and thank-yous": {
        "es": "Intercambio de recomendaciones y agradecimientos",
        "id": "Tukar rekomendasi dan ucapan terima kasih",
        "ru": "Обмен рекомендациями и благодарности",
    },
    "Open networking": {
        "es": "Charla libre",
        "id": "Jejaring bebas",
        "ru": "Свободное общение",
    },
    "Accounting": {"es": "Contabilidad", "id": "Akuntansi", "ru": "Бухгалтерия"},
    "Commercial insurance": {
        "es": "Seguros para empresas",
        "id": "Asuransi bisnis",
        "ru": "Страхование бизнеса",
    },
    "Family law": {
        "es": "Derecho de familia",
        "id": "Hukum keluarga",
        "ru": "Семейное право",
    },
    "Florist": {"es": "Floristería", "id": "Toko bunga", "ru": "Цветочный магазин"},
    "Mortgage broker": {
        "es": "Asesoría hipotecaria",
        "id": "Broker KPR",
        "ru": "Ипотечный брокер",
    },
    "Photography": {"es": "Fotografía", "id": "Fotografi", "ru": "Фотография"},
    "Real estate": {"es": "Inmobiliaria", "id": "Properti", "ru": "Недвижимость"},
    "Web design": {"es": "Diseño web", "id": "Desain web", "ru": "Веб-дизайн"},
}


def translate(versions: Versions) -> None:
    """Write each original's versions into the rows that carry it."""
    for model, field in FIELDS:
        column = original(field)
        found = set(
            model.objects.filter(**{f"{column}__in": list(versions)}).values_list(
                column, flat=True
            )
        )
        for english in found:
            model.objects.filter(**{column: english}).update(
                **{
                    build_localized_fieldname(field, code): text
                    for code, text in versions[english].items()
                }
            )
