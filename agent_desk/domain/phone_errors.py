"""Why a phone number was refused: a machine code for the UI, English for logs and the CLI."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

__all__ = ["PhoneError", "PhoneErrorCode"]


class PhoneErrorCode(enum.Enum):
    """Why a phone number was refused."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    INVALID = "invalid"
    UNKNOWN_REGION = "unknown_region"


# NOT_A_NUMBER and UNKNOWN_REGION have several causes, told apart by params["problem"]
# so the UI can translate each one without parsing English.
_MESSAGES: Mapping[tuple[PhoneErrorCode, str], str] = MappingProxyType(
    {
        (PhoneErrorCode.EMPTY, ""): "Phone number is empty",
        (PhoneErrorCode.NOT_A_NUMBER, "letters"): (
            "Not a phone number: it contains letters (extensions and notes belong elsewhere)"
        ),
        (PhoneErrorCode.NOT_A_NUMBER, "character"): (
            "Not a phone number: it contains the character {char!r}"
        ),
        (PhoneErrorCode.NOT_A_NUMBER, "no_digits"): "Not a phone number: it has no digits",
        (PhoneErrorCode.NOT_A_NUMBER, "rounded"): (
            "Not a phone number: a spreadsheet rounded it to {digits} digits"
            " (format the column as text and export again)"
        ),
        (PhoneErrorCode.NOT_A_NUMBER, "not_text"): "Not a phone number: the value is not text",
        (PhoneErrorCode.TOO_SHORT, ""): "Phone number is too short ({digits} digits)",
        (PhoneErrorCode.TOO_LONG, ""): "Phone number is too long ({digits} digits)",
        (PhoneErrorCode.INVALID, ""): (
            "Phone number does not exist in its country's numbering plan"
        ),
        (PhoneErrorCode.UNKNOWN_REGION, "country_code"): "Phone number has an unknown country code",
        (PhoneErrorCode.UNKNOWN_REGION, "default_region"): (
            "Unknown default region {region!r} for a number without country code"
        ),
    }
)


class PhoneError(ValueError):
    """A phone number that cannot be normalised.

    The English message deliberately leaves the number out: these errors end up in
    logs, and numbers are personal data. Callers that need it have `raw`.

    Attributes:
        code: Machine-readable reason, translated by the UI.
        raw: The input as given.
        params: Values for the translated message: ``problem`` (which variant of the
            code), ``digits``, ``char``, ``region`` as relevant.
    """

    def __init__(self, code: PhoneErrorCode, raw: str, **params: Any) -> None:
        self.code = code
        self.raw = raw
        self.params: Mapping[str, Any] = MappingProxyType(dict(params))
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """English description of the problem, for logs and the admin CLI."""
        template = _MESSAGES.get((self.code, str(self.params.get("problem", ""))))
        if template is None:
            return f"Invalid phone number ({self.code.value})"
        return template.format_map({"digits": "?", "char": "?", "region": "?", **self.params})
