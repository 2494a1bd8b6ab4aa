"""What each chat gets from a new story: an instant alert, a digest entry, both or nothing.

Pure, like lemon24/reader's Decider: it takes the item's event, the watches it mentions and
those watches' chats as they are now, and returns decisions. The per-feed task loads the
inputs, calls ``decide`` and stores the result; nothing here touches the database or a clock.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storage.watches import Target

RELEASE = "release"


@dataclass(frozen=True, slots=True)
class Decision:
    chat_id: int
    names: tuple[str, ...]  # the chat's watches the item mentions, as the chat typed them
    surfaces: tuple[str, ...]  # how the item wrote them
    event: str
    alert: bool  # send an instant alert now
    digest: bool  # keep it for the chat's next digest (its filter applies when the digest is made)
    watches: frozenset[int] = frozenset()  # the chat's watch ids the item mentions
    updated: bool = False  # an edit of an item made it mention them

    def payload(self) -> str:
        """What an alert row carries; the story itself is read when it is sent."""
        fields = {"names": list(self.names), "surfaces": list(self.surfaces), "event": self.event}
        return json.dumps({**fields, "updated": True} if self.updated else fields, ensure_ascii=False)


def decide(event: str, found: Mapping[int, Sequence[str]], targets: Mapping[int, Target]) -> list[Decision]:
    """Decisions for every active chat whose watches ``found`` (watch id → surfaces) names, in mention order.

    A watch missing from ``targets`` no longer exists and counts for nobody.
    """
    by_chat: dict[int, tuple[list[str], list[str], set[int]]] = {}
    chats = {}
    for watch_id, surfaces in found.items():
        target = targets.get(watch_id)
        if target is None or not target.chat.active:
            continue
        chats[target.chat.id] = target.chat
        names, seen, ids = by_chat.setdefault(target.chat.id, ([], [], set()))
        ids.add(watch_id)
        if target.name not in names:
            names.append(target.name)
        seen.extend(s for s in surfaces if s not in seen)
    out = []
    for chat_id, (names, surfaces, ids) in by_chat.items():
        chat = chats[chat_id]
        alert = chat.instant and (event == RELEASE or not chat.releases_only)
        if alert or chat.digest:
            out.append(Decision(chat_id, tuple(names), tuple(surfaces), event, alert, chat.digest, frozenset(ids)))
    return out
