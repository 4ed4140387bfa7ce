"""The ingest stage: every source the user names, turned into RawInput records.

Batches are large and messy (a folder of scraped pages, a feed, a crawl), so one bad
input never stops the rest: it becomes an InputError in the stream, naming the input and
what to do about it, and ingestion goes on.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from claimledger.errors import InputError
from claimledger.ingest.fetch import Fetched, Fetcher, is_url
from claimledger.ingest.formats import (
    brief_error,
    iter_feed,
    iter_json,
    iter_jsonl,
    iter_warc,
    kind_for_name,
    sniff,
)
from claimledger.ingest.manifest import Manifest, load_manifest
from claimledger.records import RawInput

__all__ = ["IngestOptions", "iter_inputs"]

DEFAULT_USER_AGENT = (
    "claimledger/0.1 (+https://github.com/claimledger/claimledger; news-claims research)"
)
LOCAL_REFUSED = (
    "not an http(s) URL: only web addresses, pasted text and uploads are taken here; "
    "local files and folders are read by the command line (`claimledger ingest PATH`)"
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/xml", "text/xml", "application/feed+json")


@dataclass
class IngestOptions:
    allow_private: bool = False
    max_bytes: int = 50_000_000
    timeout: float = 20.0
    manifest: Path | None = None
    fetch: bool = True
    user_agent: str = DEFAULT_USER_AGENT
    # Local paths (and standard input) are a command-line feature: a server taking names
    # from the network must never read its own disk, so it turns this off.
    local_files: bool = True


class _Run:
    """State shared by all sources of one call: the manifest and one HTTP client."""

    def __init__(self, options: IngestOptions, stdin: BinaryIO | None) -> None:
        self.options = options
        self.stdin = stdin
        self.manifest: Manifest | None = None
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(
                allow_private=self.options.allow_private,
                max_bytes=self.options.max_bytes,
                timeout=self.options.timeout,
                user_agent=self.options.user_agent,
            )
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def fetch_page(self, url: str) -> tuple[bytes, str, str | None]:
        fetched = self.fetcher.fetch(url)
        return fetched.data, fetched.url, fetched.charset

    # -- sources -----------------------------------------------------------------------

    def source(self, source: str) -> Iterator[RawInput | InputError]:
        if not source.strip():
            yield InputError(repr(source), "an empty source name; give a file, folder, URL or -")
        elif is_url(source):
            yield from self.from_url(source)
        elif not self.options.local_files:
            yield InputError(source, LOCAL_REFUSED)
        elif source == "-":
            yield from self.from_stdin()
        else:
            path = Path(source)
            if path.is_dir():
                yield from self.from_folder(source, path)
            elif path.is_file():
                yield from self.from_file(source, path)
            elif path.exists():
                yield InputError(source, "not a regular file or folder")
            else:
                yield InputError(source, "no such file, folder or URL")

    def from_folder(self, source: str, folder: Path) -> Iterator[RawInput | InputError]:
        found = False
        inside = folder.resolve()
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = Path(root) / name
                if self.manifest is not None and self.manifest.is_manifest(path):
                    continue
                found = True
                shown = os.path.join(source, os.path.relpath(path, folder))
                escape = _link_escape(path, inside)
                if escape is not None:
                    yield InputError(shown, escape)
                    continue
                yield from _guarded(shown, self.from_file(shown, path))
        if not found:
            yield InputError(source, "the folder holds no (non-hidden) files")

    def from_file(self, source: str, path: Path) -> Iterator[RawInput | InputError]:
        cap = self.options.max_bytes
        try:
            size = path.stat().st_size
        except OSError as exc:
            yield InputError(source, f"cannot be read ({exc.strerror or exc})")
            return
        if size == 0:
            yield InputError(source, "the file is empty")
            return
        if size > cap:
            yield InputError(source, f"the file is {size} bytes, over the cap of {cap} "
                                     "(raise --max-bytes to read it)")
            return
        kind = kind_for_name(path.name)
        if kind == "warc":
            try:
                with path.open("rb") as stream:
                    yield from iter_warc(source, stream, cap)
            except OSError as exc:
                yield InputError(source, f"cannot be read ({exc.strerror or exc})")
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield InputError(source, f"cannot be read ({exc.strerror or exc})")
            return
        if kind is None:
            kind = sniff(data)
        if kind in ("text", "markdown", "html"):
            yield self._plain(source, path, data, kind)
        else:
            yield from self.container(source, data, kind)

    def _plain(self, source: str, path: Path | None, data: bytes, kind: str) -> RawInput:
        entry = self.manifest.lookup(path) if self.manifest and path is not None else None
        if entry is None:
            return RawInput(source=source, data=data, kind=kind)
        return RawInput(
            source=source,
            data=data,
            kind=kind,
            url=entry.url,
            outlet=entry.outlet,
            published=entry.published,
            published_source="manifest" if entry.published else None,
        )

    def container(self, source: str, data: bytes, kind: str) -> Iterator[RawInput | InputError]:
        if kind == "binary":
            yield InputError(source, "the input is binary (not text, HTML, JSON, a feed or "
                                     "WARC); convert it to text first")
        elif kind == "json":
            yield from iter_json(source, data)
        elif kind == "jsonl":
            yield from iter_jsonl(source, data)
        elif kind == "feed":
            yield from iter_feed(source, data, self.fetch_page if self.options.fetch else None)
        elif kind == "warc":
            yield from iter_warc(source, io.BytesIO(data), self.options.max_bytes)
        elif kind in ("text", "markdown", "html"):
            yield RawInput(source=source, data=data, kind=kind)
        else:
            yield InputError(source, f"unsupported input format {kind!r}")

    def from_stdin(self) -> Iterator[RawInput | InputError]:
        if self.stdin is None:
            yield InputError("-", "standard input is not available here")
            return
        cap = self.options.max_bytes
        data = self.stdin.read(cap + 1)
        if len(data) > cap:
            yield InputError("-", f"standard input is over the cap of {cap} bytes "
                                  "(raise --max-bytes to read it)")
            return
        if not data.strip():
            yield InputError("-", "standard input is empty")
            return
        yield from self.container("-", data, sniff(data))

    def from_url(self, url: str) -> Iterator[RawInput | InputError]:
        if not self.options.fetch:
            yield InputError(url, "fetching is off (--no-fetch); download the page first")
            return
        fetched = self.fetcher.fetch(url)
        kind = _kind_for_response(fetched)
        if kind in ("text", "html"):
            yield RawInput(source=url, data=fetched.data, kind=kind, url=fetched.url,
                           encoding=fetched.charset)
        else:
            yield from self.container(url, fetched.data, kind)


def _link_escape(path: Path, inside: Path) -> str | None:
    """Why a symbolic link found in a folder is skipped: it leads out of the folder.

    Whoever wrote the folder chose its links; one pointing at /etc/passwd or a home
    directory would otherwise put that file in the ledger (and on the web pages).
    """
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "a symbolic link to nothing (or a loop); skipped"
    if target != inside and inside not in target.parents:
        return "a symbolic link leading outside the folder; skipped (give its target itself)"
    return None


def _kind_for_response(fetched: Fetched) -> str:
    media = fetched.content_type
    sniffed = sniff(fetched.data)
    if media in _HTML_TYPES:
        return "html"
    if media in _FEED_TYPES or media.endswith("+xml"):
        return "feed" if sniffed == "feed" else sniffed
    if media == "text/plain":
        return "text" if sniffed not in ("feed", "warc", "json", "jsonl") else sniffed
    return sniffed


def _guarded(
    source: str, items: Iterator[RawInput | InputError]
) -> Iterator[RawInput | InputError]:
    """Turn a failure inside one source into an InputError for it, so the batch goes on."""
    try:
        yield from items
    except InputError as exc:
        yield exc
    except Exception as exc:  # one hostile input must never end the batch
        yield InputError(source, f"unexpected failure while reading it ({brief_error(exc)})")


def iter_inputs(
    sources: Iterable[str], options: IngestOptions, stdin: BinaryIO | None = None
) -> Iterator[RawInput | InputError]:
    """Every record the sources hold, in order, with an InputError for each bad input."""
    run = _Run(options, stdin)
    try:
        if options.manifest is not None:
            try:
                run.manifest = load_manifest(options.manifest)
            except InputError as exc:
                yield exc
        for source in sources:
            yield from _guarded(source, run.source(source))
        if run.manifest is not None:
            yield from run.manifest.missing()
    finally:
        run.close()
