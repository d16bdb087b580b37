"""Every state change of a workshop, one function per domain operation.

HTTP views, Socket.IO handlers and CLI commands all call these; none of them changes a model
directly. A service validates the domain rules (stage, budget, ownership, lengths), changes the
objects, flushes and records what changed (:mod:`.changes`); the caller commits once or rolls
back. No Flask request or Socket.IO object is used here.

Reading for screens and exports lives in :mod:`.live` (snapshots, tallies, results).
"""

from ..session_templates import ThemeSpec, default_themes
from . import presence, privacy
from .accounts import authenticate, create_facilitator, facilitator_exists
from .actors import Actor
from .errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    OverBudget,
    RoomFull,
    ServiceError,
    WrongStage,
)
from .focus import choose_focus
from .moderation import (
    approve_problem,
    edit_problem,
    hide_problem,
    hide_prototype,
    merge_problems,
    move_problem,
    set_focus,
    set_premoderation,
    undo,
    unhide_problem,
    unhide_prototype,
)
from .participants import join, participant_for_token
from .photos import add_photo
from .problems import post_problem, set_support
from .prototypes import create_prototype
from .ratings import my_ratings, rate
from .responses import give_feedback, record_response
from .team import invite, list_team, member_for_token, revoke, team_member
from .timer import add_time, set_timer_lock, start_timer, stop_timer
from .votes import cast_problem_vote, cast_vote, my_problem_votes, my_votes
from .workshops import (
    advance_stage,
    create_workshop,
    duplicate_workshop,
    get_workshop_by_code,
    open_round,
    reveal_results,
    show_on_projector,
    update_settings,
)

__all__ = [
    "Actor",
    "Forbidden",
    "InvalidInput",
    "NotFound",
    "OverBudget",
    "RoomFull",
    "ServiceError",
    "ThemeSpec",
    "WrongStage",
    "add_photo",
    "add_time",
    "advance_stage",
    "approve_problem",
    "authenticate",
    "cast_problem_vote",
    "cast_vote",
    "choose_focus",
    "create_facilitator",
    "create_prototype",
    "create_workshop",
    "default_themes",
    "duplicate_workshop",
    "edit_problem",
    "facilitator_exists",
    "get_workshop_by_code",
    "give_feedback",
    "hide_problem",
    "hide_prototype",
    "invite",
    "join",
    "list_team",
    "member_for_token",
    "merge_problems",
    "move_problem",
    "my_problem_votes",
    "my_ratings",
    "my_votes",
    "open_round",
    "participant_for_token",
    "post_problem",
    "presence",
    "privacy",
    "rate",
    "record_response",
    "reveal_results",
    "revoke",
    "set_focus",
    "set_premoderation",
    "set_support",
    "set_timer_lock",
    "show_on_projector",
    "start_timer",
    "stop_timer",
    "team_member",
    "undo",
    "unhide_problem",
    "unhide_prototype",
    "update_settings",
]
