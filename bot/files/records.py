"""What Baton records about each kept file, and how a message's files are stored with it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from bot.models import Attachment


@dataclass(frozen=True, slots=True)
class FileRecord:
    """A kept file: what it is, whose conversation it belongs to and who sent it."""

    id: str
    name: str
    content_type: str
    size: int
    conversation_id: str
    sent_by: str  # "customer", or the staff member's id
    ts: float
    sha256: str

    @property
    def attachment(self) -> Attachment:
        """The file as a message carries it."""
        return Attachment(self.id, self.name, self.content_type, self.size)


def attachments_field(attachments: Iterable[Attachment]) -> str:
    """A message's files as its transcript entry keeps them (`files`: a JSON list)."""
    return json.dumps([a.to_dict() for a in attachments])
