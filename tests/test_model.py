"""Identity: normalised labels, slugs and paper keys."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

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
    assert with_id.key == "doi/10.1/abc"
    assert Paper(title="T", authors=()).key == "t"


def test_paper_keys_from_ids_are_readable_and_stable() -> None:
    def key(scheme: str, value: str) -> str:
        return Paper(title="T", authors=(), ids=((scheme, value),)).key

    assert key("doi", "10.1145/3292500.3330701") == "doi/10.1145/3292500.3330701"
    assert key("doi", "10.1/AbC") == key("doi", " 10.1/abc ")  # DOIs are case-insensitive
    assert key("arxiv", "2101.00001v3") == key("arxiv", "2101.00001") == "arxiv/2101.00001"
    assert key("arxiv", "hep-th/9901001v2") == "arxiv/hep-th/9901001"
    assert key("openreview", "rJx_y-Z9") == "openreview/rJx_y-Z9"
    assert key("doi", "10.1/a b<>#?") == "doi/10.1/a%20b%3C%3E%23%3F"
    assert key("doi", "10.1/../x") == "doi/10.1/%2E%2E/x"  # no dot-segment for IRI resolution to remove


def test_slug_keeps_dots_but_is_never_a_dot_segment() -> None:
    assert slug("GPT-3.5") == "gpt-3.5"
    assert slug("paperkg_default 0.1.0") == "paperkg-default-0.1.0"
    assert slug(".") == "%2E" and slug("..") == "%2E%2E"


@given(st.text(max_size=200))
def test_every_slug_is_one_valid_iri_path_segment(text: str) -> None:
    value = slug(text)
    assert "/" not in value and value not in (".", "..")
    ox.NamedNode(f"https://w3id.org/paperkg/id/method/{value}")  # oxiri checks RFC 3987


@given(st.sampled_from(["doi", "arxiv", "openreview"]), st.text(max_size=80), st.text(max_size=40))
def test_every_paper_key_is_a_valid_iri_path(scheme: str, value: str, title: str) -> None:
    key = Paper(title=title, authors=(), ids=((scheme, value),)).key
    assert key.startswith(f"{scheme}/") or key == slug(title)  # an id with no characters is no id
    assert all(segment not in ("", ".", "..") for segment in key.split("/"))
    ox.NamedNode(f"https://w3id.org/paperkg/id/paper/{key}")
