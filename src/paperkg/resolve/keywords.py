"""Author keywords → Mentions, so that they resolve into concepts and links like the extractor's mentions.

A keyword takes its kind from the vocabulary when its key is a label there (Method, then Dataset, Task,
Metric), else Task: the keywords authors give at ML venues (`Deep learning`, `Theory`, `Reinforcement
Learning`) name problems and areas far more often than methods. The mention's field is `keywords`, which
is the provenance that says "author keyword"; its offsets are into the keywords joined by `; `.
"""

from __future__ import annotations

from collections.abc import Callable

from paperkg.model import CONCEPT_KINDS, Kind, Mention, Paper
from paperkg.resolve.vocabulary import Vocabulary

FIELD = "keywords"
SEPARATOR = "; "


def field_text(paper: Paper, field: str) -> str:
    """The text a mention's offsets point into: the title, the abstract, or the joined keywords."""
    if field == "title":
        return paper.title
    return SEPARATOR.join(paper.keywords) if field == FIELD else paper.abstract


def keyword_mentions(paper: Paper, vocabulary: Vocabulary, key: Callable[[str], str]) -> list[Mention]:
    """One mention per author keyword, each its own "sentence" of the keywords field; `key` is the
    concept key the vocabulary is indexed by."""
    mentions, start = [], 0
    for index, keyword in enumerate(paper.keywords):
        end = start + len(keyword)
        kind = next((kind for kind in CONCEPT_KINDS if vocabulary.lookup(kind, key(keyword))), Kind.TASK)
        mentions.append(Mention(start=start, end=end, text=keyword, label=kind, field=FIELD, sentence=index,
                                sentence_start=start, sentence_end=end))
        start = end + len(SEPARATOR)
    return mentions
