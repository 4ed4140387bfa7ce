"""Text safe to print on a terminal.

File names, titles, outlets and error messages come from hostile input; printed raw, an
ESC sequence in any of them can rewrite the screen, hide lines, retitle the window or
smuggle a hyperlink, and bidirectional overrides can reorder what the reader sees. Every
control character except tab and newline is shown as a visible escape instead.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.text import Text

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates (Trojan-source reordering)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` with every control character but tab and newline made a visible escape."""
    return _UNSAFE.sub(_visible, text)


class SafeConsole(Console):
    """A rich Console whose ``print`` makes strings and Text objects safe for a terminal.

    Rich strips a few controls (bell, backspace, carriage return) but passes ESC through;
    Text objects are rebuilt with their style so nothing the caller meant is lost.
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(_safe(o) for o in objects), **kwargs)


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return for_terminal(value)
    if isinstance(value, Text) and _UNSAFE.search(value.plain):
        return Text(for_terminal(value.plain), style=value.style)
    return value
