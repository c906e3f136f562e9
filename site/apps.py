from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "clubsite"
    label = "clubsite"
    verbose_name = "Site"
