"""A small config file that is read again when it changes (staff list, saved replies): a broken
edit is refused, logged, and the last good contents stay in force."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class LiveFile(Generic[T]):
    """The parsed contents of `path`, re-parsed when the file's size or modification time change.

    `parse` raises a ValueError (naming the file and the problem) for a file it refuses; at
    construction that error propagates (start-up stops), later it is logged and ignored.
    """

    def __init__(self, path: Path, parse: Callable[[Path], T], what: str) -> None:
        self.path = path
        self._parse = parse
        self._what = what
        self._value = parse(path)
        self._stamp = self._current_stamp()

    def _current_stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def current(self) -> T:
        """The contents as the file says now (or the last good contents after a broken edit)."""
        stamp = self._current_stamp()
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                self._value = self._parse(self.path)
                log.info("%s reloaded from %s", self._what, self.path)
            except ValueError as exc:
                log.error("%s refused, the last good one stays in force: %s", self._what, exc)
        return self._value
