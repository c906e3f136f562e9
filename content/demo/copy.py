"""The words of the demo pages (`content.demo.pages`): English and Spanish
here, Indonesian and Russian in `copy_id` and `copy_ru`, the guides in
`copy_guides`.

Stream bodies are written as Wagtail stores them ({"type", "value"}), so the
blocks validate and render exactly as an editor's would. `{club}` stands for
the demo breakfast club's id, filled in when the page is built.
"""

from content.demo import copy_id, copy_ru
from content.demo.copy_guides import ARTICLE_INDEX, ARTICLES
from content.demo.streams import faq, steps

__all__ = ["ARTICLE_INDEX", "ARTICLES", "HOME", "LANDING", "SHARE_KIT"]

HOME = {
    "es": {
        "title": "Inicio",
        "hero_heading": "Haz crecer tu negocio gracias a quienes te conocen",
        "hero_text": "Clubes de desayuno y grupos de mentes maestras para dueños de "
        "pequeños negocios que se recomiendan unos a otros.",
        "hero_button_label": "Encuentra una reunión",
        "body": [
            ("heading", "Cómo funciona un club"),
            (
                "paragraph",
                "<p>Cada club se reúne una vez al mes, a la misma hora y en el mismo "
                "lugar. Cada miembro presenta su negocio en un minuto, un experto "
                "invitado enseña algo útil y todos salen con al menos un nombre al que "
                "llamar.</p>",
            ),
        ],
    },
    "id": copy_id.HOME,
    "ru": copy_ru.HOME,
}


