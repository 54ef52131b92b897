"""Identity: normalised labels, slugs and paper keys."""

from __future__ import annotations

from paperkg.model import Paper, normalise, slug


def test_normalise_folds_case_unicode_hyphens_and_space() -> None:
    assert normalise("Multi-View  Stereo") == normalise("multi view stereo") == "multi view stereo"
    assert normalise("Ｇｒａｐｈ") == "graph"  # NFKC folds full-width letters


def test_slug_is_readable_and_keeps_letters_of_any_script() -> None:
    assert slug("Graph Neural Network") == "graph-neural-network"
    assert slug("Ričards Marcinkevičs") == "ričards-marcinkevičs"
    assert slug("C++") == "c%2B%2B"


def test_slug_tells_apart_labels_that_differ_beyond_case_and_separators() -> None:
    labels = ["C", "C++", "C#", "c-sharp", "R", "R2", "α-divergence", "a-divergence", "50%", "50 %"]
    slugs = [slug(label) for label in labels]
    assert slugs.count("c") == 1
    assert len({s for s in slugs}) == len({normalise(label) for label in labels})


def test_long_slugs_are_cut_but_stay_distinct() -> None:
    a, b = "x" * 300 + "a", "x" * 300 + "b"
    assert len(slug(a)) <= 140
    assert slug(a) != slug(b)


def test_paper_key_prefers_source_ids_then_venue_and_title() -> None:
    paper = Paper(title="Attention Is All You Need", authors=(), venue="NeurIPS", year=2017)
    assert paper.key == "neurips-2017/attention-is-all-you-need"
    with_id = Paper(title="T", authors=(), ids=(("openreview", "rJ/x y"), ("doi", "10.1/AbC")))
    assert with_id.key == "doi/10.1%2FAbC"
    assert Paper(title="T", authors=()).key == "t"
