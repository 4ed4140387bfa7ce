"""Files, folders, containers, manifests, stdin and bad inputs (no network)."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.errors import InputError
from claimledger.ingest import IngestOptions, iter_inputs
from claimledger.records import RawInput
from claimledger.text import extract

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
ARTICLE = (
    "<html><head><title>Grain Exports Rise</title></head><body><article>"
    "<p>Grain exports rose to 3.2 million tonnes in March, the ministry said on Friday, "
    "after ports reopened.</p></article></body></html>"
)


def _all(sources: Iterable[str], **options: object) -> list[RawInput | InputError]:
    return list(iter_inputs(list(sources), IngestOptions(**options)))  # type: ignore[arg-type]


def _errors(items: list[RawInput | InputError]) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def _write_warc(path: Path, records: list[tuple[str, str, bytes]]) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")
        for url, media, body in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", media)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response",
                                                          payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_folder_is_walked_sorted_recursively_without_hidden_files() -> None:
    items = _all([str(DATA / "folder")])
    names = [item.source for item in items]
    base = str(DATA / "folder")
    assert names == [
        f"{base}/a-report.txt",
        f"{base}/b-page.html",
        f"{base}/c-notes.md",
        f"{base}/records.jsonl#1",
        f"{base}/records.jsonl#2",
        f"{base}/records.jsonl#3",
        f"{base}/sub/d-more.txt",
    ]
    kinds = [item.kind if isinstance(item, RawInput) else "error" for item in items]
    assert kinds == ["text", "html", "markdown", "json", "error", "json", "text"]
    raw = items[0]
    assert isinstance(raw, RawInput)
    assert raw.data == (DATA / "folder" / "a-report.txt").read_bytes()


def test_jsonl_records_keep_metadata_and_stable_numbers() -> None:
    items = _all([str(DATA / "folder" / "records.jsonl")])
    first, bad, third = items
    assert isinstance(first, RawInput) and isinstance(third, RawInput)
    assert first.url == "https://dockside.example/story/1"
    assert (first.published, first.published_source) == ("2024-01-08", "metadata")
    assert first.outlet == "Dockside Daily"
    assert isinstance(bad, InputError) and bad.source.endswith("records.jsonl#2")
    assert third.source.endswith("#3")
    assert "2,100 containers" in extract(third).text


def test_json_object_and_list(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"text": "Solo\n\nOne record, 1 figure."}))
    (tmp_path / "many.json").write_text(
        '[ {"html": "<p>Page one has 10 words in it, said the clerk today.</p>"},\n'
        '  {"nope": 1},\n  {"text": "Third record with 3 items."} ]'
    )
    items = _all([str(tmp_path / "one.json"), str(tmp_path / "many.json")])
    assert [i.source.rsplit("/", 1)[-1] for i in items] == [
        "one.json", "many.json#1", "many.json#2", "many.json#3"]
    assert isinstance(items[2], InputError)
    third = items[3]
    assert isinstance(third, RawInput)
    assert third.data == b'{"text": "Third record with 3 items."}'


def test_manifest_supplies_metadata_and_is_not_ingested(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r1.txt").write_text("Title One\n\nBody with 5 figures in it.")
    (tmp_path / "r2.txt").write_text("Title Two\n\nBody with 6 figures in it.")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "source,url,outlet,published\n"
        "reports/r1.txt,https://www.harbour.example/r1,Harbour Post,2024-03-01\n"
        "r2.txt,,Tide Times,\"March 5, 2024\"\n"
    )
    items = _all([str(tmp_path)], manifest=manifest)
    assert [Path(i.source).name for i in items] == ["r2.txt", "r1.txt"]
    r2, r1 = items
    assert isinstance(r1, RawInput) and isinstance(r2, RawInput)
    assert (r1.url, r1.outlet, r1.published, r1.published_source) == (
        "https://www.harbour.example/r1", "Harbour Post", "2024-03-01", "manifest")
    assert r2.outlet == "Tide Times" and r2.url is None
    text = extract(r1)
    assert (text.outlet, text.published, text.published_source) == (
        "Harbour Post", "2024-03-01", "manifest")
    jsonl = tmp_path / "manifest.jsonl"
    jsonl.write_text(json.dumps({"source": "r2.txt", "outlet": "Tide Times JSONL"}) + "\n")
    again = _all([str(tmp_path / "r2.txt")], manifest=jsonl)
    assert isinstance(again[0], RawInput) and again[0].outlet == "Tide Times JSONL"


def test_broken_manifest_is_reported_once_and_ingest_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "m.csv"
    bad.write_text("file,link\nx,y\n")
    (tmp_path / "r.txt").write_text("Title\n\nBody text with 2 numbers.")
    items = _all([str(tmp_path / "r.txt")], manifest=bad)
    assert isinstance(items[0], InputError) and "header" in items[0].reason
    assert isinstance(items[1], RawInput)


def test_stdin_is_sniffed() -> None:
    stdin = io.BytesIO(b'{"text": "From a pipe\\n\\n7 lines arrived."}\n{"text": "Second 2"}\n')
    items = list(iter_inputs(["-"], IngestOptions(), stdin=stdin))
    assert [i.source for i in items] == ["-#1", "-#2"]
    html = list(iter_inputs(["-"], IngestOptions(), stdin=io.BytesIO(ARTICLE.encode())))
    assert isinstance(html[0], RawInput) and html[0].kind == "html" and html[0].source == "-"
    none = list(iter_inputs(["-"], IngestOptions(), stdin=None))
    assert isinstance(none[0], InputError)


def test_unknown_extensions_are_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page.dat").write_text(ARTICLE)
    (tmp_path / "notes").write_text("Just Notes\n\nThe shed holds 40 sacks.")
    (tmp_path / "feed.xml").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        "<item><title>Only</title><description>Entry body with 9 words, a figure."
        "</description></item></channel></rss>")
    items = _all([str(tmp_path)], fetch=False)
    kinds = {Path(i.source.split("#")[0]).name: i.kind for i in items if isinstance(i, RawInput)}
    assert kinds == {"page.dat": "html", "notes": "text", "feed.xml": "feed-entry"}


def test_warc_yields_html_and_text_responses_only(tmp_path: Path) -> None:
    for name in ("crawl.warc", "crawl.warc.gz"):
        path = tmp_path / name
        _write_warc(path, [
            ("https://a.example/x", "text/html; charset=utf-8", ARTICLE.encode()),
            ("https://a.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://a.example/y.txt", "text/plain", b"Plain\n\nPlain text with 4 words."),
        ])
        items = _all([str(path)])
        assert [i.source for i in items] == [f"{path}#1", f"{path}#3"]
        first = items[0]
        assert isinstance(first, RawInput)
        assert (first.kind, first.url, first.encoding) == ("warc-record", "https://a.example/x",
                                                           "utf-8")
        assert "3.2 million tonnes" in extract(first).text


def test_each_bad_input_gives_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    bad = {
        "binary.bin": b"\x00\x01\x02\x03" * 100,
        "empty.txt": b"",
        "big.txt": b"Big Title\n\n" + b"word " * 400,
        "latin.txt": bytes(range(128, 256)) * 3,
        "broken.html": b"<html><<<body><div></p></span><script>x()</script>",
        "empty-feed.rss": b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
                          b"</channel></rss>",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    no_html = tmp_path / "images.warc.gz"
    _write_warc(no_html, [("https://a.example/i.png", "image/png", b"\x89PNG\r\n\x1a\n")])
    (tmp_path / "good.txt").write_text("Good Title\n\nThe good report counts 12 boats.")
    sources = [str(tmp_path / n) for n in sorted(bad)] + [
        str(no_html), str(tmp_path / "missing.txt"), str(tmp_path / "good.txt")]
    errors: list[InputError] = []
    good: list[str] = []
    for item in iter_inputs(sources, IngestOptions(max_bytes=1000)):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        try:
            good.append(extract(item).text)
        except InputError as exc:
            errors.append(exc)
    reasons = {Path(e.source).name: e.reason for e in errors}
    assert set(reasons) == set(bad) | {"images.warc.gz", "missing.txt"}, reasons
    assert "binary" in reasons["binary.bin"]
    assert "empty" in reasons["empty.txt"]
    assert "over the cap of 1000" in reasons["big.txt"]
    assert "decoded" in reasons["latin.txt"]
    assert "no readable text" in reasons["broken.html"]
    assert "no entries" in reasons["empty-feed.rss"]
    assert "no HTML" in reasons["images.warc.gz"]
    assert "no such file" in reasons["missing.txt"]
    assert good == ["Good Title\n\nThe good report counts 12 boats."]


def test_gzip_that_is_not_a_warc_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.gz"
    path.write_bytes(gzip.compress(b"hello"))
    items = _all([str(path)])
    assert isinstance(items[0], InputError) and "binary" in items[0].reason


@pytest.mark.parametrize("source", ["", "no/such/dir/"])
def test_missing_sources(source: str) -> None:
    items = _all([source])
    assert len(items) == 1 and isinstance(items[0], InputError)


def test_json_lines_saved_as_json(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text('{"text": "First 1"}\n{"text": "Second 2"}\n')
    items = _all([str(path)])
    assert [i.source for i in items] == [f"{path}#1", f"{path}#2"]


def test_atom_feed_file_uses_entry_content_when_not_fetching(tmp_path: Path) -> None:
    path = tmp_path / "news.atom"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Harbour Wire</title><entry><title>Dredging Starts</title>"
        "<link href='https://harbour.example/dredging'/><updated>2024-06-03T08:00:00Z</updated>"
        "<content type='html'>&lt;p&gt;Dredging of the 2 km channel started on Monday, "
        "the port said.&lt;/p&gt;</content></entry></feed>"
    )
    items = _all([str(path)], fetch=False)
    assert len(items) == 1
    entry = items[0]
    assert isinstance(entry, RawInput)
    assert (entry.source, entry.kind, entry.url, entry.title, entry.published) == (
        f"{path}#1", "feed-entry", "https://harbour.example/dredging", "Dredging Starts",
        "2024-06-03")
    text = extract(entry)
    assert "2 km channel" in text.text
    assert (text.published, text.published_source, text.outlet) == (
        "2024-06-03", "metadata", "Harbour Wire")
