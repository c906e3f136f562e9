"""Public pages of clubs and their meetings, and registering for them."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clubs.cached_forms import (
    guest_form_token,
    guest_form_token_stale,
    post_refusal,
)
from clubs.caching import club_tag, greeting_page, is_personal, public_page, visitor
from clubs.calendar import google_calendar_url, outlook_calendar_url
from clubs.cookies import touch_from_request
from clubs.forms.registrations import GuestRegistrationForm, ResendLinkForm
from clubs.links import absolute
from clubs.models import Club, Payment, Registration, Series, Subscription
from clubs.money import Money
from clubs.ratelimits import limit, meeting_key, throttle
from clubs.selectors.agendas import published_agenda
from clubs.selectors.attribution import inviter_for, public_name
from clubs.selectors.calendars import club_feed_url
from clubs.selectors.clubs import (
    club_is_host,
    club_membership,
    clubs_for_directory,
    clubs_visible_to,
    occurrence_to_register,
)
from clubs.selectors.meetings import (
    meeting_cover,
    meeting_place,
    occurrence_for_page,
    person_registration,
    person_registrations,
    upcoming_occurrences,
    who_is_going,
)
from clubs.selectors.payments import (
    checkout_returned_from,
    club_dues,
    occurrence_prices,
    online_payment_ready,
    place_payment,
    price_for_membership,
    refund_deadline,
    registrations_with_payments,
)
from clubs.selectors.referral_reports import club_referral_totals
from clubs.selectors.subscriptions import dues_payable_online, person_subscription
from clubs.seo import share_image
from clubs.services.memberships import club_join as join_service
from clubs.services.payments import (
    checkout_start,
    checkout_start_place_already_held,
    place_cancel,
)
from clubs.services.registrations import (
    guest_registration_create,
    registration_create,
    registration_link_resend,
    registration_restore,
    restore_refusal,
)
from clubs.services.subscriptions import club_leave as club_leave_service
from clubs.structured_data import event_json_ld
from clubs.tokens import (
    MANAGE_SALT,
    link_check_expiry,
    registration_check_in_token,
    registration_manage_token,
    registration_pk_from_token,
)
from clubs.views.expired_links import expired_link_page


def club_directory(request):
    clubs = clubs_for_directory(person=request.user)
    return TemplateResponse(request, "clubs/club_directory.html", {"clubs": clubs})


def club_detail(request, slug):
    club = _club_or_404(request, slug)
    person = visitor(request)
    membership = club_membership(person=person, club=club)
    subscription = person_subscription(club=club, person=person)
    context = {
        "user": person,
        "club": club,
        "occurrences": upcoming_occurrences(club=club),
        "hosted": upcoming_occurrences(
            club=club, purpose=Series.Purpose.TRAINING, limit=3
        ),
        "membership": membership,
        "subscription": subscription,
        "pay_dues": dues_payable_online(
            club=club, membership=membership, subscription=subscription
        ),
        "is_host": club_is_host(person=person, club=club),
        "feed_url": club_feed_url(club=club, person=person),
        "club_totals": club_referral_totals(club),
        "dues": club_dues(club),
        "online_payment": online_payment_ready(),
    }
    response = TemplateResponse(request, "clubs/club_detail.html", context)
    return _public_for_visitors(request, response, club)


@require_POST
@login_required
def club_join(request, slug):
    club = _club_or_404(request, slug)
    try:
        membership = join_service(club=club, person=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _joined_message(membership))
    return redirect("club_detail", slug=club.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def club_leave(request, slug):
    """Leaving takes a second step, which says what goes with it."""
    club = _club_or_404(request, slug)
    membership = club_membership(person=request.user, club=club)
    if request.method != "POST":
        active = membership and membership.status == membership.Status.ACTIVE
        if not active or club.kind == Club.Kind.MASTERMIND:
            raise Http404
        subscription = person_subscription(club=club, person=request.user)
        paying = subscription is not None and subscription.status in Subscription.OPEN
        context = {"club": club, "paying": paying}
        return TemplateResponse(request, "clubs/club_leave_confirm.html", context)
    try:
        if membership is None:
            raise ValidationError(_("You are not a member of this club."))
        if club.kind == Club.Kind.MASTERMIND:  # the seat goes to the waitlist
            raise ValidationError(_("Leave a mastermind group on its own page."))
        club_leave_service(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have left %(club)s.") % {"club": club})
    return redirect("club_detail", slug=club.slug)


def occurrence_detail(request, slug, pk, guest_form=None):
    occurrence = _occurrence_or_404(request, slug, pk)
    club = occurrence.series.club
    person = visitor(request)
    registration = person_registration(person=person, occurrence=occurrence)
    # One read of the viewer's membership serves hosting and their price.
    membership = club_membership(person=person, club=club)
    prices = occurrence_prices(occurrence)
    inviter = _inviter(request)
    guest_form = guest_form or _guest_form(inviter)
    # The cover as search engines and shared links see it.
    share_card = share_image(meeting_cover(occurrence), settings.SITE_URL)
    context = {
        **_meeting_context(occurrence),
        "user": person,
        "registration": registration,
        "manage_url": registration and _manage_url(registration),
        "guest_form": guest_form,
        "guest_form_token": guest_form_token(occurrence),
        "inviter_name": inviter and public_name(inviter),
        # Names and faces for the club's members; counts for everyone else,
        # so the page built for a visitor holds nobody's name.
        "who": who_is_going(
            occurrence=occurrence,
            with_people=membership is not None
            and membership.status == membership.Status.ACTIVE,
        ),
        "agenda": published_agenda(occurrence),
        "is_host": membership is not None and membership.is_host,
        "prices": prices,
        "your_price": price_for_membership(prices, membership),
        "online_payment": online_payment_ready(),
        "refund_deadline": refund_deadline(occurrence),
        "json_ld": event_json_ld(
            occurrence,
            club_url=reverse("club_detail", kwargs={"slug": club.slug}),
            image_url=share_card.url if share_card else "",
        ),
        "share_card": share_card,
        "feed_url": club_feed_url(club=club, person=person),
    }
    response = TemplateResponse(request, "clubs/occurrence_detail.html", context)
    response = _public_for_visitors(request, response, club)
    return greeting_page(response, greeted=inviter is not None)


def _public_for_visitors(request, response, club):
    """Anonymous visitors share one cached copy of a club's and a meeting's
    page, forgotten when the club's meetings or places change."""
    if request.method in ("GET", "HEAD") and not is_personal(request):
        return public_page(response, tags=(club_tag(club.pk),))
    return response


