"""Write examples/corpus/crawl/northgate-observer.warc.gz, the example crawl.

The pages live in examples/warc_pages/ (outside the corpus, so ingesting the corpus
folder does not read them twice). The WARC holds only HTTP response records, no
warcinfo or request records, so the index used in examples/gold.json ("#1", "#2") is
both the response index and the record index in file order. Record ids are derived
from the URLs, so rerunning the script after editing a page gives a byte-stable file:

    .venv/bin/python examples/make_warc.py
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).parent
OUT = HERE / "corpus" / "crawl" / "northgate-observer.warc.gz"
PAGES = HERE / "warc_pages"

# (target URI, crawl date, page file): the order here is the record order in the WARC.
RECORDS = [
    (
        "https://www.northgateobserver.example/world/2025/mar/27/saltria-revises-durovia-truck-count",
        "2025-03-27T19:31:12Z",
        "saltria-revises-durovia-truck-count.html",
    ),
    (
        "https://www.northgateobserver.example/carpania/2025/mar/14/brennhaven-strike-ends",
        "2025-03-14T17:02:45Z",
        "brennhaven-strike-ends.html",
    ),
]


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, date, page in RECORDS:
            body = (PAGES / page).read_bytes()
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                http_headers=http,
                warc_headers_dict={
                    "WARC-Date": date,
                    "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>",
                },
            )
            writer.write_record(record)
    print(f"wrote {OUT} ({len(RECORDS)} response records)")


if __name__ == "__main__":
    main()
