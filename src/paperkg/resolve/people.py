"""Author names → canonical People: one node per person, shown as people write their own names."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from paperkg.model import Person, normalise

#: Name particles that stay lower case inside a name (`Julius von Kuegelgen`, `Jan van Gemert`).
PARTICLES = frozenset("van von der den de del della di da du la le ten ter bin al".split())
_WORD_START = re.compile(r"(^|[\s\-'’.])(\w)")


def display_name(raw: str) -> str:
    """NFC, white space collapsed; a name in all capitals or all lower case becomes title case.

    Mixed-case names are the person's own spelling and stay untouched (`David W. Romero`, `danah boyd`
    excepted: a one-word lower-case handle stays as written).
    """
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    letters = [char for char in name if char.isalpha()]
    if not letters or not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return name
    if " " not in name and name.islower():
        return name
    titled = _WORD_START.sub(lambda m: m.group(1) + m.group(2).upper(), name.lower())
    words = titled.split(" ")
    return " ".join(word.lower() if 0 < index < len(words) - 1 and word.lower() in PARTICLES else word
                    for index, word in enumerate(words))


def person_key(name: str) -> str:
    """The identity of a name: the display form, case-folded (`LINGYU DUAN` = `Lingyu Duan`)."""
    return normalise(display_name(name))


def resolve_people(names: Iterable[str]) -> dict[str, Person]:
    """Map each raw author name to its Person; spellings other than the display name become alt names."""
    spellings: dict[str, set[str]] = defaultdict(set)
    for name in names:
        spellings[person_key(name)].add(name)
    people = {}
    for key, raws in spellings.items():
        shown = sorted({display_name(raw) for raw in raws}, key=lambda n: (n.isupper() or n.islower(), n))
        person = Person(key=key, name=shown[0], alt_names=tuple(sorted(raws - {shown[0]})))
        people.update(dict.fromkeys(raws, person))
    return people
