"""The domain's fixed words: statuses, renewal modes, types, computed states, kinds.

Plain tuples with no import, so that the UI's first frame (the dashboard's counts by
state) can name them without loading the records and their libraries.
"""

STATUSES = ("draft", "negotiation", "signed", "terminated")
RENEWALS = ("none", "tacit", "express")
TYPES = ("mise-a-disposition", "partenariat", "financement", "avenant", "autre")
# Computed states (FORMAT.md "Computed state"), in display order.
STATES = ("project", "upcoming", "active", "expired", "terminated")
# A partner's conventions are listed in this order of their states: what is in force
# first (the Partenaires and Réseau panes, `epn network`); `STATE_RANK.get(s, 9)`.
STATE_RANK = {"active": 0, "upcoming": 1, "project": 2, "expired": 3, "terminated": 4}
DEADLINE_KINDS = ("notice", "renewal", "end", "follow-up", "next-step")
# Filters of the network view: a computed state, or "unwritten" (no written convention).
UNWRITTEN = "unwritten"
FILTER_STATES = ("active", "upcoming", "project", "expired", "terminated", UNWRITTEN)
# Partner kinds: codes of the national schema of digital-inclusion places
# (LaMednum/standard-mediation-num), plus COLLEGE/LYCEE for schools by level.
PARTNER_KINDS = (
    "MUNI", "EPCI", "DEPT", "REG", "ETAT", "ASSO", "ECOLE", "COLLEGE", "LYCEE", "UNIV",
    "BIB", "CCAS", "CAF", "EPN", "TIERS_LIEUX", "ENTREPRISE", "PIMMS", "MSAP", "FS", "AUTRE",
)
INTERACTION_KINDS = ("meeting", "call", "mail", "report", "committee", "other")
