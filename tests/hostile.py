"""A hostile input corpus, written by hand: every way scraped metadata goes wrong, one file per format.

`write(folder)` writes it and returns what a correct reading keeps and reports, so the tests can check
readers and the whole build against it. Names say what each case is.
"""

from __future__ import annotations

import json
from pathlib import Path

#: Text that must come through every export unharmed and inert.
NASTY = {
    "xml-illegal": "Control\x00chars\x01and\x08bell\x0bform\x0cfeed\x1fend",
    "rtl": "\u202eRight-to-left override\u202c مقالة عن الشبكات עברית",
    "emoji": "Emoji 🧪🔬 and ZWJ 👩‍🔬 in a title",
    "combining": "Combining marks: Ame\u0301lie, Z\u0335\u0321a\u0336lgo, e\u0308\u0301",
    "html": "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">",
    "quotes": "Quotes \"double\" 'single' `back` and \\ backslashes \\n not a newline",
    "newlines": "A title\nwith\r\nnewlines\tand tabs",
    "surrogate": "Lone surrogate \ud800 from a JSON escape",
    "sparql": "\"\"\" ; DROP ALL ; <http://evil> . # Turtle and SPARQL breakers \\u0000 @prefix",
}

BIG_AUTHORS = 5000
BIG_ABSTRACT_CHARS = 1_048_576


def _jsonl(records: list[object], ascii: bool = False) -> str:
    """JSON Lines; `ascii` escapes non-ASCII, as `\\ud800` for a lone surrogate that UTF-8 cannot hold."""
    return "".join(json.dumps(record, ensure_ascii=ascii) + "\n" for record in records)


