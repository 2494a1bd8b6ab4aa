"""Name matching: which watched people a text mentions, and the item's event.

Pure: no I/O. ``Matcher.compile({key: name}).find(text)`` is the whole interface.
"""

from bot.matching.events import Event, classify_event
from bot.matching.matcher import Lexicon, Matcher, MatchResult, Mention
from bot.matching.watch import InvalidWatch, WatchSpec, same_person, wider

__all__ = [
    "Event",
    "InvalidWatch",
    "Lexicon",
    "MatchResult",
    "Matcher",
    "Mention",
    "WatchSpec",
    "classify_event",
    "same_person",
    "wider",
]
