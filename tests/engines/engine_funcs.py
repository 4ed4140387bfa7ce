"""Top-level partition functions the engine tests ship to worker processes."""

from __future__ import annotations

import os

_LOADED: list[int] = []


def square(items: list[int]) -> list[int]:
    return [i * i for i in items]


def where(items: list[int]) -> list[tuple[int, int]]:
    return [(i, os.getpid()) for i in items]


def drop_one(items: list[int]) -> list[int]:
    return items[1:]


def boom(items: list[int]) -> list[int]:
    if 13 in items:
        raise ValueError("unlucky item 13")
    return items


def load_model() -> None:
    _LOADED.append(os.getpid())


def loaded(items: list[int]) -> list[int]:
    return [len(_LOADED) for _ in items]
