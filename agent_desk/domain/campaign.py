"""What a desk needs to know about a campaign to work its leads."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from agent_desk.domain.calling_policy import CallingPolicy
from agent_desk.domain.outcomes import OutcomeSet
from agent_desk.domain.scripts import Script, parse_script


@dataclass(frozen=True)
class CampaignConfig:
    """A campaign's rules and talk-track, as pulled to the desk.

    Attributes:
        soft_call_limit_s: Call length at which the timer turns amber (red at 1.5x).
        min_gap_minutes: Minimum time between two attempts on one lead.
        cs_transfer_number: Customer-service number complaints are transferred to.
    """

    id: int
    code: str
    name: str
    language: str
    company_name: str
    purpose: str
    default_region: str
    fallback_timezone: str
    policy: CallingPolicy
    outcomes: OutcomeSet
    soft_call_limit_s: int
    max_attempts: int
    min_gap_minutes: int
    cs_transfer_number: str | None
    script_markdown: str = ""
    script_version: int = 0

    @cached_property
    def script(self) -> Script:
        return parse_script(self.script_markdown)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "language": self.language,
            "company_name": self.company_name,
            "purpose": self.purpose,
            "default_region": self.default_region,
            "fallback_timezone": self.fallback_timezone,
            "policy": self.policy.to_config(),
            "outcomes": self.outcomes.to_config(),
            "soft_call_limit_s": self.soft_call_limit_s,
            "max_attempts": self.max_attempts,
            "min_gap_minutes": self.min_gap_minutes,
            "cs_transfer_number": self.cs_transfer_number,
            "script_markdown": self.script_markdown,
            "script_version": self.script_version,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CampaignConfig:
        fields = dict(data)
        fields["policy"] = CallingPolicy.from_config(data["policy"])
        fields["outcomes"] = OutcomeSet.from_config(data["outcomes"])
        return cls(**fields)
