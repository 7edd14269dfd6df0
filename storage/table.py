"""The base of every table keyed by an id of our own: the key, and a table name that is the class's name in
snake_case (CheckIn is stored in check_in), so no model restates either. Tables keyed by Telegram's numbers
(updates, people's drafts, the instance lock) name their key and table themselves."""

from __future__ import annotations

import re

from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


def table_name(class_name: str) -> str:
    """WorkOrderEvent -> work_order_event: the names migrations 0001-0011 created."""
    return _WORD_START.sub("_", class_name).lower()


class Table(SQLModel):
    """A row with a surrogate integer key (the database assigns it on insert)."""

    id: int | None = Field(default=None, primary_key=True)

    @declared_attr  # type: ignore[arg-type]
    def __tablename__(cls) -> str:
        return table_name(cls.__name__)
