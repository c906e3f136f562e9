"""Writes for masterminds, one module per aggregate: groups, applications
(seats and the waitlist), sessions (absences and hot seats), commitments."""
