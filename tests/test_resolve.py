"""Resolution rules, each with hand-written cases: concept keys, acronyms, coordination, generic words,
the vocabulary, kinds, link types, `usedFor`, and people's names in both directions."""

from __future__ import annotations

import pytest

from paperkg.model import Kind, Mention, Paper, Relation
from paperkg.resolve import resolve
from paperkg.resolve.concepts import (
    concept_key,
    is_generic,
    is_specific,
    label_key,
    singular,
    split_coordination,
    tidy,
    trim,
)
from paperkg.resolve.people import are_variants, display_name, resolve_people
from paperkg.resolve.tasks import named_task, title_problem
from paperkg.resolve.vocabulary import Entry, Vocabulary

EMPTY = Vocabulary([], label_key)


def _mention(text: str, abstract: str, label: Kind, role: str = "", long_form: str = "") -> Mention:
    start = abstract.index(text)
    return Mention(start, start + len(text), text, label, sentence_end=len(abstract), role=role, long_form=long_form)


def _resolve(abstracts: list[str], found: list[list[tuple]], vocabulary: Vocabulary = EMPTY):
    papers = [Paper(title=f"Paper {i}", authors=(), abstract=text) for i, text in enumerate(abstracts)]
    mentions = [[_mention(text, abstract, *rest) for text, *rest in items]
                for abstract, items in zip(abstracts, found, strict=True)]
    return resolve(papers, mentions, vocabulary)


# ---------------------------------------------------------------- concept keys


def test_case_plural_hyphen_determiners_and_evaluative_words_share_a_key() -> None:
    forms = ["graph neural network", "Graph Neural Networks", "the graph-neural network", "GRAPH NEURAL NETWORKS",
             "a novel graph neural network", "existing graph neural networks"]
    assert {concept_key(form) for form in forms} == {"graph neural network"}
    assert singular("CNNs") == "CNN" and singular("strategies") == "strategy" and singular("loss") == "loss"


def test_generic_phrases_are_not_concepts() -> None:
    for text in ["method", "our framework", "this problem", "the models", "it", "state-of-the-art methods",
                 "the proposed approach", "tasks and datasets"]:
        assert is_generic(text), text
    assert not is_generic("graph neural network")


def test_datasets_must_carry_a_name() -> None:
    assert is_specific("CIFAR-10", Kind.DATASET) and is_specific("the Penn Treebank dataset", Kind.DATASET)
    assert not is_specific("real-world datasets", Kind.DATASET) and not is_specific("images", Kind.DATASET)
    assert is_specific("image classification", Kind.TASK)


@pytest.mark.parametrize(("text", "names"), [
    ("CIFAR-10/100", ["CIFAR-10", "CIFAR-100"]),
    ("semantic and instance segmentation", ["semantic segmentation", "instance segmentation"]),
    ("image classification and segmentation", ["image classification", "image segmentation"]),
    ("object detection and pose estimation", ["object detection", "pose estimation"]),
    ("graph neural network", ["graph neural network"]),
])
def test_coordinated_mentions_split_into_their_names(text: str, names: list[str]) -> None:
    assert split_coordination(text) == names


def test_coordination_gives_two_concepts_with_the_same_evidence() -> None:
    abstract = "We evaluate on CIFAR-10/100."
    result = _resolve([abstract], [[("CIFAR-10/100", Kind.DATASET)]])
    assert [c.label for c in result.concepts] == ["CIFAR-10", "CIFAR-100"]
    assert [link.evidence[0].text for link in result.links] == ["CIFAR-10/100", "CIFAR-10/100"]


# ---------------------------------------------------------------- acronyms, vocabulary, kinds


