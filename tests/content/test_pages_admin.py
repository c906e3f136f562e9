"""Editors build landing pages and articles in Wagtail without a developer:
each page type routes, renders, and is editable in the admin."""

from datetime import date

from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from content.models import ArticleIndexPage, ArticlePage, HomePage, LandingPage
from tests.builders import make_club, make_series, make_user
from tests.content.page_builders import (
    faq_block,
    hero_block,
    make_image,
    make_reward_program,
    quotes_block,
    reward_terms_block,
    steps_block,
    upcoming_block,
)


def list_block(items):
    """A ListBlock's form data, as the admin's editor posts it."""
    data = {"count": str(len(items))}
    for index, value in enumerate(items):
        data[str(index)] = {"value": value, "deleted": "", "order": str(index)}
    return data


def landing_page_form(*, title, club, image, program):
    return nested_form_data(
        {
            "title": title,
            "slug": "bring-a-friend",
            "body": streamfield(
                [
                    (
                        "hero",
                        {
                            "headline": "Meet people who refer",
                            "text": "",
                            "image": {
                                "image": image.pk,
                                "alt_text": "Members at breakfast",
                                "decorative": "",
                            },
                            "button_label": "",
                            "button_url": "",
                        },
                    ),
                    ("rich_text", rich_text("<p>Breakfast every month.</p>")),
                    (
                        "steps",
                        {
                            "heading": "How it works",
                            "steps": list_block(
                                [{"title": "Open the link", "text": "It's yours."}]
                            ),
                        },
                    ),
                    (
                        "testimonials",
                        {
                            "heading": "",
                            "testimonials": list_block(
                                [{"quote": "Great!", "name": "Ana", "business": ""}]
                            ),
                        },
                    ),
                    (
                        "faq",
                        {
                            "heading": "Questions",
                            "questions": list_block(
                                [
                                    {
                                        "question": "Is it free?",
                                        "answer": rich_text("<p>Yes.</p>"),
                                    }
                                ]
                            ),
                        },
                    ),
                    ("reward_terms", {"heading": "What you both get"}),
                    (
                        "upcoming_meetings",
                        {
                            "heading": "Come along",
                            "club": club.pk,
                            "series": "",
                            "count": "2",
                        },
                    ),
                ]
            ),
            "reward_program": program.pk,
            "share_kits": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "share_image": "",
            "action-publish": "publish",
        }
    )


class LandingPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.club = make_club()
        make_series(cls.club)
        cls.program = make_reward_program()
        cls.page = cls.home.add_child(
            instance=LandingPage(
                title="Bring a friend",
                slug="bring-a-friend",
                reward_program=cls.program,
                body=[
                    hero_block(image=make_image()),
                    steps_block(),
                    quotes_block(2),
                    faq_block(),
                    reward_terms_block(),
                    upcoming_block(club=cls.club),
                ],
            )
        )
        cls.page.save_revision().publish()
        cls.editor = make_user(is_superuser=True, is_staff=True)

    def form(self, **changes):
        fields = {"title": "Bring a friend", "club": self.club}
        fields |= {"image": make_image(), "program": self.program} | changes
        return landing_page_form(**fields)

    def test_it_is_routable_renderable_and_previewable(self):
        self.assertPageIsRoutable(self.page)
        self.assertPageIsRenderable(self.page)
        self.assertPageIsPreviewable(self.page, post_data=self.form(), user=self.editor)

    def test_an_editor_builds_the_page_from_blocks_and_publishes_it(self):
        form = self.form(title="Bring a friend along")
        self.assertPageIsEditable(self.page, post_data=form, user=self.editor)

        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]), form
        )

        self.assertEqual(response.status_code, 302)
        page = LandingPage.objects.get(pk=self.page.pk)
        self.assertEqual(page.title, "Bring a friend along")
        self.assertEqual(
            [block.block_type for block in page.body],
            [
                "hero",
                "rich_text",
                "steps",
                "testimonials",
                "faq",
                "reward_terms",
                "upcoming_meetings",
            ],
        )
        self.client.logout()
        published = self.client.get(page.url).content.decode()
        self.assertIn("Meet people who refer", published)
        self.assertIn('alt="Members at breakfast"', published)
        self.assertIn("Is it free?", published)
        self.assertEqual(published.count(">Register<"), 2)

    def test_an_upcoming_meetings_block_needs_a_club_or_a_series(self):
        form = self.form(title="Nothing to show")
        form["body-6-value-club"] = ""
        self.client.force_login(self.editor)

        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]), form
        )

        self.assertContains(response, "Choose a club or a series.")
        self.assertEqual(
            LandingPage.objects.get(pk=self.page.pk).title, "Bring a friend"
        )

    def test_landing_pages_live_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(LandingPage, {HomePage})
        self.assertCanCreateAt(HomePage, LandingPage)
        self.assertCanNotCreateAt(LandingPage, LandingPage)
        self.assertAllowedSubpageTypes(LandingPage, set())


class ArticlePagesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = Site.objects.get(is_default_site=True).root_page.specific
        cls.index = home.add_child(
            instance=ArticleIndexPage(
                title="Guides", slug="guides", intro="<p>How clubs work.</p>"
            )
        )
        cls.index.save_revision().publish()
        cls.articles = []
        for day in range(1, 14):
            article = cls.index.add_child(
                instance=ArticlePage(
                    title=f"Guide {day}",
                    slug=f"guide-{day}",
                    date=date(2025, 3, day),
                    intro=f"Intro {day}",
                    body=[("paragraph", f"<p>Body {day}</p>")],
                )
            )
            article.save_revision().publish()
            cls.articles.append(article)
        cls.draft = cls.index.add_child(
            instance=ArticlePage(
                title="Draft guide", slug="draft", date=date(2025, 4, 1), live=False
            )
        )
        cls.editor = make_user(is_superuser=True, is_staff=True)

    def test_both_are_routable_and_renderable(self):
        for page in (self.index, self.articles[0]):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)

    def test_the_index_is_editable(self):
        form = nested_form_data(
            {
                "title": "Guides and articles",
                "slug": "guides",
                "intro": rich_text("<p>Read these first.</p>"),
                "seo_title": "",
                "search_description": "",
                "share_image": "",
                "action-publish": "publish",
            }
        )
        self.assertPageIsEditable(self.index, post_data=form, user=self.editor)
        self.client.force_login(self.editor)

        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.index.pk]), form
        )

        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertContains(self.client.get(self.index.url), "Read these first.")

    def test_an_editor_writes_an_article(self):
        article = self.articles[0]
        form = nested_form_data(
            {
                "title": "Why referral programs work",
                "slug": article.slug,
                "date": "2025-03-01",
                "intro": "People trust people they know.",
                "body": streamfield(
                    [
                        ("heading", "Trust travels"),
                        ("paragraph", rich_text("<p>Ask the people who know you.</p>")),
                    ]
                ),
                "seo_title": "",
                "search_description": "",
                "share_image": "",
                "action-publish": "publish",
            }
        )
        self.assertPageIsEditable(article, post_data=form, user=self.editor)
        self.client.force_login(self.editor)

        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[article.pk]), form
        )

        self.assertEqual(response.status_code, 302)
        self.client.logout()
        page = self.client.get(article.url)
        self.assertContains(page, "<h2>Trust travels</h2>", html=True)
        self.assertContains(page, "Ask the people who know you.")

    def test_the_index_lists_live_articles_newest_first_ten_at_a_time(self):
        first = self.client.get(self.index.url).content.decode()
        second = self.client.get(self.index.url + "?page=2").content.decode()

        titles = [f"Guide {day}<" for day in range(13, 3, -1)]
        positions = [first.index(title) for title in titles]
        self.assertEqual(positions, sorted(positions))
        self.assertNotIn("Guide 3<", first)
        self.assertIn('rel="next"', first)
        for day in (3, 2, 1):
            self.assertIn(f"Guide {day}<", second)
        self.assertIn('rel="prev"', second)
        self.assertNotIn("Draft guide", first + second)
        self.assertIn("How clubs work.", first)

    def test_a_page_number_that_does_not_exist_is_not_found(self):
        for number in ("3", "0", "abc"):
            response = self.client.get(self.index.url, {"page": number})
            self.assertEqual(response.status_code, 404, number)

    def test_articles_live_in_the_index_and_the_index_under_home(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanCreateAt(ArticleIndexPage, ArticlePage)
        self.assertCanNotCreateAt(Page, ArticlePage)
