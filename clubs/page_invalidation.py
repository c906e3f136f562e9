"""When the page cache forgets a club's pages: whenever a club, a series, a
meeting, a place at it or its agenda is written, from wherever (a service, the
admin's edit views, a data fix in the shell).

Model signals rather than a call in each service, for this one concern: the
admin's viewsets save these models directly, and a missed call would show a
stale page for minutes. Seat counts, which the services change with
`UPDATE … SET confirmed_count = …` (no signal), forget the pages in
clubs.services.registrations themselves. The domain flow itself never hangs
on a signal.
"""

from django.db.models.signals import post_delete, post_save

from clubs.caching import club_pages_forget
from clubs.models import Agenda, Club, Occurrence, Registration, Series


def _club_id(instance) -> int | None:
    if isinstance(instance, Club):
        return instance.pk
    if isinstance(instance, Series):
        return instance.club_id
    if isinstance(instance, Occurrence):
        return _series_club_id(instance)
    if type(instance).occurrence.is_cached(instance):
        return _series_club_id(instance.occurrence)
    occurrence = Occurrence.objects.filter(pk=instance.occurrence_id)
    return occurrence.values_list("series__club_id", flat=True).first()


def _series_club_id(occurrence) -> int | None:
    if Occurrence.series.is_cached(occurrence):
        return occurrence.series.club_id
    series = Series.objects.filter(pk=occurrence.series_id)
    return series.values_list("club_id", flat=True).first()


def _forget(sender, instance, **kwargs):
    if kwargs.get("raw"):  # fixtures being loaded
        return
    club_id = _club_id(instance)
    if club_id is not None:
        club_pages_forget(club_id)


def connect() -> None:
    for model in (Club, Series, Occurrence, Registration, Agenda):
        post_save.connect(_forget, sender=model, dispatch_uid=f"pages-{model}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"pages-{model}-")
