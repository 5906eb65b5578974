"""Optional: tags judged by the chat model from their descriptions (`llm: true`, with `BOT_LLM`).

One call per message covers every tag that asks for it; the model answers which descriptions the
message fits and why. A slow or failing model never holds a message up or loses a handoff: after
`timeout` seconds, or on any error, the verdict is "none", logged, and the other conditions decide.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 15.0
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)

SYSTEM_PROMPT = """You label customer-support messages for an online marketplace.
Each label has a name and a description. Decide which labels clearly apply to the customer's
message; most routine questions fit none. Reply with JSON only, no other text:
{"labels": [{"name": "<label name>", "reason": "<why, at most 15 words>"}]}
Use [] when no label applies.

Labels:
"""


class LlmTagger:
    """Asks a LangChain chat model which described tags a message fits; answers are cached per text."""

    def __init__(self, model: Any, timeout: float = DEFAULT_TIMEOUT, cache_size: int = 1024) -> None:
        self.model = model
        self.timeout = timeout
        self._cache: OrderedDict[tuple[str, tuple[tuple[str, str], ...]], dict[str, str]] = OrderedDict()
        self._cache_size = cache_size

    async def judge(self, text: str, tags: Sequence[tuple[str, str]]) -> dict[str, str]:
        """The tags (name -> the model's reason) that the model says `text` fits; {} on any failure."""
        key = (text, tuple(tags))
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        prompt = SYSTEM_PROMPT + "\n".join(f"- {name}: {description}" for name, description in tags)
        try:
            reply = await asyncio.wait_for(
                self.model.ainvoke([("system", prompt), ("human", text)]), self.timeout
            )
        except TimeoutError:
            log.warning("llm tagging: no answer within %.0f s; the other conditions decide", self.timeout)
            return {}
        except Exception as exc:  # noqa: BLE001 - the provider being down must not stop a handoff
            log.warning("llm tagging failed (%s); the other conditions decide", exc.__class__.__name__)
            return {}
        verdict = parse_labels(str(getattr(reply, "content", "")), {name for name, _ in tags})
        self._cache[key] = verdict
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return verdict


def parse_labels(content: str, known: set[str]) -> dict[str, str]:
    """The known labels in the model's JSON answer, with their reasons; unknown names are dropped."""
    found = _JSON_OBJECT.search(content)
    if found is None:
        log.warning("llm tagging: the answer was not JSON: %.80r", content)
        return {}
    try:
        labels = json.loads(found.group()).get("labels") or []
    except (ValueError, AttributeError):
        log.warning("llm tagging: the answer was not the expected JSON: %.80r", content)
        return {}
    out: dict[str, str] = {}
    for label in labels if isinstance(labels, list) else []:
        if isinstance(label, dict) and label.get("name") in known:
            out[str(label["name"])] = " ".join(str(label.get("reason") or "").split())[:200]
    return out
