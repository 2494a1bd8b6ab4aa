"""Issue 21: a watch finds its own spelling in running text, for thousands of real names of many countries.

The names are a fixed sample (``tests/names/sample.tsv``, from names-dataset; ``generated.tsv`` for the
countries it lacks), so the test needs no optional package; ``bench/names.py`` prints the same per country
and regenerates the sample. A name that is not found must have been refused at /watch with a reason.
"""

from __future__ import annotations

from collections import Counter

from bot.matching import Lexicon
from tests.names.invariant import check_all, load


def test_thousands_of_real_names_from_many_countries_find_their_own_spelling(lexicon: Lexicon) -> None:
    names = load()
    countries = Counter(n.country for n in names)
    assert len(names) >= 5000
    assert len(countries) >= 20
    outcomes = check_all(lexicon, names)
    holds = sum(o.holds for o in outcomes)
    silent = [o for o in outcomes if not o.holds and not o.refused]
    assert holds / len(outcomes) >= 0.995, [o.failed for o in outcomes if not o.holds][:20]
    assert len(silent) <= len(outcomes) // 1000, [(o.name, o.failed) for o in silent]
    for o in outcomes:
        if o.refused:  # refused at /watch, and said why (never silently dead)
            assert o.refused.split()[0] in {"no_surname", "frequent_word", "common_word", "place", "given_name"}
