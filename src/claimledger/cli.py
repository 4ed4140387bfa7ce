"""The command line: a thin layer over :class:`claimledger.Ledger`.

Exit codes: 0 everything went in, 1 some inputs were rejected or a command failed,
2 usage error. Errors are one line each; ``--verbose`` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from claimledger import __version__
from claimledger.errors import ClaimledgerError
from claimledger.ledger import IngestResult, Ledger, default_db_path

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

REPORT_FORMATS = ("terminal", "md", "html", "json")
EXPORT_FORMATS = ("json", "jsonl", "csv")


class _Context:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.width = terminal_width()
        self.out = Console(width=self.width, soft_wrap=False, highlight=False, emoji=False)
        self.err = Console(stderr=True, width=self.width, highlight=False, emoji=False)
        self.quiet: bool = bool(getattr(args, "quiet", False))
        self.verbose: bool = bool(getattr(args, "verbose", False))

    def ledger(self, *, create: bool = True) -> Ledger:
        """The ledger named by --db; read-only commands pass ``create=False`` so that a
        mistyped path is an error instead of a new, empty ledger answering zeros."""
        return Ledger(getattr(self.args, "db", None) or default_db_path(), create=create)

    def info(self, message: str) -> None:
        if not self.quiet:
            self.err.print(message, markup=False, highlight=False)

    @contextmanager
    def progress(self) -> Iterator[Callable[[str, int, int | None], None]]:
        """A rich progress display fed by the Ledger's progress callback."""
        if self.quiet or not self.err.is_terminal:
            yield lambda stage, done, total: None
            return
        with Progress(
            TextColumn("[bold]{task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.err,
            transient=True,
        ) as bar:
            tasks: dict[str, Any] = {}

            def update(stage: str, done: int, total: int | None) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done, total=total)

            yield update


