"""``claimledger review ...``: a reviewer's corrections from the command line.

Every correction is stored with who (``--by``, default $CLAIMLEDGER_REVIEWER or the login
name), when, why (``--reason``) and before/after, applied at once, and re-applied after
every later analysis (see :mod:`claimledger.review`).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.errors import ClaimledgerError
from claimledger.records import Correction

if TYPE_CHECKING:
    from claimledger.cli import _Context

EXIT_OK, EXIT_REJECTED = 0, 1


def _author(args: argparse.Namespace) -> str:
    if args.by:
        return str(args.by)
    env = os.environ.get("CLAIMLEDGER_REVIEWER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "reviewer"


def _done(ctx: _Context, correction: Correction) -> int:
    from claimledger.review import describe

    if getattr(ctx.args, "json", False):
        sys.stdout.write(json.dumps(correction.to_dict()) + "\n")
    else:
        ctx.out.print(describe(correction), markup=False, highlight=False, soft_wrap=True)
    return EXIT_REJECTED if correction.unmatched else EXIT_OK


def _correct(ctx: _Context, kind: str, **kwargs: Any) -> int:
    args = ctx.args
    with ctx.ledger(create=False) as ledger:
        correction = ledger.correct(kind, reason=args.reason or "", author=_author(args), **kwargs)
    return _done(ctx, correction)


def cmd_reject(ctx: _Context) -> int:
    return _correct(ctx, "reject", claims=ctx.args.claims)


def cmd_value(ctx: _Context) -> int:
    a = ctx.args
    after: dict[str, Any] = {"value": a.value}
    if a.low is not None or a.high is not None:
        after["low"], after["high"] = a.low, a.high
    else:
        after["low"], after["high"] = a.value, a.value
    if a.unit is not None:
        after["unit"] = a.unit or None
    if a.qualifier is not None:
        after["qualifier"] = a.qualifier or None
    return _correct(ctx, "value", claims=[a.claim], after=after)


def cmd_claimer(ctx: _Context) -> int:
    after: dict[str, Any] = {"claimer": ctx.args.name or None}
    if ctx.args.role is not None:
        after["claimer_role"] = ctx.args.role or None
    return _correct(ctx, "claimer", claims=[ctx.args.claim], after=after)


def cmd_item(ctx: _Context) -> int:
    item = ctx.args.item
    after = {"item": item, "item_lemma": ctx.args.lemma or item.split()[-1].lower()}
    return _correct(ctx, "item", claims=[ctx.args.claim], after=after)


def cmd_actors(ctx: _Context) -> int:
    a = ctx.args
    after = {k: (v or None) for k, v in (("subject", a.subject), ("recipient", a.recipient))
             if v is not None}  # fmt: skip
    return _correct(ctx, "actors", claims=[a.claim], after=after)


def cmd_move(ctx: _Context) -> int:
    return _correct(ctx, "move", claims=ctx.args.claims, into=ctx.args.to)


def cmd_split(ctx: _Context) -> int:
    after = {"label": ctx.args.label} if ctx.args.label else {}
    return _correct(ctx, "split", measure=ctx.args.measure, claims=ctx.args.claims, after=after)


def cmd_merge(ctx: _Context) -> int:
    return _correct(ctx, "merge", measure=ctx.args.measure, into=ctx.args.into)


def cmd_status(ctx: _Context) -> int:
    if not ctx.args.reason:
        raise ClaimledgerError("setting a status needs --reason: say why the machine is wrong")
    return _correct(ctx, "status", measure=ctx.args.measure, after={"status": ctx.args.status})


def cmd_withdraw(ctx: _Context) -> int:
    with ctx.ledger(create=False) as ledger:
        correction = ledger.withdraw(ctx.args.id)
    return _done(ctx, correction)


def cmd_list(ctx: _Context) -> int:
    from claimledger.review import describe

    with ctx.ledger(create=False) as ledger:
        corrections = ledger.corrections(story=ctx.args.story)
    if ctx.args.json:
        sys.stdout.write(json.dumps([c.to_dict() for c in corrections]) + "\n")
        return EXIT_OK
    if not corrections:
        ctx.info("no corrections yet: see `claimledger review --help`")
    missing = [c for c in corrections if c.unmatched and not c.withdrawn_at]
    for c in corrections:
        ctx.out.print(describe(c), markup=False, highlight=False, soft_wrap=True)
    if missing:
        ctx.info(
            f"{len(missing)} of {len(corrections)} corrections no longer match a claim: "
            "their evidence changed or vanished; check them and withdraw or redo them"
        )
    return EXIT_OK


def cmd_import(ctx: _Context) -> int:
    from claimledger.report.export import read_corrections

    path = Path(ctx.args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimledgerError(f"{path}: cannot read the corrections file ({exc})") from exc
    corrections = read_corrections(text)
    with ctx.ledger(create=False) as ledger:
        added = ledger.import_corrections(corrections)
    unmatched = [c for c in added if c.unmatched]
    ctx.info(f"review import: {len(added)} added, {len(unmatched)} not matched here")
    for c in unmatched:
        from claimledger.review import describe

        ctx.err.print(describe(c), markup=False, highlight=False, soft_wrap=True)
    return EXIT_OK


def add_review_parser(review: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    """The ``review`` subcommands; ``common`` carries the global options (--db ...)."""
    sub = review.add_subparsers(dest="review_command", metavar="ACTION")
    sub.required = True

    def action(name: str, help_text: str, func: Any, *, trail: bool = True
               ) -> argparse.ArgumentParser:  # fmt: skip
        p: argparse.ArgumentParser = sub.add_parser(name, help=help_text, parents=[common])
        if trail:
            p.add_argument("--reason", help="why: kept with the correction")
            p.add_argument("--by", help="who (default $CLAIMLEDGER_REVIEWER or your login)")
            p.add_argument("--json", action="store_true", help="print the stored correction")
        p.set_defaults(func=func)
        return p

    p = action("reject", "reject claims: they leave every measure and the brief", cmd_reject)
    p.add_argument("claims", nargs="+", metavar="CLAIM_ID")
    p = action("value", "fix a claim's figure", cmd_value)
    p.add_argument("claim", metavar="CLAIM_ID")
    p.add_argument("value", type=float, metavar="VALUE")
    p.add_argument("--low", type=float, help="low end of a range")
    p.add_argument("--high", type=float, help="high end of a range")
    p.add_argument("--unit", help="unit ('' for none)")
    p.add_argument("--qualifier", help="about, at least, up to... ('' for none)")
    p = action("claimer", "fix who makes the claim ('' for unattributed)", cmd_claimer)
    p.add_argument("claim", metavar="CLAIM_ID")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", help="the claimer's role")
    p = action("item", "fix what the figure counts", cmd_item)
    p.add_argument("claim", metavar="CLAIM_ID")
    p.add_argument("item", metavar="ITEM")
    p.add_argument("--lemma", help="its head word, singular (default: the last word)")
    p = action("actors", "fix who moved it to whom", cmd_actors)
    p.add_argument("claim", metavar="CLAIM_ID")
    p.add_argument("--subject", help="supplier / actor ('' for unknown)")
    p.add_argument("--recipient", help="recipient ('' for unknown)")
    p = action("move", "move claims to another measure", cmd_move)
    p.add_argument("claims", nargs="+", metavar="CLAIM_ID")
    p.add_argument("--to", required=True, metavar="MEASURE_ID")
    p = action("split", "split claims off a measure into a new one", cmd_split)
    p.add_argument("measure", metavar="MEASURE_ID")
    p.add_argument("claims", nargs="+", metavar="CLAIM_ID")
    p.add_argument("--label", help="the new measure's label")
    p = action("merge", "merge a measure into another", cmd_merge)
    p.add_argument("measure", metavar="MEASURE_ID")
    p.add_argument("--into", required=True, metavar="MEASURE_ID")
    p = action("status", "set a measure's status (needs --reason)", cmd_status)
    p.add_argument("measure", metavar="MEASURE_ID")
    p.add_argument(
        "status", choices=("single", "agree", "revised", "conflict", "disputed", "undisputed")
    )
    p = action("withdraw", "withdraw a correction: the machine's reading comes back", cmd_withdraw)
    p.add_argument("id", type=int, metavar="CORRECTION_ID")
    p = action("list", "list corrections; those that no longer match are flagged", cmd_list,
               trail=False)  # fmt: skip
    p.add_argument("--story", type=int, help="only this story")
    p.add_argument("--json", action="store_true")
    p = action("import", "add corrections from `export --corrections`", cmd_import, trail=False)
    p.add_argument("file", metavar="FILE")