def test_acronym_defined_in_one_paper_resolves_in_another() -> None:
    result = _resolve(
        ["We use a graph neural network (GNN) here.", "Our GNNs are deep."],
        [[("graph neural network", Kind.METHOD), ("GNN", Kind.METHOD, "", "graph neural network")],
         [("GNNs", Kind.METHOD)]])
    assert [c.label for c in result.concepts] == ["graph neural network"]
    assert result.concepts[0].alt_labels == ("GNN", "GNNs")
    assert [(link.paper, link.relation, len(link.evidence)) for link in result.links] == [
        ("paper-0", Relation.USES, 2), ("paper-1", Relation.USES, 1)]


def test_an_acronym_picked_up_with_a_stray_bracket_is_kept_without_it() -> None:
    abstract = "An axial shifted MLP (AS-MLP) works. Code: \\url{https://example.org/AS-MLP}."
    result = _resolve([abstract], [[("axial shifted MLP", Kind.METHOD),
                                    ("AS-MLP}", Kind.METHOD, "", "axial shifted MLP")]])
    assert [(c.label, c.alt_labels) for c in result.concepts] == [("axial shifted MLP", ("AS-MLP",))]


_TASKS_AND_METHODS = Vocabulary([
    Entry("https://example.org/rl", Kind.TASK, "Reinforcement Learning", (), ()),
    Entry("https://example.org/classification", Kind.TASK, "Classification", (), ()),
    Entry("https://example.org/graph-attention", Kind.TASK, "Graph Attention", (), ()),
    Entry("https://example.org/gat", Kind.METHOD, "Graph Attention Network", ("GAT",), ()),
    Entry("https://example.org/q-learning-task", Kind.TASK, "Q-Learning", (), ()),
    Entry("https://example.org/q-learning", Kind.METHOD, "Q-Learning", (), ()),
], label_key)


@pytest.mark.parametrize(("text", "label", "task"), [
    ("model-based reinforcement learning (RL) approaches", Kind.METHOD, "reinforcement learning"),
    ("Reinforcement Learning algorithms", Kind.METHOD, "Reinforcement Learning"),
    ("classification accuracy", Kind.METRIC, "classification"),
    ("graph neural network approaches", Kind.METHOD, None),  # a method, not a task
    ("reinforcement learning", Kind.METHOD, None),  # no head: the mention is the task or the method itself
    ("classification accuracy", Kind.DATASET, None),  # only methods' and metrics' names
    ("Graph Attention Networks", Kind.METHOD, None),  # the vocabulary knows the whole name as a method
    ("Q-learning algorithms", Kind.METHOD, None),  # the vocabulary knows the name as a method too
])
def test_a_method_or_metric_named_after_a_known_task_names_the_task(text: str, label: Kind, task: str | None) -> None:
    abstract = f"We compare {text} here."
    found = named_task(_mention(text, abstract, label), _TASKS_AND_METHODS)
    assert (found and (found.text, found.label, abstract[found.start:found.end])) == (task and (task, Kind.TASK, task))


def test_the_task_a_method_is_named_after_is_addressed_with_the_sentence_as_evidence() -> None:
    abstract = "Our policies beat reinforcement learning algorithms. They are fast."
    result = _resolve([abstract], [[("reinforcement learning algorithms", Kind.METHOD)]], _TASKS_AND_METHODS)
    links = {link.concept.label: link for link in result.links}
    assert set(links) == {"Reinforcement Learning", "reinforcement learning algorithms"}
    task = links["Reinforcement Learning"]
    assert (task.relation, task.concept.kind) == (Relation.ADDRESSES, Kind.TASK)
    [evidence] = task.evidence
    assert (evidence.text, evidence.sentence) == ("reinforcement learning", abstract)
    assert abstract[evidence.start:evidence.end] == "reinforcement learning"


def test_vocabulary_gives_label_iri_and_matches_alternative_labels() -> None:
    entry = Entry("https://example.org/coco", Kind.DATASET, "MS COCO", ("COCO",), ())
    result = _resolve(["Results on COCO."], [[("COCO", Kind.DATASET)]], Vocabulary([entry], label_key))
    [concept] = result.concepts
    assert (concept.label, concept.same_as, concept.kind) == ("MS COCO", ("https://example.org/coco",), Kind.DATASET)


