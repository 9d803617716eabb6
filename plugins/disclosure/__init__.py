"""Statistical disclosure control of indicator reports, on the establishment node (DESIGN.md §9).

``policy`` says how small is too small; ``atoms`` turns the cells' local record sets into the
unknowns an attacker faces; ``audit`` bounds a group from what is published (linear programming,
OR-Tools); ``suppression`` chooses the primary and complementary (secondary) secrets until every
small group keeps a wide enough interval.
"""
