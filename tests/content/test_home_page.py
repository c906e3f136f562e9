from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from content.models import HomePage
from tests.builders import make_user


class HomePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.home.body = [
            ("heading", "How a club works"),
            ("paragraph", "<p>We meet on the first Tuesday.</p>"),
            (
                "call_to_action",
                {
                    "heading": "Come as a guest",
                    "text": "",
                    "button_label": "Join us",
                    "button_url": "https://example.com/join",
                },
            ),
        ]
        cls.home.save_revision().publish()

    def test_a_fresh_install_serves_a_home_page(self):
        self.assertIsInstance(self.home, HomePage)
        self.assertPageIsRoutable(self.home)
        self.assertPageIsRenderable(self.home)

    def test_the_home_page_shows_its_hero_and_blocks(self):
        response = self.client.get("/")

        self.assertContains(response, "<h1>Grow your business", html=False)
        self.assertContains(response, "<h2>How a club works</h2>", html=True)
        self.assertContains(response, "We meet on the first Tuesday.")
        self.assertContains(response, 'href="https://example.com/join"')

    def test_editors_can_edit_it_in_the_admin(self):
        post_data = nested_form_data(
            {
                "title": "Home",
                "slug": "home",
                "hero_heading": "Meet, refer, grow",
                "hero_text": "",
                "hero_button_label": "",
                "hero_button_url": "",
                "body": streamfield(
                    [("paragraph", rich_text("<p>First Tuesday, 7:30.</p>"))]
                ),
            }
        )
        self.assertPageIsEditable(
            self.home,
            post_data=post_data,
            user=make_user(is_superuser=True, is_staff=True),
        )

    def test_there_is_one_home_page_at_the_top(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
