"""How a flow is declared: a table of steps and what happens on submit. handlers.forms.engine runs it.

A flow module holds its step table, its preview and its `submit`, and only the steps that are truly its
own (a period chooser, a live location). Everything every flow does alike (ask, back, skip, keep, edit from
the preview, submit once, cancel, "please type text" and "please use the buttons", one length rule, the
per-person draft that survives kill -9, one stale-button rule) is the engine's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from presentation.i18n import t

if TYPE_CHECKING:
    from telegram import Update

    from presentation.context import FieldContext

Draft = Mapping[str, Any]
# (language, draft) -> text: how a step asks, and how it is named in the edit menu.
Render = Callable[[str, Draft], str]


class Kind(StrEnum):
    """What kind of answer a step takes."""

    TEXT = "text"  # typed text, within `limit` UTF-16 units (as Telegram counts)
    NUMBER = "number"  # a typed whole number within `minimum`..`maximum` (or one of `choices`)
    CHOICE = "choice"  # one of `choices`, with the buttons (ratings too: 1-5 as five buttons)
    PHOTO = "photo"  # one photo (its file_id)
    PHOTOS = "photos"  # any number of photos, then Done
    LOCATION = "location"  # a location pin: {"latitude": …, "longitude": …}


@dataclass(frozen=True)
class Invalid:
    """A typed answer a step refuses: the catalog key of the reason, and its values."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


# (update, context, "Question n of N.") -> the state: a step the flow asks itself (a customer chooser); its
# own handlers give the answer with handlers.forms.answers.answered.
OwnAsk = Callable[["Update", "FieldContext", str], Awaitable[str]]


@dataclass(frozen=True)
class Reopen:
    """What `submit` returns instead of filing when an answer no longer holds: why (a catalog key) and the
    step to ask again."""

    key: str
    step: str


# (update, context, the pressed button's argument) -> the next state: a flow's own button (a customer list's).
FormAction = Callable[["Update", "FieldContext", str], Awaitable["str | int | None"]]
# (typed text, draft) -> the value to store, or why not.
Parse = Callable[[str, "Draft"], "Any | Invalid"]
# (context, parsed value, draft) -> why not, or None: checks that need the database (a name already taken).
Check = Callable[["FieldContext", Any, "Draft"], Awaitable["Invalid | None"]]


@dataclass(frozen=True)
class Step:
    """One question of a flow."""

    key: str
    question: Render
    title: Render
    kind: Kind = Kind.TEXT
    limit: int = 2000
    skippable: bool = False
    # For CHOICE steps (and quick answers of NUMBER steps): (button label, stored value) pairs.
    choices: Callable[[str, Draft], Sequence[tuple[str, str]]] | None = None
    # TEXT and NUMBER: further checks of what was typed (a phone number's shape, a date).
    parse: Parse | None = None
    check: Check | None = None  # TEXT and NUMBER: run after `parse`
    columns: int = 1  # CHOICE: buttons per row
    ask: OwnAsk | None = None  # asked by the flow itself instead of the engine
    minimum: int | None = None  # NUMBER
    maximum: int | None = None  # NUMBER; PHOTOS: at most this many
    # A step's own buttons (made with engine.button(form, context, label, action, arg) by its `ask`): what
    # each action does with the button's argument. Like the engine's, only buttons of the prompt shown last
    # while this step is asked get through.
    actions: Mapping[str, FormAction] = field(default_factory=dict)


def text(key: str, **values: object) -> Render:
    """A step's text that is one catalog text (with fixed `values`) whatever the draft."""

    def render(lang: str, _draft: Draft) -> str:
        return t(lang, key, **values)

    return render


def asked(key: str, question: str | Render, title: str | Render, **rules: Any) -> Step:
    """A step asked with `question` and named `title` in the Edit list: catalog keys, or Renders."""
    return Step(
        key=key,
        question=text(question) if isinstance(question, str) else question,
        title=text(title) if isinstance(title, str) else title,
        **rules,
    )


@dataclass(frozen=True)
class Form:
    """A flow: its name (the draft's key, the conversation's name, the buttons' namespace), its steps
    (which may depend on the draft, e.g. weekly or monthly), its preview and its submit."""

    name: str
    steps: Callable[[Draft], Sequence[Step]]
    # The preview's pages (the engine adds Edit / Submit / Cancel under the last one).
    preview: Callable[[FieldContext, Draft], Awaitable[Sequence[str]]]
    # File what was answered, exactly once; returns the text that tells the person it is done.
    # (or Reopen: a step to ask again first, e.g. a customer moved to another team meanwhile).
    submit: Callable[[FieldContext, Draft], Awaitable[str | Reopen]]
    # The catalog key of the preview's submit button (a check-in's "✅ Check in").
    submit_label: str = "common.submit"
    # The flow's own buttons outside its questions (a list and its pickers before the form opens), made with
    # engine.button: what each action does with the button's argument; only the last prompt's get through.
    actions: Mapping[str, FormAction] = field(default_factory=dict)

    def step(self, draft: Draft, key: str) -> Step | None:
        """The step called `key` under this draft, if it has one."""
        return next((s for s in self.steps(draft) if s.key == key), None)

    @property
    def answer_state(self) -> str:
        return f"{self.name}.answer"

    @property
    def preview_state(self) -> str:
        return f"{self.name}.preview"