LANDING = {
    "en": {
        "title": "Bring a guest to breakfast",
        "slug": "bring-a-guest",
        "search_description": "Come to a Northside Business Breakfast as a member's "
        "guest: your first breakfast is on the house.",
        "body": [
            (
                "hero",
                {
                    "headline": "Your first breakfast is on us",
                    "text": "A member thought you should meet the Northside "
                    "Business Breakfast: thirty owners of local service businesses "
                    "who send each other work. Come once, as their guest.",
                    "button_label": "Pick a breakfast",
                    "button_url": "#meetings",
                },
            ),
            (
                "rich_text",
                "<p>We meet on the first Tuesday of every month at 7:30, at the "
                "Lakeview Diner. Everyone gets a minute to say what they do and who "
                "they are looking for, a member teaches something for ten minutes, "
                "and then we pass referrals around the table. You are out by "
                "nine.</p>",
            ),
            (
                "steps",
                steps(
                    "How it works",
                    [
                        ("Pick a date", "Choose one of the next breakfasts below."),
                        (
                            "Register as a guest",
                            "Your name and email are all we ask. You get a "
                            "calendar invite.",
                        ),
                        (
                            "Bring business cards",
                            "Say what you do in a minute, and meet the people who "
                            "can send you work.",
                        ),
                    ],
                ),
            ),
            (
                "testimonials",
                {
                    "heading": "Guests who stayed",
                    "testimonials": [
                        {
                            "quote": "I came as Rosa's guest and left with two "
                            "introductions. One became my biggest client that year.",
                            "name": "Priya Natarajan",
                            "business": "Lanternfish Studio",
                        },
                        {
                            "quote": "No hard sell, good coffee, and people who "
                            "actually follow up.",
                            "name": "Tomás Herrera",
                            "business": "Herrera Home Loans",
                        },
                    ],
                },
            ),
            ("reward_terms", {"heading": "What you both get"}),
            (
                "upcoming_meetings",
                {
                    "heading": "Come to the next breakfast",
                    "club": "{club}",
                    "series": None,
                    "count": 3,
                },
            ),
            (
                "faq",
                faq(
                    "Questions",
                    [
                        (
                            "Do I have to join?",
                            "No. Come as a guest as often as you like before you "
                            "decide; members join when it is worth it to them.",
                        ),
                        (
                            "What does it cost?",
                            "Your first breakfast is on the house. After that you "
                            "pay for what you eat.",
                        ),
                        (
                            "Can two people from the same trade come?",
                            "Each trade has one seat among the members, so "
                            "referrals are not split. Guests of any trade are "
                            "welcome.",
                        ),
                    ],
                ),
            ),
        ],
    },
    "es": {
        "title": "Trae un invitado al desayuno",
        "slug": "trae-un-invitado",
        "search_description": "Ven al Northside Business Breakfast como invitado de "
        "un miembro: tu primer desayuno corre por cuenta del club.",
        "body": [
            (
                "hero",
                {
                    "headline": "Tu primer desayuno corre por nuestra cuenta",
                    "text": "Un miembro pensó que deberías conocer el Northside "
                    "Business Breakfast: treinta dueños de negocios de servicios "
                    "que se recomiendan trabajo. Ven una vez, como su invitado.",
                    "button_label": "Elige un desayuno",
                    "button_url": "#meetings",
                },
            ),
            (
                "rich_text",
                "<p>Nos reunimos el primer martes de cada mes a las 7:30 en el "
                "Lakeview Diner. Cada persona tiene un minuto para contar qué hace "
                "y a quién busca, un miembro enseña algo durante diez minutos y "
                "luego nos pasamos recomendaciones. A las nueve terminamos.</p>",
            ),
            (
                "steps",
                steps(
                    "Cómo funciona",
                    [
                        ("Elige una fecha", "Escoge uno de los próximos desayunos."),
                        (
                            "Inscríbete como invitado",
                            "Solo pedimos tu nombre y tu correo. Recibirás una "
                            "invitación de calendario.",
                        ),
                        (
                            "Trae tarjetas de visita",
                            "Cuenta en un minuto qué haces y conoce a quienes "
                            "pueden enviarte trabajo.",
                        ),
                    ],
                ),
            ),
            (
                "testimonials",
                {
                    "heading": "Invitados que se quedaron",
                    "testimonials": [
                        {
                            "quote": "Vine como invitada de Rosa y me fui con dos "
                            "presentaciones. Una se convirtió en mi mejor cliente.",
                            "name": "Priya Natarajan",
                            "business": "Lanternfish Studio",
                        },
                    ],
                },
            ),
            ("reward_terms", {"heading": "Lo que reciben los dos"}),
            (
                "upcoming_meetings",
                {
                    "heading": "Ven al próximo desayuno",
                    "club": "{club}",
                    "series": None,
                    "count": 3,
                },
            ),
            (
                "faq",
                faq(
                    "Preguntas",
                    [
                        (
                            "¿Tengo que hacerme miembro?",
                            "No. Puedes venir como invitado antes de decidir.",
                        ),
                        (
                            "¿Cuánto cuesta?",
                            "Tu primer desayuno es gratis. Después pagas lo que "
                            "consumes.",
                        ),
                    ],
                ),
            ),
        ],
    },
    "id": copy_id.LANDING,
    "ru": copy_ru.LANDING,
}

SHARE_KIT = {
    "en": {
        "name": "Breakfast invitation",
        "email_subject": "Come to breakfast with me?",
        "email_body": "Hi,\n\nOnce a month I have breakfast with a group of local "
        "business owners who send each other work. I think you would get a lot "
        "out of it, and your first breakfast is on the house.\n\nHere are the "
        "dates, pick one and register as my guest:\n{link}\n\n{name}",
        "post_text": "Local business owners, good coffee, real referrals. Come to "
        "the Northside Business Breakfast as my guest: {link}",
        "hashtags": "networking smallbusiness Chicago",
    },
    "es": {
        "name": "Invitación al desayuno",
        "email_subject": "¿Vienes a desayunar conmigo?",
        "email_body": "Hola:\n\nUna vez al mes desayuno con un grupo de dueños de "
        "negocios locales que se recomiendan trabajo. Creo que te vendría bien, y "
        "tu primer desayuno es gratis.\n\nElige una fecha e inscríbete como mi "
        "invitado:\n{link}\n\n{name}",
        "post_text": "Negocios locales, buen café y recomendaciones de verdad. Ven "
        "al Northside Business Breakfast como mi invitado: {link}",
        "hashtags": "networking pymes Chicago",
    },
    "id": copy_id.SHARE_KIT,
    "ru": copy_ru.SHARE_KIT,
}

# The site's default share card (Settings → Sharing): the home page's promise.
DEFAULT_SHARE_TITLE = "Grow your business through people who know you"
