"""Author names → canonical People: one node per person, shown as people write their own names.

Who is the same person, in order of evidence:
1. the same spelling up to case and Unicode form (`LINGYU DUAN` = `Lingyu Duan`), unless the sources give
   the two different identifiers of one kind (two ORCIDs): then they are two people who share a name;
2. a shared source identifier (OpenReview profile, ORCID, DBLP, e-mail), whatever the spellings;
3. a name variant — transliterated (`Schoelkopf`/`Schölkopf`), a particle dropped (`Jan Gemert`/`Jan van
   Gemert`), a middle name or initial added (`Kfir Y Levy`/`Kfir Yehuda Levy`) — *and* a shared co-author.
Variants without a shared co-author stay apart: `J Smith` and `John Smith` may be two people.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from paperkg.model import Paper, Person, normalise

#: Name particles that stay lower case inside a name (`Julius von Kuegelgen`, `Jan van Gemert`).
PARTICLES = frozenset("van von der den de del della di da du la le ten ter bin al".split())
_WORD_START = re.compile(r"(^|[\s\-'’.])(\w)")
#: German umlauts as their transliterations (`Schölkopf` = `Schoelkopf`); other accents are dropped.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@lru_cache(maxsize=1 << 17)  # pure, and a corpus repeats its names: every byline, then every group's spellings
def display_name(raw: str) -> str:
    """NFC, white space collapsed; a name in all capitals or all lower case becomes title case.

    Mixed-case names are the person's own spelling and stay as written.
    """
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    letters = [char for char in name if char.isalpha()]
    if not letters or not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return name
    titled = _WORD_START.sub(lambda m: m.group(1) + m.group(2).upper(), name.lower())
    words = titled.split(" ")
    return " ".join(word.lower() if 0 < index < len(words) - 1 and word.lower() in PARTICLES else word
                    for index, word in enumerate(words))


def person_key(name: str) -> str:
    """The identity of a spelling: the display form, case-folded (`LINGYU DUAN` = `Lingyu Duan`)."""
    return normalise(display_name(name))


@lru_cache(maxsize=1 << 17)  # pure, and asked again for each pair of candidates a name is in
def name_parts(name: str, umlauts: bool = True) -> tuple[str, tuple[str, ...], str]:
    """(first, middles, last) of a name with accents, particles, dots and hyphens folded away; umlauts
    transliterated (`ö` → `oe`), or with `umlauts=False` stripped like other accents (`ö` → `o`)."""
    folded = unicodedata.normalize("NFC", name.casefold())
    if umlauts:
        folded = folded.translate(_UMLAUTS)
    plain = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    words = [w for w in re.split(r"[\s.\-]+", plain) if w and w not in PARTICLES]
    if not words:
        return "", (), ""
    return words[0], tuple(words[1:-1]), words[-1] if len(words) > 1 else ""


def _compatible(a: str, b: str) -> bool:
    """Two given names agree: equal, or one is the other's initial."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def are_variants(a: str, b: str) -> bool:
    """True when two names can be spellings of one name (the rule, not the evidence)."""
    return any(_same_name(name_parts(a, umlauts), name_parts(b, umlauts)) for umlauts in (True, False))


def _same_name(a: tuple[str, tuple[str, ...], str], b: tuple[str, tuple[str, ...], str]) -> bool:
    (first_a, middle_a, last_a), (first_b, middle_b, last_b) = a, b
    if not last_a or last_a != last_b or not _compatible(first_a, first_b):
        return False
    if not middle_a or not middle_b:
        return True
    return len(middle_a) == len(middle_b) and all(map(_compatible, middle_a, middle_b))


@dataclass
class _Group:
    """Occurrences (paper, position) believed to be one person, with their spellings and ids."""

    occurrences: list[tuple[int, int]]
    spellings: Counter[str]
    ids: set[tuple[str, str]]