def write(folder: Path, big_authors: int = BIG_AUTHORS) -> dict[str, object]:
    """Write the corpus into `folder`; return the titles kept, the problems expected (as `name:line`
    prefixes), the merged count, and the special papers' titles.

    `big_authors` sizes the consortium paper: builds lay the graph out in O(nodes²), so the whole-build
    tests use a smaller one than the reader tests."""
    folder.mkdir(parents=True, exist_ok=True)
    kept: list[str] = []
    problems: list[str] = []

    # Encodings.
    (folder / "latin1.csv").write_bytes(
        "title,authors,abstract\nSchrödinger équations à la carte,Zoë Brontë; José Núñez,Über alles\n"
        .encode("cp1252"))
    kept.append("Schrödinger équations à la carte")
    (folder / "utf16-bom.tsv").write_bytes(
        "title\tauthors\tkeywords\nUTF-16 with a BOM: naïve Bayes\tAda Lovelace\tdropout; Theory\n"
        .encode("utf-16"))
    kept.append("UTF-16 with a BOM: naïve Bayes")
    (folder / "utf16-nobom.jsonl").write_bytes(
        _jsonl([{"title": "UTF-16 without a BOM: Ελληνικά", "author": "Alan Turing"}]).encode("utf-16-le"))
    kept.append("UTF-16 without a BOM: Ελληνικά")
    (folder / "invalid-utf8.jsonl").write_bytes(
        b'{"title": "Stray bytes in UTF-8: caf\xc3\xa9 \xff\xfe", "author": "Grace Hopper"}\n')
    kept.append("Stray bytes in UTF-8: café \ufffd\ufffd")

    # Raw control characters (a NUL among them) inside a CSV field and a JSON string: still text, kept.
    (folder / "controls.csv").write_bytes(b"title,authors\nRaw\x00NUL and \x01\x1f controls in CSV,Ann Raw\n")
    (folder / "controls.jsonl").write_bytes(b'{"title": "Raw\ttab \x00NUL \x1f in JSON", "author": "Bob Raw"}\n')
    kept += ["Raw\x00NUL and \x01 controls in CSV", "Raw tab \x00NUL in JSON"]  # \x1f is white space to str.split

    # Broken JSON: an array with a malformed, a non-object, a title-less and a truncated record.
    (folder / "broken.json").write_text(
        '[\n'
        ' {"title": "JSON good one", "author": "A One;B Two", "abstract": "We propose a graph neural network."},\n'
        ' {"title": "JSON malformed, "author": "C Three"},\n'                      # line 3: bad quote
        ' {"title": "JSON good two", "author": ["D Four", "E Five"]},\n'
        ' 42,\n'                                                                  # line 5: not an object
        ' {"author": "No Title", "abstract": "A record without a title."},\n'     # line 6: no title
        ' {"title": "JSON without abstract or authors"},\n'
        ' {"title": ["a", "list"]},\n'                                            # line 8: title of wrong type
        ' {"title": "JSON truncated", "abstract": "cut sh', encoding="utf-8")      # line 9: cut short
    kept += ["JSON good one", "JSON good two", "JSON without abstract or authors"]
    problems += ["broken.json:3:", "broken.json:5:", "broken.json:6:", "broken.json:8:", "broken.json:9:"]

    (folder / "broken.jsonl").write_text(
        '{"title": "JSONL good one", "authors": ["F Six"]}\n'
        '{"title": "JSONL truncated", "auth\n'                                  # line 2
        'this line is not JSON at all\n'                                        # line 3
        '[1, 2, 3]\n'                                                           # line 4: not an object
        '\n'
        '{"title": "   ", "author": "Blank Title"}\n'                           # line 6: blank title
        '{"title": "JSONL good two", "keywords": "Reinforcement Learning;Theory"}\n', encoding="utf-8")
    kept += ["JSONL good one", "JSONL good two"]
    problems += ["broken.jsonl:2:", "broken.jsonl:3:", "broken.jsonl:4:", "broken.jsonl:6:"]

    (folder / "unbalanced.bib").write_text(
        '@string{icml = "ICML"}\n'
        '@inproceedings{good1, title={Bib{TeX} good one}, author={Lovelace, Ada and Charles Babbage},\n'
        '  booktitle=icml, year=2013, doi={10.1000/XYZ.1}, abstract={Sch{\\"o}dinger meets $\\ell_1$.}}\n'
        '\n'
        '@article{broken, title={Unbalanced {braces}, author={X Y}, year={2014}\n'   # line 5
        '\n'
        '@article{good2, title={BibTeX good two}, author={Z Zed}, year={2015}}\n'
        '@misc{notitle, author={No Title}}\n'                                        # line 8
        '@article{good3, title={BibTeX good three \\& more}, author={{Barnes and Noble}}, year={2016},\n'
        '  keywords={graph neural network, theory}}\n', encoding="utf-8")
    kept += ["BibTeX good one", "BibTeX good two", "BibTeX good three & more"]
    problems += ["unbalanced.bib:5:", "unbalanced.bib:8:"]

    (folder / "ragged.csv").write_text(
        'title,authors,abstract\n'
        'CSV good one,G Seven,Fine.\n'
        'CSV too many fields,H Eight,One,Two\n'                                 # line 3
        'CSV too few fields\n'                                                  # line 4
        '"CSV stray quote,I Nine,Swallows\n'                                    # line 5
        'CSV good two,"J Ten; K Eleven","Multi-line\nabstract, quoted"\n'
        ',L Twelve,No title\n'                                                  # line 8
        'CSV good three,M Thirteen,\n', encoding="utf-8")
    kept += ["CSV good one", "CSV good two", "CSV good three"]
    problems += ["ragged.csv:3:", "ragged.csv:4:", "ragged.csv:5:", "ragged.csv:8:"]

    # Files with nothing to read.
    (folder / "empty.json").write_bytes(b"")
    (folder / "empty.csv").write_bytes(b"")
    (folder / "binary.dat").write_bytes(bytes(range(256)) * 8)
    (folder / "image.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    problems += ["empty.json:0:", "empty.csv:0:", "binary.dat:0:", "image.json:0:"]

    # Size: a consortium paper and a 1 MB abstract.
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "
    last = "Finally we propose a graph neural network, evaluated on ImageNet."
    abstract = (filler * (BIG_ABSTRACT_CHARS // len(filler) + 1))[:BIG_ABSTRACT_CHARS - len(last) - 1] + " " + last
    (folder / "big.jsonl").write_text(_jsonl([
        {"title": "A paper by a consortium", "author": [f"Member {i:04d} Consortium" for i in range(big_authors)]},
        {"title": "A paper with a one-megabyte abstract", "author": "N Fourteen", "abstract": abstract},
    ]), encoding="utf-8")
    kept += ["A paper by a consortium", "A paper with a one-megabyte abstract"]

    # Duplicates: the same DOI, the same OpenReview id, the same title and authors.
    (folder / "duplicates.jsonl").write_text(_jsonl([
        {"title": "Duplicated by DOI", "author": "O Fifteen", "doi": "10.5555/Dup.1"},
        {"title": "DUPLICATED BY DOI (preprint)", "author": "O Fifteen", "doi": "https://doi.org/10.5555/dup.1",
         "abstract": "The longer record wins.", "keywords": "Theory"},
        {"title": "Duplicated by OpenReview id", "id": "AbC123", "site": "https://openreview.net/forum?id=AbC123"},
        {"title": "Duplicated by OpenReview id, again", "forum": "AbC123"},
        {"title": "Duplicated  by title and authors", "author": "P Sixteen;Q Seventeen"},
        {"title": "duplicated by title and authors", "author": "q seventeen; p sixteen"},
    ]), encoding="utf-8")
    kept += ["DUPLICATED BY DOI (preprint)", "Duplicated by OpenReview id", "Duplicated by title and authors"]
    merged = 3

    # Hostile text in every field that reaches an export.
    (folder / "hostile.jsonl").write_text(_jsonl([
        {"title": f"{name}: {text}", "author": [text[:40], f"Eve {name}"], "abstract": f"We propose {text}.",
         "keywords": [text[:30]], "site": "javascript:alert(1)" if name == "html" else f"https://x.org/{name}?a=<b>"}
        for name, text in NASTY.items()
    ], ascii=True), encoding="utf-8")
    kept += [" ".join(f"{name}: {text}".replace("\ud800", "\ufffd").split()) for name, text in NASTY.items()]

    return {"kept": kept, "problems": problems, "merged": merged, "last_sentence": last,
            "big_authors": "A paper by a consortium", "big_abstract": "A paper with a one-megabyte abstract"}
