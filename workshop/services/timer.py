"""The stage countdown: start, add time, stop, and whether input locks when it reaches zero.

The server holds the end time (``Workshop.timer_ends_at``, UTC on the server's clock); screens
only ever receive the time *remaining* (:func:`.live.timer`) and count down on their own
monotonic clock, so a phone whose clock is an hour off still shows what the projector shows.
Reaching zero changes nothing here: :func:`.problems.require_stage` compares the end time with
"now" on every participant intent, so the lock holds without any job running at zero.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Workshop, utcnow
from . import changes
from .errors import InvalidInput

#: The shortest countdown a trainer can start: less is a click by mistake.
TIMER_MIN = 10
#: The longest countdown (and the most time a countdown can have left after adding time).
TIMER_MAX = 2 * 60 * 60


def _ends_at(workshop: Workshop) -> datetime | None:
    """The end time, timezone-aware (SQLite hands back naive datetimes; we store UTC)."""
    ends = workshop.timer_ends_at
    if ends is not None and ends.tzinfo is None:
        ends = ends.replace(tzinfo=UTC)
    return ends


def _changed(workshop: Workshop) -> None:
    db.session.flush()
    changes.record(workshop.id, "workshop")  # the next delta's header carries the timer


def _check_length(seconds: int, field: str = "seconds") -> None:
    if not TIMER_MIN <= seconds <= TIMER_MAX:
        raise InvalidInput(
            _l(
                "A timer runs from %(lo)d seconds to %(hi)d minutes.",
                lo=TIMER_MIN,
                hi=TIMER_MAX // 60,
            ),
            field=field,
        )


def start_timer(workshop: Workshop, seconds: int) -> Workshop:
    """Start (or restart) the current stage's countdown of ``seconds``, 10 s to 2 hours.

    Starting again replaces the running countdown: the trainer's latest choice wins.
    """
    _check_length(seconds)
    workshop.timer_ends_at = utcnow() + timedelta(seconds=seconds)
    workshop.timer_seconds = seconds
    _changed(workshop)
    return workshop


def add_time(workshop: Workshop, seconds: int) -> Workshop:
    """Give the room more time ("+1 min"), on a running countdown or one that reached zero.

    On a finished countdown the time counts from now, so "+1 min" after zero gives a minute
    again (and reopens input that had locked). At most 2 hours may be left afterwards.
    """
    ends = _ends_at(workshop)
    if ends is None:
        raise InvalidInput(_l("No timer is running. Start one first."), field="seconds")
    if not 1 <= seconds <= TIMER_MAX:
        raise InvalidInput(
            _l("Add between 1 second and %(hi)d minutes.", hi=TIMER_MAX // 60), field="seconds"
        )
    now = utcnow()
    running = ends > now
    new_end = (ends if running else now) + timedelta(seconds=seconds)
    if new_end - now > timedelta(seconds=TIMER_MAX):
        raise InvalidInput(
            _l("A timer can have at most %(hi)d minutes left.", hi=TIMER_MAX // 60),
            field="seconds",
        )
    workshop.timer_ends_at = new_end
    # The length shown beside the countdown: the whole countdown so far, or the new one.
    workshop.timer_seconds = (workshop.timer_seconds or 0) + seconds if running else seconds
    _changed(workshop)
    return workshop


def stop_timer(workshop: Workshop) -> Workshop:
    """Take the countdown away (and with it any lock it put on input). Harmless without one."""
    if workshop.timer_ends_at is not None or workshop.timer_seconds is not None:
        workshop.timer_ends_at = None
        workshop.timer_seconds = None
        _changed(workshop)
    return workshop


def set_timer_lock(workshop: Workshop, on: bool) -> Workshop:
    """Whether phones stop posting and voting when the countdown reaches zero.

    A trainer may change it while a countdown runs, or after zero to reopen input at once.
    """
    if workshop.lock_at_zero != on:
        workshop.lock_at_zero = on
        _changed(workshop)
    return workshop