def test_a_concept_outside_the_vocabulary_keeps_its_best_written_label() -> None:
    abstract = "FOO BAR NETS and foo bar nets and Foo Bar Nets and Foo Bar Nets."
    result = _resolve([abstract], [[("FOO BAR NETS", Kind.METHOD), ("Foo Bar Nets", Kind.METHOD)]])
    assert [(c.label, c.key) for c in result.concepts] == [("Foo Bar Nets", "foo bar net")]


def test_each_key_gets_the_kind_most_mentions_give_it() -> None:
    abstracts = ["reinforcement learning a", "reinforcement learning b", "reinforcement learning c"]
    result = _resolve(abstracts, [[("reinforcement learning", Kind.TASK)], [("reinforcement learning", Kind.TASK)],
                                  [("reinforcement learning", Kind.METHOD)]])
    assert [c.kind for c in result.concepts] == [Kind.TASK]
    assert {link.relation for link in result.links} == {Relation.ADDRESSES}


# ---------------------------------------------------------------- link types


def test_link_types_follow_cues_title_names_and_kinds() -> None:
    abstract = "We propose FooNet for image classification on CIFAR-10, measured by accuracy."
    result = _resolve([abstract], [[("FooNet", Kind.METHOD, "proposes"), ("image classification", Kind.TASK),
                                    ("CIFAR-10", Kind.DATASET), ("accuracy", Kind.METRIC)]])
    relations = {link.concept.label: link.relation for link in result.links}
    assert relations == {"FooNet": Relation.PROPOSES, "image classification": Relation.ADDRESSES,
                         "CIFAR-10": Relation.EVALUATED_ON, "accuracy": Relation.MEASURED_BY}


def test_a_coined_method_name_in_the_title_is_proposed() -> None:
    paper = Paper(title="BarConv: Faster Convolutions", authors=(), abstract="BarConv is fast.")
    mentions = [[Mention(0, 7, "BarConv", Kind.METHOD, field="title", sentence_end=28),
                 Mention(0, 7, "BarConv", Kind.METHOD, sentence_end=16)]]
    [link] = resolve([paper], mentions, EMPTY).links
    assert link.relation == Relation.PROPOSES and len(link.evidence) == 2


@pytest.mark.parametrize("abstract", ["We apply graph neural networks to molecule generation.",
                                      "We study molecule generation using graph neural networks."])
def test_a_sentence_joining_a_method_and_a_task_gives_used_for(abstract: str) -> None:
    result = _resolve([abstract], [[("graph neural networks", Kind.METHOD), ("molecule generation", Kind.TASK)]])
    [link] = result.concept_links
    assert (link.source.label, link.relation, link.target.label) == (
        "graph neural networks", Relation.USED_FOR, "molecule generation")
    assert link.papers == ("paper-0",) and {e.text for e in link.evidence} == {"graph neural networks",
                                                                                "molecule generation"}


def test_no_used_for_without_a_joining_phrase() -> None:
    abstract = "Graph neural networks are popular. Molecule generation is hard."
    result = _resolve([abstract], [[("Graph neural networks", Kind.METHOD), ("Molecule generation", Kind.TASK)]])
    assert result.concept_links == []


# ---------------------------------------------------------------- people


def test_names_in_capitals_or_lower_case_are_title_cased() -> None:
    assert display_name("LINGYU DUAN") == "Lingyu Duan"
    assert display_name("laurent amsaleg") == "Laurent Amsaleg"
    assert display_name("JULIUS VON KUEGELGEN") == "Julius von Kuegelgen"
    assert display_name("jean-pierre o'neil") == "Jean-Pierre O'Neil"
    assert display_name("David W. Romero") == "David W. Romero"
    assert display_name("Ričards  Marcinkevičs") == "Ričards Marcinkevičs"


