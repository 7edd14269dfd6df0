"""A visit record's vocabulary: what kind of visit it was and how it ended, the words the /visit flow asks
with and the record is filed in."""

from __future__ import annotations

from enum import StrEnum


class VisitType(StrEnum):
    """What the visit was (客户拜访纪实 / 维修派工单: installation, a repair, contract service, ...)."""

    INSTALLATION = "installation"
    WARRANTY_REPAIR = "warranty_repair"
    PAID_REPAIR = "paid_repair"
    CONTRACT = "contract"
    TRAINING = "training"
    REGULAR = "regular"
    PARTS_SALE = "parts_sale"


class VisitResult(StrEnum):
    """How the visit ended; anything but resolved leaves a follow-up open."""

    RESOLVED = "resolved"
    FOLLOW_UP = "follow_up"
    WAITING_PARTS = "waiting_parts"


# Visits that need not be about one machine; repairs, installation and contract service always are.
MACHINE_OPTIONAL = frozenset({VisitType.TRAINING, VisitType.REGULAR, VisitType.PARTS_SALE})
