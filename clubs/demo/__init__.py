"""The clubs' demo data for `manage.py seed_demo`, one module per subdomain:
people, clubs and a year of meetings, referrals, and share-link visitors
with their rewards. Each is safe to run again."""

from clubs.demo import attribution, meetings, people, referrals

__all__ = ["attribution", "meetings", "people", "referrals"]
