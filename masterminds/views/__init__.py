"""The members' pages of a mastermind group: the list and each group's page
(groups.py), applying for a seat (applications.py), and the sessions with
their hot seats and commitments (sessions.py).

The group's public side (description, facilitators, seats, trainings) is for
anyone; its sessions, commitments and member list answer 404 to anyone but
its members and facilitators (`selectors.group_for_person`)."""
