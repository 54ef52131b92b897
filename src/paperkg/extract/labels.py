"""Keep only paperkg's labels among the entities, as a spaCy component.

The statistical model is trained with all six SciERC labels (OtherScientificTerm and Generic help it find
boundaries); those two are not concepts, and removing them here lets the rule components after it label
those tokens if they know better.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from paperkg.model import CONCEPT_KINDS

DEFAULT_LABELS = [kind.value for kind in CONCEPT_KINDS]


@Language.factory("paperkg_labels", default_config={"labels": DEFAULT_LABELS})
def make_labels(nlp: Language, name: str, labels: list[str]) -> KeepLabels:
    return KeepLabels(labels)


class KeepLabels:
    """Drop every entity whose label is not in `labels`."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = frozenset(labels)

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [ent for ent in doc.ents if ent.label_ in self.labels]
        return doc