def _people(*bylines: tuple[str, ...], ids: tuple = ()) -> list[tuple]:
    papers = [Paper(title=str(i), authors=byline, author_ids=ids[i] if i < len(ids) else ())
              for i, byline in enumerate(bylines)]
    return resolve_people(papers)


def test_spellings_of_one_name_are_one_person_shown_as_written() -> None:
    [(a,), (b,)] = _people(("LINGYU DUAN",), ("Lingyu Duan",))
    assert a is b and a.name == "Lingyu Duan" and a.alt_names == ("LINGYU DUAN",)


@pytest.mark.parametrize(("one", "other", "shown"), [
    ("Bernhard Schoelkopf", "Bernhard Schölkopf", "Bernhard Schölkopf"),
    ("Jan Gemert", "Jan van Gemert", "Jan van Gemert"),
    ("Kfir Y Levy", "Kfir Yehuda Levy", "Kfir Yehuda Levy"),
])
def test_name_variants_with_a_shared_coauthor_are_one_person(one: str, other: str, shown: str) -> None:
    assert are_variants(one, other)
    [(a, _), (b, _)] = _people((one, "Ada Lovelace"), (other, "Ada Lovelace"))
    assert a is b and a.name == shown and a.alt_names == tuple(sorted({one, other} - {shown}))


@pytest.mark.parametrize(("one", "other"), [("Bernhard Schoelkopf", "Bernhard Schölkopf"),
                                            ("J Smith", "John Smith")])
def test_name_variants_without_a_shared_coauthor_stay_two(one: str, other: str) -> None:
    [(a, _), (b, _)] = _people((one, "Ada Lovelace"), (other, "Grace Hopper"))
    assert a is not b


def test_different_names_are_never_variants() -> None:
    assert not are_variants("John Smith", "Jane Smith")
    assert not are_variants("Wei Wang", "Wei Zhang")
    assert not are_variants("Kfir Y Levy", "Kfir Z Levy")


def test_a_shared_source_id_merges_whatever_the_spelling() -> None:
    orcid = (("orcid", "0000-0001"),)
    [(a,), (b,)] = _people(("B. Schölkopf",), ("Bernhard Schoelkopf",), ids=((orcid,), (orcid,)))
    assert a is b


def test_one_name_with_two_different_ids_is_two_people() -> None:
    [(a,), (b,), (c,)] = _people(("Wei Wang",), ("Wei Wang",), ("Wei Wang",),
                                 ids=(((("orcid", "1"),),), ((("orcid", "2"),),), ((("orcid", "1"),),)))
    assert a is c and a is not b
    assert a.key != b.key and a.name == b.name == "Wei Wang"


@pytest.mark.parametrize(("one", "other"), [("Anna Müller", "Anna Mueller"), ("Anna Müller", "Anna Muller"),
                                            ("Hervé Glotin", "Herve Glotin")])
def test_umlauts_and_accents_are_spellings(one: str, other: str) -> None:
    assert are_variants(one, other)


def test_similar_names_that_are_different_names_are_not_variants() -> None:
    assert not are_variants("Yue Wang", "Yu Wang")
    assert not are_variants("Jeff Dean", "Jeffrey Dean")  # only a shared id can say these are one person


def test_the_name_shown_prefers_full_words_to_initials() -> None:
    [(a, _), (b, _)] = _people(("Nicolas L. Roux", "Ada Lovelace"), ("Nicolas Le Roux", "Ada Lovelace"))
    assert a is b and a.name == "Nicolas Le Roux"


def test_spellings_split_differently_are_one_concept() -> None:
    result = _resolve(["Results on CIFAR10 and CIFAR-10.", "More CIFAR-10."],
                      [[("CIFAR10", Kind.DATASET), ("CIFAR-10", Kind.DATASET)], [("CIFAR-10", Kind.DATASET)]])
    assert [(c.label, c.alt_labels) for c in result.concepts] == [("CIFAR-10", ("CIFAR10",))]


