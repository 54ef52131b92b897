"""Resolution rules: concept keys, generic words, acronyms, and people's names."""

from __future__ import annotations

from paperkg.model import Kind, Mention, Paper
from paperkg.resolve import resolve
from paperkg.resolve.concepts import concept_key, is_generic, singular
from paperkg.resolve.people import display_name, person_key, resolve_people
from paperkg.resolve.vocabulary import Vocabulary


def test_plural_case_hyphen_and_determiners_share_a_key() -> None:
    forms = ["graph neural network", "Graph Neural Networks", "the graph-neural network", "GRAPH NEURAL NETWORKS"]
    assert {concept_key(form) for form in forms} == {"graph neural network"}
    assert singular("CNNs") == "CNN" and singular("strategies") == "strategy" and singular("loss") == "loss"


def test_generic_phrases_are_not_concepts() -> None:
    assert all(is_generic(text) for text in ["method", "our framework", "this problem", "the models", "it"])
    assert not is_generic("graph neural network")


def test_acronym_defined_in_one_paper_resolves_in_another() -> None:
    papers = [Paper(title="A", authors=(), abstract="graph neural network (GNN)"),
              Paper(title="B", authors=(), abstract="GNNs")]
    mentions = [
        [Mention(0, 20, "graph neural network", Kind.METHOD, sentence_end=26),
         Mention(22, 25, "GNN", Kind.METHOD, sentence_end=26, long_form="graph neural network")],
        [Mention(0, 4, "GNNs", Kind.METHOD, sentence_end=4)],
    ]
    resolution = resolve(papers, mentions, Vocabulary([], concept_key))
    assert [c.label for c in resolution.concepts] == ["graph neural network"]
    assert resolution.concepts[0].alt_labels == ("GNN", "GNNs")
    assert [(link.paper, link.relation.value, len(link.evidence)) for link in resolution.links] == [
        ("a", "uses", 2), ("b", "uses", 1)]


def test_names_in_capitals_or_lower_case_are_title_cased() -> None:
    assert display_name("LINGYU DUAN") == "Lingyu Duan"
    assert display_name("laurent amsaleg") == "Laurent Amsaleg"
    assert display_name("JULIUS VON KUEGELGEN") == "Julius von Kuegelgen"
    assert display_name("jean-pierre o'neil") == "Jean-Pierre O'Neil"
    assert display_name("David W. Romero") == "David W. Romero"
    assert display_name("Ričards  Marcinkevičs") == "Ričards Marcinkevičs"


def test_spellings_of_one_name_are_one_person() -> None:
    people = resolve_people(["LINGYU DUAN", "Lingyu Duan", "Jan Gemert"])
    assert people["LINGYU DUAN"] is people["Lingyu Duan"]
    assert people["Lingyu Duan"].name == "Lingyu Duan"
    assert people["Lingyu Duan"].alt_names == ("LINGYU DUAN",)
    assert person_key("Jan Gemert") != person_key("Jan van Gemert")
