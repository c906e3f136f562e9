from clubs.models.agendas import (
    Agenda,
    AgendaItem,
    AgendaItemKind,
    AgendaTemplate,
    AgendaTemplateItem,
)
from clubs.models.attribution import (
    Attribution,
    Reward,
    RewardKind,
    RewardProgram,
)
from clubs.models.clubs import Club, Membership
from clubs.models.meetings import Occurrence, Series
from clubs.models.payments import Payment, Refund, StripeEvent
from clubs.models.people import (
    Category,
    User,
    UserManager,
    calendar_token_digest,
    default_time_zone,
    new_calendar_token,
    new_referral_code,
)
from clubs.models.referrals import Referral, ReferralStep, ThankYou
from clubs.models.registrations import Attendance, Registration
from clubs.models.subscriptions import Subscription

__all__ = [
    "Agenda",
    "AgendaItem",
    "AgendaItemKind",
    "AgendaTemplate",
    "AgendaTemplateItem",
    "Attendance",
    "Attribution",
    "Reward",
    "RewardKind",
    "RewardProgram",
    "Category",
    "Club",
    "Membership",
    "Occurrence",
    "Payment",
    "Referral",
    "Refund",
    "ReferralStep",
    "Registration",
    "Series",
    "StripeEvent",
    "Subscription",
    "ThankYou",
    "User",
    "UserManager",
    "default_time_zone",
    "calendar_token_digest",
    "new_calendar_token",
    "new_referral_code",
]