def test_the_vocabulary_decides_the_kind_of_a_name_it_knows() -> None:
    entry = Entry("https://example.org/fmnist", Kind.DATASET, "Fashion-MNIST", ("FashionMNIST",), ())
    result = _resolve(["FashionMNIST models"], [[("FashionMNIST", Kind.METHOD)]], Vocabulary([entry], label_key))
    assert [(c.label, c.kind) for c in result.concepts] == [("Fashion-MNIST", Kind.DATASET)]


def test_a_mention_holding_its_definition_expands_the_acronym_elsewhere() -> None:
    result = _resolve(["Graph neural networks (GNNs) are used.", "A GNN here."],
                      [[("Graph neural networks (GNNs)", Kind.METHOD)], [("GNN", Kind.METHOD)]])
    [concept] = result.concepts
    assert concept.label == "Graph neural networks" and "GNNs" in concept.alt_labels
    assert {link.paper for link in result.links} == {"paper-0", "paper-1"}


def test_names_lose_stray_brackets_and_punctuation() -> None:
    assert tidy("AS-MLP}") == "AS-MLP" and tidy("(MVS") == "MVS" and tidy("f(x)") == "f(x)" and tidy("BERT,") == "BERT"



@pytest.mark.parametrize(("text", "name"), [
    ("adaptation (inner loop", "adaptation"),  # an opening bracket never closed
    ("gradient (AGD) template (Lan", "gradient (AGD) template"),
    ("transformer-based architectures (\\emph{e.g", "transformer-based architectures"),  # LaTeX
    ("posterior estimation (GNPE)---is", "posterior estimation (GNPE)"),
    ("an estimator $\\hat{F", "an estimator"),  # math never closed
    ("MobileNetV2|ResNet family", "MobileNetV2"),
    ("``deep neural version", "deep neural version"),
    ("Entroformer achieves state-of-the-art", "Entroformer"),  # a verb: the span ran into the sentence
    ("NES converges", "NES"),
    ("generative modeling of", "generative modeling"),  # trailing function words
    # names that stay whole
    ("graph neural networks (GNNs)", "graph neural networks (GNNs)"),
    ("sticky Hierarchical Dirichlet Process (HDP) prior", "sticky Hierarchical Dirichlet Process (HDP) prior"),
    ("f(x)", "f(x)"),
    ("$k$-means clustering", "$k$-means clustering"),
    ("Kullback--Leibler divergence", "Kullback--Leibler divergence"),
    ("probabilistic transformer $\\hat{F}$", "probabilistic transformer $\\hat{F}$"),
    ("CIFAR-10/100", "CIFAR-10/100"),
    ("Is-MLP", "Is-MLP"),
    ("state of the art", "state of the art"),
])
def test_a_name_ends_where_the_span_ran_on_into_the_sentence(text: str, name: str) -> None:
    assert trim(text) == name


def test_an_acronym_defined_in_a_run_on_span_still_stands_for_its_long_form() -> None:
    abstract = "We use posterior estimation (GNPE)---is fast. GNPE wins."
    result = _resolve([abstract], [[("posterior estimation (GNPE)---is", Kind.METHOD), ("GNPE", Kind.METHOD)]])
    assert [(c.label, c.alt_labels) for c in result.concepts] == [("posterior estimation", ("GNPE",))]


def test_a_participle_on_its_own_names_nothing() -> None:
    assert not is_specific("recently-proposed", Kind.METHOD) and not is_specific("well-established", Kind.METHOD)
    assert is_specific("Speed", Kind.METRIC) and is_specific("seed", Kind.METHOD)

# ---------------------------------------------------------------- a paper's problem from its title

_TASK_ENDINGS = Vocabulary([Entry(f"https://example.org/{name}", Kind.TASK, name, (), ()) for name in (
    "Tabular Data", "Missing Data", "Synthetic Data", "Speech Recognition", "Face Recognition", "Action Recognition")],
    label_key)


