"""Staff members the tests act as when they call the core directly (an inbox gives its own ids)."""

from __future__ import annotations

from bot.models import StaffMember

DANA = StaffMember("dana", "Dana")
SAM = StaffMember("sam", "Sam")
OTHER_DANA = StaffMember("dana.b", "Dana")  # a second person with the same display name
