"""/api/docs tells a reader what to send and what comes back, not only the parameters."""

from __future__ import annotations

import re

import httpx

from claimledger.web.apidocs import fields, operations, type_name


def test_api_docs_show_request_and_response_bodies(live: str) -> None:
    html = httpx.get(live + "/api/docs").text
    ingest = html[html.index("<code>/api/ingest</code>") :]
    ingest = ingest[: ingest.index("</section>")]
    assert "Request body" in ingest
    assert "Responses" in ingest and "<code>202</code>" in ingest
    stories = html[html.index("<code>/api/stories</code>") :]
    stories = stories[: stories.index("</section>")]
    assert "<code>200</code>" in stories
    # the response's fields are listed, resolved through $ref
    assert re.search(r"<code>[\w\[\].]*id</code>", stories)


def test_schema_fields_resolve_refs_and_arrays() -> None:
    root = {
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "integer"}, "tags": {"type": "array",
                                   "items": {"type": "string"}}},
                }
            }
        }
    }  # fmt: skip
    listed = fields({"type": "array", "items": {"$ref": "#/components/schemas/Item"}}, root)
    assert [(f.name, f.type, f.required) for f in listed] == [
        ("[].id", "integer", True),
        ("[].tags", "array of string", False),
    ]
    assert type_name({"anyOf": [{"type": "string"}, {"type": "null"}]}, root) == "string or null"
    ops = operations({"paths": {"/x": {"post": {"requestBody": {"content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
        "responses": {"201": {"description": "made"}}}}}, **root})  # fmt: skip
    assert ops[0]["request"][0].type == "Item" and ops[0]["responses"][0].status == "201"