def _meeting_context(occurrence) -> dict:
    """What the meeting page and a place's page both show of the meeting:
    its picture, where it is, and the add-to-calendar links."""
    return {
        "occurrence": occurrence,
        "club": occurrence.series.club,
        "cover": meeting_cover(occurrence),
        "place": meeting_place(occurrence),
        "google_calendar_url": google_calendar_url(occurrence),
        "outlook_calendar_url": outlook_calendar_url(occurrence),
    }


@csrf_exempt  # checked here, without a cookie for guests (clubs.cached_forms)
@require_POST
def occurrence_register(request, slug, pk):
    """Members register with one click; guests fill in name and email."""
    refusal = post_refusal(request, personal=is_personal(request))
    if refusal is not None:
        return refusal
    person = visitor(request)
    occurrence = occurrence_to_register(person=person, slug=slug, pk=pk)
    if occurrence is None:
        raise Http404
    if not person.is_authenticated:
        return _guest_register(request, slug, occurrence)
    throttle(request, "member_registration", key="user")
    try:
        registration = registration_create(
            occurrence=occurrence,
            person=request.user,
            touch=touch_from_request(request),
            language=request.LANGUAGE_CODE,
        )
    except ValidationError as error:
        return _registration_refused(request, slug, pk, None, error)
    if registration.status == Registration.Status.HELD:
        return _to_checkout(request, registration)
    messages.success(request, _registered_message(registration))
    return redirect("occurrence_detail", slug=slug, pk=pk)


def _guest_register(request, slug, occurrence):
    """A guest gets the same answer whether or not their address already had
    a place (then the place's owner is told by email), and so does a bot that
    filled in the honeypot, which is given nothing. Limited per address and
    per meeting (settings.RATE_LIMITS)."""
    pk = occurrence.pk
    throttle(request, "guest_registration_ip")
    throttle(request, "guest_registration_meeting", key=meeting_key)
    form = _guest_form(_inviter(request), request.POST)
    if form.is_bot():
        return _guest_registered(request, slug, pk)
    try:
        _check_form_token(request, occurrence)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        answer = guest_registration_create(
            occurrence=occurrence,
            touch=touch_from_request(request),
            language=request.LANGUAGE_CODE,
            **form.cleaned_data,
        )
    except ValidationError as error:
        return _registration_refused(request, slug, pk, form, error)
    if answer.pays_now:
        return _guest_to_checkout(request, slug, answer)
    return _guest_registered(request, slug, pk)


