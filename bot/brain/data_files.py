"""The knowledge base's YAML data files (orders.yaml, vendors.yaml): a list of records with ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class DataFileError(Exception):
    """orders.yaml or vendors.yaml is malformed; the message names the file and the entry."""


def read_records(path: Path, key: str) -> list[dict[str, Any]]:
    """The records of a data file: a list, or a mapping with `key:` holding one; each needs an `id`.

    A missing file has no records.
    """
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
    if isinstance(data, dict):
        data = data.get(key)
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise DataFileError(f"{path}: expected a list of {key} (or a mapping with '{key}:')")
    for number, record in enumerate(data, 1):
        if not record.get("id"):
            raise DataFileError(f"{path}: {key} entry {number} has no 'id'")
    return data
