"""Opaque cursors for lists that grow without bound: the position after the last item seen."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime

from shared.errors import InvalidInput

MAX_PAGE = 200


def encode_cursor(moment: datetime, item_id: uuid.UUID) -> str:
    raw = json.dumps([moment.isoformat(), str(item_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment, item_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return datetime.fromisoformat(moment), uuid.UUID(item_id)
    except (ValueError, TypeError) as error:
        raise InvalidInput(
            "The cursor is not one this service gave out.",
            errors=[{"field": "cursor", "message": "invalid cursor"}],
        ) from error