@pytest.mark.parametrize(("title", "problem"), [
    ("CKConv: Continuous Kernel Convolution For Sequential Data", "Sequential Data"),  # ends as tasks end
    ("On the Pitfalls of Analyzing Individual Neurons in Language Models",  # what it studies, a doing
     "Analyzing Individual Neurons in Language Models"),
    ("Ab-Initio Potential Energy Surfaces by Pairing GNNs with Neural Wave Functions",  # done by doing
     "Ab-Initio Potential Energy Surfaces"),
    ("Towards Principled Methods for Training Generative Adversarial Networks",
     "Training Generative Adversarial Networks"),
    ("Fast Gesture Recognition with Tiny Networks", "Fast Gesture Recognition"),
    ("Hidden Markov Models for Human Genes", None),  # an object, not a problem
    ("Recurrent Models for Electronic Neural Networks", None),  # a kind of model
    ("Sparsified SGD with Memory", None),  # a method and what it has
    ("Sinkhorn Approximation for Learning with Wasserstein Distance", None),  # one word: a field
    ("Attention Is All You Need", None),  # no pattern
])
def test_a_title_states_the_problem_a_paper_works_on(title: str, problem: str | None) -> None:
    found = title_problem(Paper(title=title, authors=(), abstract=""), _TASK_ENDINGS)
    assert (found and (found.text, title[found.start:found.end], found.label, found.field)) == (
        problem and (problem, problem, Kind.TASK, "title"))


def test_the_title_gives_a_task_only_to_papers_whose_text_names_none() -> None:
    titled = [Paper(title="Kernels for Sequential Data", authors=(), abstract="We use a kernel."),
              Paper(title="Kernels for Tabular Data", authors=(), abstract="We study speech recognition.")]
    mentions = [[_mention("kernel", titled[0].abstract, Kind.METHOD)],
                [_mention("speech recognition", titled[1].abstract, Kind.TASK)]]
    result = resolve(titled, mentions, _TASK_ENDINGS)
    tasks = sorted((link.paper, link.concept.label, link.evidence[0].field) for link in result.links
                   if link.concept.kind == Kind.TASK)
    assert tasks == [("kernels-for-sequential-data", "Sequential Data", "title"),
                     ("kernels-for-tabular-data", "Speech Recognition", "abstract")]


def test_papers_prepared_before_resolve_as_resolution_would_prepare_them() -> None:
    """`prepare` (a paper alone: its keyword and task mentions, each mention's names) done before, for
    some papers, changes nothing: a build prepares the papers it has while it extracts the new ones."""
    from paperkg.resolve import default_vocabulary, prepare

    abstracts = ["We propose graph neural networks (GNNs) for node classification on Cora.",
                 "GNNs and convolutional neural networks are used for image classification.",
                 "A study of semantic and instance segmentation on COCO."]
    papers = [Paper(title=f"Paper {i}", authors=("A B",), abstract=text, keywords=("graph learning",))
              for i, text in enumerate(abstracts)]
    found = [[_mention("graph neural networks (GNNs)", abstracts[0], Kind.METHOD, "proposes"),
              _mention("node classification", abstracts[0], Kind.TASK), _mention("Cora", abstracts[0], Kind.DATASET)],
             [_mention("GNNs", abstracts[1], Kind.METHOD), _mention("image classification", abstracts[1], Kind.TASK)],
             [_mention("semantic and instance segmentation", abstracts[2], Kind.TASK)]]
    prepared = {paper.key: prepare(paper, mentions) for paper, mentions in zip(papers[:2], found[:2], strict=True)}
    assert len(prepared[papers[0].key]) > len(found[0])  # the keyword's mention joined the paper's
    assert resolve(papers, found, default_vocabulary(), prepared=prepared) == resolve(papers, found)
