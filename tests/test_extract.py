"""The extraction pipeline's own components, with hand-written sentences, and `paperkg extract`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
import srsly
from conftest import SEED, SEEDS
from spacy.pipeline import SpanRuler
from typer.testing import CliRunner

from paperkg import extract, ingest
from paperkg.cli import app
from paperkg.extract.acronyms import is_short_form, long_form_start


@pytest.fixture(scope="module")
def nlp():
    return extract.load()


def _ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in nlp(text).ents]


def test_schwartz_hearst_finds_the_long_form() -> None:
    text = "we use multi-view stereo"
    assert text[long_form_start("MVS", text):] == "multi-view stereo"
    assert long_form_start("XYZ", "a plain phrase") is None
    assert is_short_form("CNNs") and not is_short_form("e.g.") and not is_short_form("i")


def test_acronym_takes_the_label_of_its_long_form() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "Task", "pattern": "multi-view stereo"}])
    nlp.add_pipe("paperkg_acronyms")
    doc = nlp("We study multi-view stereo (MVS). Prior MVS methods are slow.")
    ents = [(ent.text, ent.label_, ent._.long_form) for ent in doc.ents]
    assert ents == [("multi-view stereo", "Task", ""), ("MVS", "Task", "multi-view stereo"),
                    ("MVS", "Task", "multi-view stereo")]


def test_unlabelled_definitions_add_nothing() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("paperkg_acronyms")
    assert nlp("We study multi-view stereo (MVS). MVS is hard.").ents == ()


def test_contribution_cues_mark_the_proposed_name(nlp) -> None:
    doc = nlp("In particular, we present a dynamic scale feature extraction network, namely, CDSFNet.")
    assert [(e.text, e.label_, e._.cue) for e in doc.ents if e.text == "CDSFNet"] == [("CDSFNet", "Method", "proposes")]
    doc = nlp("Here, we propose MoLeR, a graph-based model.")
    assert ("MoLeR", "Method", "proposes") in [(e.text, e.label_, e._.cue) for e in doc.ents]
    doc = nlp("FlexConv: Continuous Kernel Convolutions With Differentiable Kernel Sizes")
    assert ("FlexConv", "Method", "proposes") in [(e.text, e.label_, e._.cue) for e in doc.ents]


def test_ordinary_capitalised_words_are_not_proposals(nlp) -> None:
    doc = nlp("Note: we propose Learning, which is new.")
    assert not [e for e in doc.ents if e._.cue == "proposes"]


def test_dataset_cue_and_gazetteer(nlp) -> None:
    assert ("Penn Treebank", "Dataset") in _ents(nlp, "We report results on the Penn Treebank dataset.")
    assert ("CIFAR-10", "Dataset") in _ents(nlp, "Experiments on CIFAR-10 show gains in accuracy.")


def test_mentions_carry_sentence_offsets() -> None:
    nlp = extract.load()
    text = "A first sentence. We evaluate on ImageNet."
    [mentions] = list(extract.mentions(nlp, [text]))
    [imagenet] = [m for m in mentions if m.text == "ImageNet"]
    assert text[imagenet.start:imagenet.end] == "ImageNet"
    assert imagenet.sentence == 1
    assert text[imagenet.sentence_start:imagenet.sentence_end] == "We evaluate on ImageNet."


def test_extract_command_reads_and_writes_the_stable_jsonl_interface(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "We train ResNet on CIFAR-10."}) + "\n"
                      + "{broken\n" + json.dumps({"id": 7, "text": ""}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{source}:2: not JSON" in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", 7]
    text = "We train ResNet on CIFAR-10."
    for mention in lines[0]["mentions"]:
        assert set(mention) >= {"start", "end", "text", "label"}
        assert text[mention["start"]:mention["end"]] == mention["text"]
        assert mention["label"] in {"Method", "Dataset", "Task", "Metric"}
    assert {"text": "CIFAR-10", "label": "Dataset"}.items() <= next(
        m for m in lines[0]["mentions"] if m["text"] == "CIFAR-10").items()
    assert lines[1]["mentions"] == []


def test_several_processes_find_the_same_mentions_in_the_same_order(nlp, monkeypatch) -> None:
    papers = ingest.read([SEEDS]).papers
    monkeypatch.setattr(extract, "CHUNK", 16)  # 80 papers: five chunks over two processes
    one = list(extract.paper_mentions(nlp, papers))
    two = list(extract.paper_mentions(nlp, papers, n_process=2))
    assert two == one and sum(map(len, one)) > 100
    texts = [paper.abstract for paper in papers]
    assert list(extract.mentions(nlp, texts, n_process=2)) == list(extract.mentions(nlp, texts))


GAZETTEERS = ("gazetteer_exact", "gazetteer_phrases")


@pytest.fixture(scope="module")
def span_rulers() -> dict[str, SpanRuler]:
    """spaCy's own SpanRuler for each shipped gazetteer, with its patterns, on the pipeline's tokenizer."""
    path = extract.path_of()
    config = spacy.util.load_config(path / "config.cfg")
    bare = spacy.load(path, exclude=config["nlp"]["pipeline"])
    rulers = {}
    for name in GAZETTEERS:
        ruler = bare.add_pipe("span_ruler", name=name, config={
            "phrase_matcher_attr": config["components"][name]["phrase_matcher_attr"], "spans_key": None})
        with bare.select_pipes(enable=[]):
            ruler.add_patterns([{key: value for key, value in pattern.items() if key != "tokens"}
                                for pattern in srsly.read_jsonl(path / name / "patterns")])
        rulers[name] = ruler
    return rulers


def _matches(ruler, doc) -> list[tuple[int, int, str, str]]:
    return [(span.start, span.end, span.label_, span.id_) for span in ruler.match(doc)]


def test_gazetteers_match_as_spacys_span_ruler(nlp, span_rulers: dict[str, SpanRuler]) -> None:
    """The shipped gazetteers (`paperkg_phrases`) find what spaCy's SpanRuler with the same patterns finds,
    in every title and abstract of the seed and in sentences with overlapping, repeated and cased names."""
    texts = [text for paper in ingest.read([SEED]).papers for text in (paper.title, paper.abstract)]
    texts += ["Graph Neural Networks and graph neural network models beat GNN baselines on ImageNet-1k.",
              "We train BERT on ImageNet and CIFAR-10 for image classification, and report top-1 accuracy.",
              "object detection object detection; semantic segmentation of point clouds, bert, BERT."]
    found = 0
    for doc in nlp.tokenizer.pipe(texts):
        for name in GAZETTEERS:
            ours = _matches(nlp.get_pipe(name), doc)
            assert ours == _matches(span_rulers[name], doc), (name, doc.text)
            found += len(ours)
    assert found > 300


def test_gazetteer_patterns_keep_the_tokenizers_tokens(nlp) -> None:
    """Each stored pattern's tokens are what the pipeline's tokenizer makes of it (what spaCy matches)."""
    for name in GAZETTEERS:
        patterns = nlp.get_pipe(name).patterns
        assert len(patterns) > 2000
        for pattern, doc in zip(patterns, nlp.tokenizer.pipe(p["pattern"] for p in patterns), strict=True):
            assert pattern["tokens"] == [token.text for token in doc], pattern


def test_phrase_ruler_adds_removes_and_saves_its_patterns(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("paperkg_phrases", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": "Method", "pattern": "graph neural network"},
                        {"label": "Task", "pattern": "node classification", "id": "nc"}])
    text = "A Graph Neural Network for node classification."
    assert _ents(nlp, text) == [("Graph Neural Network", "Method"), ("node classification", "Task")]
    nlp.to_disk(tmp_path / "pipeline")
    assert _ents(spacy.load(tmp_path / "pipeline"), text) == _ents(nlp, text)
    ruler.remove("Method")
    assert _ents(nlp, text) == [("node classification", "Task")]
    with pytest.raises(ValueError, match="a phrase pattern is a string"):
        ruler.add_patterns([{"label": "Task", "pattern": [{"LOWER": "segmentation"}]}])


def test_plain_spacy_finds_paperkg_components_by_name() -> None:
    """The package declares its components as spaCy entry points: no import of paperkg needed."""
    script = ("import sys, spacy; nlp = spacy.blank('en'); "
              "[nlp.add_pipe(name) for name in ('paperkg_labels', 'paperkg_cues', 'paperkg_acronyms')]; "
              "print(nlp.pipe_names, 'paperkg' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "['paperkg_labels', 'paperkg_cues', 'paperkg_acronyms'] True"
    script = f"import spacy; print(spacy.load({str(extract.path_of())!r}).pipe_names)"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert "paperkg_acronyms" in loaded


def test_importing_paperkg_leaves_spacy_unloaded_until_a_pipeline_is() -> None:
    script = ("import sys, paperkg.build, paperkg.cli; before = 'spacy' in sys.modules; "
              "paperkg.extract.load(); print(before, 'spacy' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["False", "True"]


def test_only_paperkg_labels_leave_the_statistical_model() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "Generic", "pattern": "this approach"}, {"label": "Method", "pattern": "BERT"}])
    nlp.add_pipe("paperkg_labels")
    assert [(e.text, e.label_) for e in nlp("We tune BERT with this approach.").ents] == [("BERT", "Method")]


def test_the_shipped_model_finds_methods_tasks_datasets_and_metrics(nlp) -> None:
    assert nlp.pipe_names[:3] == ["tok2vec", "ner", "paperkg_labels"]
    doc = nlp("We train a convolutional neural network for image classification on CIFAR-10 and report top-1 "
              "accuracy.")
    assert {(e.text, e.label_) for e in doc.ents} == {
        ("convolutional neural network", "Method"), ("image classification", "Task"), ("CIFAR-10", "Dataset"),
        ("top-1 accuracy", "Metric")}


def test_the_extractor_loads_fast_and_fits_the_size_budget() -> None:
    import time

    started = time.perf_counter()
    extract.load()
    assert time.perf_counter() - started < 10  # a smoke bound only; load time is measured in benchmarks/
    size = sum(p.stat().st_size for p in (extract.PIPELINES / "default").rglob("*") if p.is_file())
    assert size < 50 * 1024 * 1024