def terminal_width() -> int:
    """The terminal's width ($COLUMNS first), 100 when output is not a terminal.

    At least 60: narrower than that no table can keep every column readable.
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(60, int(columns))
    if sys.stdout.isatty():
        return max(60, shutil.get_terminal_size((100, 24)).columns)
    return 100


def _print_ingest(ctx: _Context, result: IngestResult) -> None:
    for error in result.errors:
        ctx.err.print(f"rejected {error}", markup=False, highlight=False, soft_wrap=True)
    parts = [f"{len(result.added)} added"]
    if result.duplicates:
        parts.append(f"{len(result.duplicates)} of them duplicates")
    if result.versions:
        parts.append(f"{len(result.versions)} new versions")
    parts.append(f"{len(result.unchanged)} unchanged")
    parts.append(f"{len(result.errors)} rejected")
    ctx.info("ingest: " + ", ".join(parts))


def _ingest_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    stdin = sys.stdin.buffer if "-" in args.sources else None
    return {
        "allow_private": args.allow_private,
        "manifest": args.manifest,
        "max_bytes": args.max_bytes,
        "timeout": args.timeout,
        "fetch": not args.no_fetch,
        "stdin": stdin,
    }


def cmd_ingest(ctx: _Context) -> int:
    with ctx.ledger() as ledger, ctx.progress() as progress:
        result = ledger.ingest(ctx.args.sources, progress=progress, **_ingest_kwargs(ctx.args))
    _print_ingest(ctx, result)
    return EXIT_REJECTED if result.errors else EXIT_OK


def cmd_analyze(ctx: _Context) -> int:
    from claimledger.report import render

    args = ctx.args
    rejected = False
    with ctx.ledger() as ledger:
        if args.sources:
            with ctx.progress() as progress:
                result = ledger.ingest(args.sources, progress=progress, **_ingest_kwargs(args))
            _print_ingest(ctx, result)
            rejected = bool(result.errors)
        with ctx.progress() as progress:
            summary = ledger.analyze(
                workers=args.workers,
                engine=args.engine,
                scheduler=args.scheduler,
                words=args.words,
                reextract=args.reextract,
                progress=progress,
            )
        ctx.info(
            f"analyze: {summary.documents_clustered} reports clustered, "
            f"{summary.documents_extracted} read for claims ({summary.claims} claims), "
            f"{summary.measures} measures in {len(summary.stories_touched)} stories"
        )
        for problem in summary.problems:
            ctx.err.print(f"problem: {problem.line()}", markup=False, highlight=False,
                          soft_wrap=True)
        if summary.problems:
            rejected = True
            ctx.err.print(f"{len(summary.problems)} problem(s) kept in the ledger: "
                          "see `claimledger problems`", markup=False, highlight=False)
        view = ledger.view()
        if args.output is None or args.output == "-":
            # no -o: the report goes to standard output, never into a file nobody asked for
            if not ctx.quiet or args.output == "-":
                fmt = args.format or "terminal"
                sys.stdout.write(render(view, fmt, width=ctx.width))
            return EXIT_REJECTED if rejected else EXIT_OK
        if not ctx.quiet:
            ctx.out.print(
                render(view, "terminal", width=ctx.width), markup=False, highlight=False, end=""
            )
        output = Path(args.output)
        fmt = args.format or _format_for(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(view, fmt, width=ctx.width), encoding="utf-8")
    ctx.info(f"report written to {output.resolve()}")
    return EXIT_REJECTED if rejected else EXIT_OK


def _format_for(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".md": "md", ".json": "json", ".txt": "terminal"}.get(suffix, "html")


def cmd_report(ctx: _Context) -> int:
    from claimledger.report import render

    args = ctx.args
    with ctx.ledger(create=False) as ledger:
        text = render(ledger.view(story=args.story), args.format, width=ctx.width)
    _write(ctx, text, args.output)
    return EXIT_OK


def cmd_export(ctx: _Context) -> int:
    from claimledger.report import export
    from claimledger.report.export import export_corrections

    args = ctx.args
    with ctx.ledger(create=False) as ledger:
        if args.corrections:
            text = export_corrections(ledger.view(story=args.story))
        else:
            text = export(ledger.view(story=args.story), args.format)
    _write(ctx, text, args.output)
    return EXIT_OK


def _write(ctx: _Context, text: str, output: str | None) -> None:
    if output and output != "-":
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
        ctx.info(f"written to {Path(output).resolve()}")
    else:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")


def cmd_stats(ctx: _Context) -> int:
    with ctx.ledger(create=False) as ledger:
        stats = ledger.stats()
        path = ledger.path
    if ctx.args.json:
        sys.stdout.write(json.dumps(stats) + "\n")
        return EXIT_OK
    table = Table(title=Text(f"claimledger: {path}"), title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in stats.items():
        table.add_row(key, str(value))
    ctx.out.print(table)
    return EXIT_OK


def cmd_problems(ctx: _Context) -> int:
    with ctx.ledger(create=False) as ledger:
        problems = ledger.problems()
    if ctx.args.json:
        sys.stdout.write(json.dumps([p.to_dict() for p in problems]) + "\n")
        return EXIT_OK
    if not problems:
        ctx.info("no problems: every stage finished on every report")
        return EXIT_OK
    for problem in problems:
        ctx.out.print(f"{problem.at} {problem.line()}", markup=False, highlight=False,
                      soft_wrap=True)
    return EXIT_OK


def cmd_stories(ctx: _Context) -> int:
    with ctx.ledger(create=False) as ledger:
        stories = ledger.stories()
        counts = {s.id: len(ledger.measures(story=s.id)) for s in stories}
        triage = ledger.story_triage()
    if ctx.args.sort:
        from claimledger.report.model import story_rows

        stories = story_rows(stories, triage, ctx.args.sort, False)
    if ctx.args.json:
        sys.stdout.write(json.dumps([s.to_dict() for s in stories]) + "\n")
        return EXIT_OK
    table = Table(title="stories", title_justify="left")
    for column in ("id", "title", "contested", "reports", "outlets", "measures", "dates"):
        table.add_column(column, overflow="fold")
    for s in stories:
        span = " .. ".join(d for d in (s.first_published, s.last_published) if d) or "-"
        tri = triage.get(s.id, {})
        table.add_row(
            str(s.id), Text(s.title), str(tri.get("contested", 0)), str(len(s.documents)),
            str(tri.get("outlets", 0)), str(counts[s.id]), span,
        )  # fmt: skip
    ctx.out.print(table)
    return EXIT_OK


def cmd_explain(ctx: _Context) -> int:
    with ctx.ledger(create=False) as ledger:
        lines = ledger.explain(ctx.args.claim)
    for line in lines:
        ctx.out.print(line, markup=False, highlight=False, soft_wrap=True)
    return EXIT_OK


def cmd_eval(ctx: _Context) -> int:
    from claimledger.claims.evaluate import evaluate

    with ctx.ledger(create=False) as ledger:
        status = Path(ctx.args.status) if ctx.args.status else None
        result = evaluate(Path(ctx.args.gold), ledger.documents(), ledger.claims(),
                          ledger.measures(), status)
    ctx.out.print(result.format(), markup=False, highlight=False, soft_wrap=True)
    return EXIT_OK


def cmd_eval_clusters(ctx: _Context) -> int:
    from claimledger.stories import evaluate_clusters

    with ctx.ledger(create=False) as ledger:
        assignment = {d.source: d.story for d in ledger.documents() if d.story is not None}
    result = evaluate_clusters(Path(ctx.args.gold), assignment)
    ctx.out.print(result.format(), markup=False, highlight=False, soft_wrap=True)
    return EXIT_OK


def cmd_quantities(ctx: _Context) -> int:
    from claimledger.claims import find_quantities
    from claimledger.ingest import IngestOptions, iter_inputs
    from claimledger.records import RawInput
    from claimledger.text import extract

    files = ctx.args.files or ["-"]
    stdin = sys.stdin.buffer if "-" in files else None
    options = IngestOptions(fetch=False)
    failed = False
    for item in iter_inputs(files, options, stdin):
        if not isinstance(item, RawInput):
            ctx.err.print(f"rejected {item}", markup=False, highlight=False)
            failed = True
            continue
        try:
            text = extract(item).text
        except ClaimledgerError as exc:
            ctx.err.print(f"rejected {exc}", markup=False, highlight=False)
            failed = True
            continue
        try:
            found = find_quantities(text)
        except Exception as exc:  # one text's failure never ends the run
            from claimledger.problems import problem_from

            problem = problem_from(exc, "quantities", source=item.source)
            ctx.err.print(f"problem: {problem.line()}", markup=False, highlight=False,
                          soft_wrap=True)
            failed = True
            continue
        for quantity in found:
            record = {"source": item.source, **quantity.to_dict()}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return EXIT_REJECTED if failed else EXIT_OK


def cmd_serve(ctx: _Context) -> int:
    import uvicorn

    from claimledger.web import create_app

    args = ctx.args
    token = args.token or os.environ.get("CLAIMLEDGER_TOKEN")
    if args.host not in ("127.0.0.1", "localhost", "::1") and not token:
        ctx.err.print(
            f"refusing to listen on {args.host} without a token: give --token or set "
            "CLAIMLEDGER_TOKEN (requests without it get 401)",
            markup=False,
        )
        return EXIT_USAGE
    db = Path(getattr(args, "db", None) or default_db_path())
    Ledger(db).close()  # create or migrate before the first request
    app = create_app(db, token=token, allow_private=args.allow_private)
    ctx.info(f"serving {db} on http://{args.host}:{args.port}/")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def _add_ingest_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--manifest", help="CSV or JSONL with source,url,outlet,published for files")
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="allow fetching loopback, private and link-local addresses (refused by default)",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=50_000_000,
        help="largest input accepted, in bytes (default 50 MB)",
    )
    p.add_argument("--timeout", type=float, default=20.0, help="seconds allowed per URL fetch")
    p.add_argument(
        "--no-fetch",
        action="store_true",
        help="never go online: feeds use their entries' own content",
    )


def _add_global_options(p: argparse.ArgumentParser, default: Any) -> None:
    """--db, --verbose, --quiet: on the main parser (default None/False) and on every
    subcommand (default SUPPRESS, so a value given before the subcommand is not reset)."""
    flag_default = False if default is None else default
    p.add_argument(
        "--db",
        default=default,
        help="the ledger file (default $CLAIMLEDGER_DB or ./claimledger.db)",
    )
    p.add_argument(
        "-v", "--verbose", action="store_true", default=flag_default, help="tracebacks on errors"
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", default=flag_default, help="only errors and results"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimledger",
        description="Who claims what, how many, and on whose authority, across news reports.",
    )
    parser.add_argument("--version", action="version", version=f"claimledger {__version__}")
    _add_global_options(parser, default=None)
    common = argparse.ArgumentParser(add_help=False)
    _add_global_options(common, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def add_parser(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        # every subcommand takes the global options too: `claimledger serve --db x.db`
        parser: argparse.ArgumentParser = sub.add_parser(name, parents=[common], **kwargs)
        return parser

    p = add_parser("ingest", help="read files, folders, URLs, feeds, WARC or - into the ledger")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    _add_ingest_options(p)
    p.set_defaults(func=cmd_ingest)

    p = add_parser(
        "analyze", help="ingest (optional), find stories and claims, reconcile, report"
    )
    p.add_argument("sources", nargs="*", metavar="SOURCE")
    _add_ingest_options(p)
    p.add_argument("--workers", type=int, default=1, help="local processes for claim extraction")
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument("--scheduler", help="Dask scheduler address, tcp://HOST:PORT (--engine dask)")
    p.add_argument("--words", type=int, default=100, help="length of each story's brief")
    p.add_argument("--reextract", action="store_true", help="read every report for claims again")
    p.add_argument(
        "-o",
        "--output",
        help="report file to write (format from its suffix); default: print the report",
    )
    p.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        help="default: from the -o file's suffix, terminal without -o",
    )
    p.set_defaults(func=cmd_analyze)

    p = add_parser("report", help="print or write the report")
    p.add_argument("--format", choices=REPORT_FORMATS, default="terminal")
    p.add_argument("--story", type=int, help="only this story")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_report)

    p = add_parser("export", help="export the ledger as claimledger/1 JSON, JSONL or CSV")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    p.add_argument("--story", type=int, help="only this story")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p.add_argument(
        "--corrections",
        action="store_true",
        help="only the reviewers' corrections (JSON), to share with `review import`",
    )

    p = add_parser("stats", help="counts of what the ledger holds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = add_parser("problems", help="reports a stage could not finish, and why")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_problems)

    p = add_parser("stories", help="list the stories")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--sort",
        choices=("latest", "conflicts", "reports", "outlets"),
        help="most first: contested measures, reports, outlets, or latest date",
    )
    p.set_defaults(func=cmd_stories)

    p = add_parser("explain", help="why a claim joined its measure, and the near misses")
    p.add_argument("claim", metavar="CLAIM_ID")
    p.set_defaults(func=cmd_explain)

    p = add_parser("eval", help="score stored claims against a gold file")
    p.add_argument("gold", metavar="GOLD")
    p.add_argument("--status", metavar="STATUS",
                   help="a gold status file: score each multi-outlet measure's status and sources")
    p.set_defaults(func=cmd_eval)

    p = add_parser("eval-clusters", help="B-cubed scores of the stories against a gold map")
    p.add_argument("gold", metavar="GOLD")
    p.set_defaults(func=cmd_eval_clusters)

    p = add_parser("quantities", help="every quantity found in plain texts, as JSON lines")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.set_defaults(func=cmd_quantities)

    from claimledger.cli_review import add_review_parser

    review = add_parser("review", help="correct the machine: reject, fix, regroup, set status")
    add_review_parser(review, common)

    p = add_parser("serve", help="web UI and HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", help="required on every request (default $CLAIMLEDGER_TOKEN)")
    p.add_argument(
        "--allow-private", action="store_true", help="let URL ingestion reach private addresses"
    )
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = _Context(args)
    try:
        code: int = args.func(ctx)
    except ClaimledgerError as exc:
        if ctx.verbose:
            traceback.print_exc()
        ctx.err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        ctx.err.print("interrupted; what was stored is kept, run again to finish", markup=False)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if ctx.verbose:
            traceback.print_exc()
        ctx.err.print(
            f"error: {type(exc).__name__}: {exc} (rerun with --verbose for the traceback)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return EXIT_REJECTED
    return code


if __name__ == "__main__":
    sys.exit(main())
