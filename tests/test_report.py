"""The HTML report: parses, escapes everything, shows every sentence once, embeds its chart."""

from __future__ import annotations

import argparse
import base64
import io
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import toneclf
from toneclf.explain import explain_many
from toneclf.report import add_parser, render_html, write_html

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
INJECTION = (
    'date 2024-02-01\nThe minister said <script>alert(1)</script> talks would resume.\n\n'
    'Officials wrote " onmouseover="x and then <img src=x onerror=alert(2)> closed the border.'
)
# Attributes the report itself writes; anything else would be injected.
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "name", "content", "class", "id", "tabindex", "role", "aria-hidden", "aria-label",
    "style", "title", "href", "alt", "src",
}


class Page(HTMLParser):
    """Tags, attributes and text nodes of a page (standard library parser)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.data: list[str] = []
        self.sentences: list[list[str]] = []  # text nodes inside each highlighted sentence span
        self._depth = 0  # span depth inside the current sentence span (0: outside)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, name, value) for name, value in attrs)
        if tag == "span":
            if self._depth:
                self._depth += 1
            elif (dict(attrs).get("class") or "").split()[:1] == ["s"]:
                self.sentences.append([])
                self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        self.data.append(data)
        if self._depth:
            self.sentences[-1].append(data)

    @property
    def text(self) -> str:
        return "".join(self.data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def test_input_is_escaped_everywhere() -> None:
    doc = toneclf.score(INJECTION)
    name = 'evil"><script>alert(3)</script>.txt'
    page = render_html([(name, doc)], chart=False)
    parsed = parse(page)
    assert "script" not in parsed.tags
    assert parsed.tags.count("img") == 0  # no chart here, and no injected image
    names = {attr for _, attr, _ in parsed.attrs}
    assert names <= ALLOWED_ATTRIBUTES, names - ALLOWED_ATTRIBUTES
    assert not any(attr.startswith("on") for attr in names)
    # Every sentence appears exactly once, as one text node, and nowhere else.
    assert len(doc) >= 3
    for s in doc:
        assert parsed.data.count(s.text) == 1, s.text
        assert parsed.text.count(s.text) == 1, s.text
    assert '<script>alert(1)</script>' in parsed.text and '" onmouseover="x' in parsed.text
    assert parsed.data.count(name) == 2  # the overview link and the heading, as text
    assert "<script" not in page and "<img src=x" not in page


def test_page_is_self_contained(seeds: list[Path]) -> None:
    page = write_html_text(seeds)
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "link" not in parsed.tags and "script" not in parsed.tags and "iframe" not in parsed.tags
    for _tag, attr, value in parsed.attrs:
        if attr in ("src", "href"):
            assert value is not None and (value.startswith("data:image/png;base64,") or value.startswith("#")), value
    assert "http://" not in page and "https://" not in page and "@import" not in page and "url(" not in page


def write_html_text(paths: list[Path]) -> str:
    docs = [(str(p), toneclf.score(p.read_text(encoding="utf-8"))) for p in paths]
    return render_html(docs)


def test_seed_report_shows_each_sentence_once_with_its_details(seeds: list[Path]) -> None:
    docs = [(str(p), toneclf.score(p.read_text(encoding="utf-8"))) for p in seeds]
    page = render_html(docs, k=3)
    parsed = parse(page)
    for name, doc in docs:
        for s in doc:
            assert parsed.data.count(s.text) == 1, s.text
        # The summary header of each document.
        assert f"{doc.score:+.2f} {doc.label}" in parsed.data
        assert "IRN-PAK" in parsed.data and doc.date is not None and doc.date.isoformat() in parsed.data
        assert parsed.data.count(name) == 2
    assert {"2024-01", "2025-08-03"} <= set(parsed.data)
    # One highlighted span per sentence, classed by level, with a tooltip.
    sentences = [s for _, doc in docs for s in doc]
    spans = [value for tag, attr, value in parsed.attrs if tag == "span" and attr == "class"]
    level_spans = [v for v in spans if v is not None and v.split()[0] == "s"]
    assert [v.split()[1] for v in level_spans] == [f"lv{s.level}" for s in sentences]
    assert spans.count("tip") == len(sentences)
    # Each sentence's span holds its text, then a tooltip with its level, score, probabilities,
    # top n-grams each way (from explain) and states.
    assert len(parsed.sentences) == len(sentences)
    for s, e, nodes in zip(sentences, explain_many([s.text for s in sentences], k=3), parsed.sentences, strict=True):
        assert nodes[0] == s.text
        signed = f"{s.level:+d}" if s.level else "0"
        assert nodes[1] == signed  # the badge
        tip = "".join(nodes[2:])
        assert tip.startswith(f"{signed} {s.label} · score {s.score:+.2f}")
        assert "".join(f"{s.probabilities[lv]:.2f}" for lv in toneclf.LEVELS) in "".join(
            n for n in nodes if len(n) == 4 and n[1] == "."
        )
        assert f"Reconciliation index s = {e.total:+.2f}" in tip
        for c in (*e.toward_escalation, *e.toward_reconciliation):
            assert f"{c.contribution:+.2f} {c.description}" in tip
        assert tip.endswith("states: " + (", ".join(s.states) if s.states else "none named"))


def test_timeline_chart_is_embedded_when_two_documents_are_dated(seeds: list[Path]) -> None:
    pytest.importorskip("matplotlib")
    page = write_html_text(seeds)
    images = [value for tag, attr, value in parse(page).attrs if tag == "img" and attr == "src"]
    assert len(images) == 1
    assert images[0] is not None
    png = base64.b64decode(images[0].removeprefix("data:image/png;base64,"))
    assert png[:8] == PNG_MAGIC
    one_dated = render_html([("a", toneclf.score("date 2024-01\nTalks resumed.")), ("b", toneclf.score("Hi."))])
    assert "<img" not in one_dated


def test_without_matplotlib_the_report_says_how_to_get_the_chart(
    seeds: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    page = write_html_text(seeds)
    assert "<img" not in page
    assert "pip install &#x27;toneclf[plot]&#x27;" in page
    assert "pip install 'toneclf[plot]'" in parse(page).text


def test_empty_and_bad_input() -> None:
    page = render_html([])
    assert "No document." in parse(page).text
    empty = render_html([("blank.txt", toneclf.score("   "))])
    assert "(empty document)" in parse(empty).text
    with pytest.raises(TypeError, match=r"docs\[0\] must be a \(name, DocumentResult\) pair"):
        render_html([toneclf.score("Talks resumed.")])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"docs\[0\]\[1\] must be a DocumentResult"):
        render_html([("a", "Talks resumed.")])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"docs\[0\]\[0\] \(the name\) must be a str"):
        render_html([(Path("a"), toneclf.score("Talks resumed."))])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="k=0"):
        render_html([("a", toneclf.score("Talks resumed."))], k=0)
    with pytest.raises(TypeError, match="paths must be a list"):
        write_html("a.txt", "out.html")


def test_write_html_and_the_command(seeds: list[Path], tmp_path: Path) -> None:
    out = write_html(seeds, tmp_path / "r.html")
    assert out == tmp_path / "r.html"
    page = out.read_text(encoding="utf-8")
    for p in seeds:
        for s in toneclf.score(p.read_text(encoding="utf-8")):
            assert parse(page).data.count(s.text) == 1

    parser = argparse.ArgumentParser(prog="toneclf")
    add_parser(parser.add_subparsers(dest="command", required=True))
    target = tmp_path / "cli.html"
    args = parser.parse_args(["report", *map(str, seeds), "--html", str(target), "--top", "2"])
    stream = io.StringIO()
    assert args.func(args, stream) == 0
    n_sentences = sum(len(toneclf.score(p.read_text("utf-8"))) for p in seeds)
    assert stream.getvalue() == f"wrote {target}: 2 documents, {n_sentences} sentences\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    missing = parser.parse_args(["report", str(tmp_path / "nope.txt"), "--html", str(tmp_path / "x.html")])
    assert missing.func(missing, io.StringIO()) == 1
    assert not (tmp_path / "x.html").exists()
    with pytest.raises(SystemExit):  # --html is required
        parser.parse_args(["report", str(seeds[0])])
