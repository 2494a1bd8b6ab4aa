"""Keep one compiled matcher for all watches of all chats; recompile when they change."""

from __future__ import annotations

from dataclasses import dataclass

from bot.matching import Lexicon, Matcher, MatchResult
from storage.watches import Watch


@dataclass(frozen=True, slots=True)
class ChatMatch:
    """What one item means for one chat: the chat's watches it mentions."""

    chat_id: int
    names: tuple[str, ...]
    surfaces: tuple[str, ...]


class MatcherCache:
    """The compiled matcher, rebuilt lazily after ``invalidate()``."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._matcher: Matcher | None = None
        self._watches: dict[str, Watch] = {}

    def invalidate(self) -> None:
        self._matcher = None

    @property
    def stale(self) -> bool:
        return self._matcher is None

    def rebuild(self, watches: list[Watch]) -> None:
        specs = {}
        for w in watches:
            try:
                specs[str(w.id)] = self.lexicon.parse(w.name)
            except ValueError:
                continue  # a watch stored by an older version that no longer parses
        self._watches = {str(w.id): w for w in watches}
        self._matcher = Matcher(self.lexicon, specs)

    def match(self, text: str) -> tuple[MatchResult, list[ChatMatch]]:
        """Mentions grouped by chat."""
        assert self._matcher is not None, "rebuild() first"
        result = self._matcher.find(text)
        by_chat: dict[int, tuple[list[str], list[str]]] = {}
        for m in result.mentions:
            watch = self._watches[m.watch]
            names, surfaces = by_chat.setdefault(watch.chat_id, ([], []))
            if watch.name not in names:
                names.append(watch.name)
            if m.surface not in surfaces:
                surfaces.append(m.surface)
        return result, [ChatMatch(c, tuple(n), tuple(s)) for c, (n, s) in by_chat.items()]