def _check_form_token(request, occurrence) -> None:
    if not is_personal(request) and guest_form_token_stale(
        request, occurrence=occurrence
    ):
        raise ValidationError(
            _(
                "This form was open for a long time. Check your details and "
                "send it again."
            )
        )


def _guest_to_checkout(request, slug, answer):
    """Off to Stripe, new guest or not (see `guest_registration_create`):
    both come back to the page that names no place, and if Stripe cannot be
    reached, both are told so there."""
    back = request.build_absolute_uri(
        reverse(
            "occurrence_registered",
            kwargs={"slug": slug, "pk": answer.registration.occurrence_id},
        )
    )
    try:
        if answer.new:
            url = checkout_start(registration=answer.registration, return_url=back)
        else:
            url = checkout_start_place_already_held(
                registration=answer.registration,
                return_url=back,
                language=request.LANGUAGE_CODE,
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    return redirect(url)


def _guest_registered(request, slug, pk):
    messages.success(
        request,
        _(
            "Thank you! Look in your inbox: the confirmation and the link to "
            "manage your place are on their way."
        ),
    )
    return redirect("occurrence_registered", slug=slug, pk=pk)


@require_safe
def occurrence_registered(request, slug, pk):
    """Where a guest lands after registering: the same page for everyone, as
    it names nobody's place (that comes by email, with its link)."""
    occurrence = _occurrence_or_404(request, slug, pk)
    paid_for = _back_from_checkout(request, occurrence)
    if paid_for is not None and paid_for.status == Payment.Status.PAID:
        if not paid_for.place_already_held:
            return redirect(_manage_url(paid_for.registration))
    context = {
        **_meeting_context(occurrence),
        "resend_form": ResendLinkForm(),
        "confirming": paid_for is not None
        and paid_for.status in (Payment.Status.PENDING, Payment.Status.PROCESSING),
    }
    return TemplateResponse(request, "clubs/occurrence_registered.html", context)


def _back_from_checkout(request, occurrence):
    """A guest's payment they just made at Checkout (Stripe sends them back
    with its session's id). Until its webhook lands the page says so and
    refreshes itself, whether their address was new or not; once paid, a new
    guest goes on to their place, as Stripe's page is only in the hands of
    whoever paid. A payment for a place the address already had is refunded,
    never paid, so that page stays as it is: telling the two apart costs a
    real payment."""
    if request.GET.get("checkout") != "done":
        return None
    return checkout_returned_from(
        occurrence=occurrence, session_id=request.GET.get("session")
    )


@require_POST
@limit("link_resend")
def registration_link_resend_view(request, slug, pk):
    """ "Send me my link again", offered where a guest lands after registering.
    The answer is the same whether or not a link went out, and a place gets
    one resend per few minutes (clubs.services.registrations)."""
    occurrence = _occurrence_or_404(request, slug, pk)
    form = ResendLinkForm(request.POST)
    if not form.is_valid():
        context = {**_meeting_context(occurrence), "resend_form": form}
        return TemplateResponse(
            request, "clubs/occurrence_registered.html", context, status=400
        )
    email = form.cleaned_data["email"]
    registration_link_resend(occurrence=occurrence, email=email)
    messages.info(
        request,
        _(
            "If %(email)s has a place at this meeting, the link to it is on its "
            "way again. Look in that inbox in a few minutes."
        )
        % {"email": email},
    )
    return redirect("occurrence_registered", slug=slug, pk=pk)


@cache_control(private=True, no_store=True)
@expired_link_page
def registration_manage(request, token):
    """A guest's or member's own place, reached from the confirmation email
    and from Stripe Checkout (`?checkout=done` while its webhook is on its
    way: the page refreshes itself until the place is confirmed)."""
    registration = registration_from_token(token)
    payment = place_payment(registration)
    context = {
        **_meeting_context(registration.occurrence),
        "registration": registration,
        "check_in_qr": _check_in_qr(registration),
        "payment": payment,
        "token": token,
        "back_from_checkout": request.GET.get("checkout"),
        "restorable": registration.status == Registration.Status.CANCELLED
        and restore_refusal(registration) is None,
    }
    return TemplateResponse(request, "clubs/registration_manage.html", context)


@cache_control(private=True, no_store=True)
@expired_link_page
def registration_cancel_confirm(request, token):
    """Giving up a place takes a second step, which says first whether the
    money comes back (the club's cancellation policy)."""
    registration = registration_from_token(token)
    if registration.status == Registration.Status.CANCELLED:
        return redirect("registration_manage", token=token)
    if request.method == "POST":
        try:
            refund = place_cancel(registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _cancelled_message(refund))
        return redirect("registration_manage", token=token)
    context = {
        "registration": registration,
        "occurrence": registration.occurrence,
        "payment": place_payment(registration),
        "token": token,
    }
    return TemplateResponse(request, "clubs/registration_cancel.html", context)


@cache_control(private=True, no_store=True)
@expired_link_page
@require_POST
def registration_restore_view(request, token):
    """ "Changed your mind? Take my place back", offered after cancelling."""
    registration = registration_from_token(token)
    try:
        registration_restore(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Your place is back. A new calendar invite is on its way.")
        )
    return redirect("registration_manage", token=token)


@login_required
def my_meetings(request):
    """The member's own meetings, with their private calendar feed."""
    upcoming = list(person_registrations(person=request.user, upcoming=True))
    past = list(person_registrations(person=request.user, upcoming=False)[:20])
    registrations_with_payments(upcoming + past)  # one query for both lists
    context = {
        "upcoming": upcoming,
        "past": past,
        "feed_url": reverse("my_calendar_feed"),
    }
    return TemplateResponse(request, "clubs/my_meetings.html", context)


def _to_checkout(request, registration):
    """Off to Stripe to pay for the seat just held; if Stripe cannot be
    reached, to the place's page, where "Pay now" tries again."""
    try:
        url = checkout_start(
            registration=registration,
            return_url=request.build_absolute_uri(_manage_url(registration)),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_manage_url(registration))
    return redirect(url)


def _cancelled_message(refund) -> str:
    if refund is not None:
        return _(
            "Your place is cancelled and %(amount)s is on its way back to you."
        ) % {"amount": Money(refund.amount, refund.currency)}
    return _("Your place is cancelled. Thank you for freeing it.")


def _club_or_404(request, slug) -> Club:
    club = clubs_visible_to(visitor(request)).filter(slug=slug).first()
    if club is None:
        raise Http404
    return club


def _occurrence_or_404(request, slug, pk):
    occurrence = occurrence_for_page(club_slug=slug, pk=pk)
    if (
        occurrence is None
        or not clubs_visible_to(visitor(request))
        .filter(pk=occurrence.series.club_id)
        .exists()
    ):
        raise Http404
    return occurrence


def _inviter(request):
    """The member whose share link brought an anonymous visitor; the guest
    form greets them by name and credits that member without asking."""
    if visitor(request).is_authenticated:
        return None
    return inviter_for(touch_from_request(request))


def _guest_form(inviter, data=None) -> GuestRegistrationForm:
    return GuestRegistrationForm(data, invited=inviter is not None)


def _registration_refused(request, slug, pk, form, error: ValidationError):
    """Show the service's reasons beside the fields they concern, with a 400."""
    form = form or GuestRegistrationForm(data={})
    form._errors = ErrorDict(renderer=form.renderer)
    form.cleaned_data = {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
    response = occurrence_detail(request, slug, pk, guest_form=form)
    response.status_code = 400
    return response


def registration_from_token(token) -> Registration:
    """The place a manage link names: 404 when forged, gone or erased (its
    person deleted their account), ExpiredLink when its time is up (shown by
    `expired_link_page`)."""
    pk = registration_pk_from_token(token, salt=MANAGE_SALT)
    registration = (
        Registration.objects.select_related(
            "occurrence__series__club__cover_image", "occurrence__series__cover_image"
        )
        .filter(pk=pk, erased_at__isnull=True)
        .first()
    )
    if registration is None:
        raise Http404
    link_check_expiry(token, salt=MANAGE_SALT, registration=registration)
    return registration


def _manage_url(registration) -> str:
    token = registration_manage_token(registration)
    return reverse("registration_manage", kwargs={"token": token})


def _check_in_qr(registration) -> str | None:
    if registration.status != Registration.Status.CONFIRMED:
        return None
    token = registration_check_in_token(registration)
    url = absolute(reverse("registration_check_in", kwargs={"token": token}))
    return segno.make(url, error="m").svg_inline(scale=5, title=_("Check-in code"))


def _joined_message(membership) -> str:
    if membership.status == membership.Status.PENDING:
        return _("Thanks! A host will look at your request soon.")
    return _("Welcome to %(club)s.") % {"club": membership.club}


def _registered_message(registration) -> str:
    if registration.status == Registration.Status.CONFIRMED:
        return _("You're in. A confirmation with a calendar invite is on its way.")
    return _(
        "The meeting is full, so you're on the waitlist. "
        "We'll email you if a seat opens."
    )