def resolve_people(papers: Sequence[Paper]) -> list[tuple[Person, ...]]:
    """The Person behind each author of each paper, in byline order."""
    groups = _group_by_spelling(papers)
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        i, j = find(i), find(j)
        if i != j:
            parent[max(i, j)] = min(i, j)

    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        for identifier in group.ids:
            holders[identifier].append(index)
    for indices in holders.values():
        for other in indices[1:]:
            union(indices[0], other)

    group_at = {occurrence: index for index, group in enumerate(groups) for occurrence in group.occurrences}
    coauthors: dict[int, set[int]] = defaultdict(set)
    for index, group in enumerate(groups):
        for paper, position in group.occurrences:
            coauthors[index].update(group_at[paper, other] for other in range(len(papers[paper].authors))
                                    if other != position and (paper, other) in group_at)
    shown = [_shown(group.spellings) for group in groups]
    candidates: dict[tuple[str, str], list[int]] = defaultdict(list)  # same surname and first initial
    for index, name in enumerate(shown):
        for umlauts in (True, False):
            first, _, last = name_parts(name, umlauts)
            if first and last and index not in candidates[last, first[0]]:
                candidates[last, first[0]].append(index)
    for _, indices in sorted(candidates.items()):
        for i, j in combinations(indices, 2):
            if (find(i) != find(j) and are_variants(shown[i], shown[j])
                    and {find(c) for c in coauthors[i]} & {find(c) for c in coauthors[j]}
                    and not _conflicting(groups[i].ids | groups[j].ids)):
                union(i, j)

    merged: dict[int, _Group] = {}
    for index, group in enumerate(groups):
        root = merged.setdefault(find(index), _Group([], Counter(), set()))
        root.occurrences += group.occurrences
        root.spellings.update(group.spellings)
        root.ids |= group.ids
    people = _people(list(merged.values()))
    authors: list[list[Person | None]] = [[None] * len(paper.authors) for paper in papers]
    for group, person in zip(merged.values(), people, strict=True):
        for paper, position in group.occurrences:
            authors[paper][position] = person
    return [tuple(person for person in row if person is not None) for row in authors]


def _group_by_spelling(papers: Sequence[Paper]) -> list[_Group]:
    """Occurrences grouped by spelling key; a key carrying two ids of one scheme is split by that id."""
    by_key: dict[str, list[tuple[int, int, str, frozenset[tuple[str, str]]]]] = defaultdict(list)
    for p, paper in enumerate(papers):
        for position, name in enumerate(paper.authors):
            ids = paper.author_ids[position] if position < len(paper.author_ids) else ()
            by_key[person_key(name)].append((p, position, name, frozenset(i for i in ids if i[1])))
    groups = []
    for _, found in sorted(by_key.items()):
        split: dict[tuple[str, str] | None, list] = defaultdict(list)
        clash = _conflicting(set().union(*(ids for *_, ids in found)))
        for occurrence in found:
            split[min((i for i in occurrence[3] if i[0] in clash), default=None)].append(occurrence)
        if None in split and len(split) > 1:  # id-less occurrences join the largest identified namesake
            largest = min((k for k in split if k is not None), key=lambda k: (-len(split[k]), k))
            split[largest] += split.pop(None)
        for _, occurrences in sorted(split.items(), key=lambda item: item[0] or ("", "")):
            groups.append(_Group([(p, pos) for p, pos, _, _ in occurrences], Counter(n for _, _, n, _ in occurrences),
                                 set().union(*(ids for *_, ids in occurrences))))
    return groups


def _conflicting(ids: set[tuple[str, str]]) -> set[str]:
    """The id schemes with more than one value among `ids`: evidence of different people."""
    schemes = Counter(scheme for scheme, _ in ids)
    return {scheme for scheme, count in schemes.items() if count > 1}


def _shown(spellings: Counter[str]) -> str:
    """The display name of a group: as the person writes it — mixed case, with its accents, the most complete
    (full names over initials, then the initials kept)."""
    forms = Counter()
    for spelling, count in spellings.items():
        forms[display_name(spelling)] += count
    if len(forms) == 1:  # most people: nothing to choose
        return next(iter(forms))
    def completeness(form: str) -> tuple[int, int]:  # full words first, then initials: the most said
        initials = sum(_is_initial(word) for word in form.split())
        return -(len(form.split()) - initials), -initials

    return min(forms, key=lambda form: (form.isupper() or form.islower(), -sum(not c.isascii() for c in form),
                                        *completeness(form), -len(form), -forms[form], form))


def _is_initial(word: str) -> bool:
    return sum(char.isalpha() for char in word) == 1


def _people(groups: list[_Group]) -> list[Person]:
    """A Person per group; namesakes told apart by an identifier appended to the key."""
    names = [_shown(group.spellings) for group in groups]
    namesakes = Counter(normalise(name) for name in names)
    people = []
    for group, name in zip(groups, names, strict=True):
        key = normalise(name)
        if namesakes[key] > 1 and group.ids:
            scheme, value = min(group.ids)
            key = f"{key} {scheme} {value}"
        alternates = {spelling for spelling in group.spellings if spelling != name}
        people.append(Person(key=key, name=name, alt_names=tuple(sorted(alternates))))
    return people
