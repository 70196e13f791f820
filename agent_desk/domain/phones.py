"""Phone numbers: normalising messy input to E.164, masking, time zones.

Lead lists arrive from spreadsheets typed by hand, so `normalize` accepts the usual
noise (separators, full-width digits, ``tel:``, ``00`` prefixes, Excel float artefacts)
but refuses anything it would have to guess at. Every refusal is a `PhoneError` with a
machine code that the UI translates.

Lead imports normalise hundreds of thousands of numbers, and `phonenumbers.parse` is
slow on messy text, so `normalize` first tries a fast path (`phone_fast.read`): plain
ASCII digits with the usual separators are read exactly as `phonenumbers` would read
them, against the same metadata patterns compiled once per region and length. Whatever
the fast path is not certain about, including every refusal, goes through the reference
path here (`_normalize_reference`), so both give the same answer for every input; the
tests compare them.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import phonenumbers
from phonenumbers import timezone as pn_timezone

from agent_desk.domain import phone_fast
from agent_desk.domain.phone_errors import PhoneError, PhoneErrorCode

__all__ = [
    "PhoneError",
    "PhoneErrorCode",
    "display_national",
    "mask",
    "normalize",
    "normalize_with_zone",
    "region_of",
    "timezone_for",
    "timezones_for",
]

_SEPARATORS = frozenset(" -.()/\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_EXCEL_FLOAT = re.compile(r"(\d{7,})\.0{1,2}")
_EXCEL_SCIENTIFIC = re.compile(r"(\d)(?:\.(\d+))?[eE]\+?(\d{1,2})")


def _ascii_digits(text: str) -> str:
    """Map every Unicode decimal digit (full-width, Arabic-Indic, ...) to ASCII."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def _fix_excel(text: str, raw: str) -> str:
    """Undo the float formatting spreadsheets apply to number-typed phone cells."""
    if _EXCEL_FLOAT.fullmatch(text):
        return text.split(".", 1)[0]
    match = _EXCEL_SCIENTIFIC.fullmatch(text)
    if match is None:
        return text
    lead, fraction, exponent = match.group(1), match.group(2) or "", int(match.group(3))
    value = Decimal(text)  # the regex only lets plain decimals through
    significant = len(lead + fraction)
    # "1.38123E+10" means the spreadsheet rounded the number to 6 digits for display:
    # the digits the exponent pads with zeros are lost, so refuse rather than invent them.
    if value != value.to_integral_value() or significant < exponent + 1:
        raise PhoneError(
            PhoneErrorCode.NOT_A_NUMBER,
            raw,
            problem="rounded",
            digits=significant,
        )
    return str(int(value))


def _clean(raw: str) -> tuple[bool, str]:
    """Return (has leading plus, digits) or raise PhoneError."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if text[:4].lower() == "tel:":
        text = text[4:].strip()
    text = _ascii_digits(text)
    if not text:
        raise PhoneError(PhoneErrorCode.EMPTY, raw)
    text = _fix_excel(text, raw)
    plus = text.startswith("+")
    if plus:
        text = text[1:]
    digits: list[str] = []
    for ch in text:
        if "0" <= ch <= "9":
            digits.append(ch)
        elif ch in _SEPARATORS or ch.isspace():
            continue
        elif ch.isalpha():
            raise PhoneError(
                PhoneErrorCode.NOT_A_NUMBER,
                raw,
                problem="letters",
            )
        else:
            raise PhoneError(PhoneErrorCode.NOT_A_NUMBER, raw, problem="character", char=ch)
    if not digits:
        raise PhoneError(PhoneErrorCode.NOT_A_NUMBER, raw, problem="no_digits")
    return plus, "".join(digits)


def _candidates(plus: bool, digits: str) -> list[tuple[str, bool]]:
    """Readings of the digits to try, as (text for phonenumbers, is international)."""
    if plus:
        return [("+" + digits, True)]
    if digits.startswith("00"):
        # 00 is the international prefix from China and most of the world.
        return [("+" + digits[2:], True)]
    readings = [(digits, False)]
    if digits.startswith("86"):
        # Lists exported from Chinese CRMs often write the country code without "+".
        readings.append(("+" + digits, True))
    return readings


def _parse_one(text: str, international: bool, region: str, raw: str) -> str:
    digit_count = sum(ch.isdigit() for ch in text)
    if not international and region not in phonenumbers.SUPPORTED_REGIONS:
        raise PhoneError(
            PhoneErrorCode.UNKNOWN_REGION,
            raw,
            problem="default_region",
            region=region,
        )
    try:
        number = phonenumbers.parse(text, None if international else region)
    except phonenumbers.NumberParseException as exc:
        kind = exc.error_type
        if kind == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            raise PhoneError(PhoneErrorCode.UNKNOWN_REGION, raw, problem="country_code") from None
        if kind == phonenumbers.NumberParseException.TOO_LONG:
            raise PhoneError(PhoneErrorCode.TOO_LONG, raw, digits=digit_count) from None
        raise PhoneError(PhoneErrorCode.TOO_SHORT, raw, digits=digit_count) from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    result = phonenumbers.ValidationResult
    if reason == result.INVALID_COUNTRY_CODE:
        raise PhoneError(PhoneErrorCode.UNKNOWN_REGION, raw, problem="country_code")
    if reason in (result.TOO_SHORT, result.IS_POSSIBLE_LOCAL_ONLY):
        raise PhoneError(PhoneErrorCode.TOO_SHORT, raw, digits=digit_count)
    if reason == result.TOO_LONG:
        raise PhoneError(PhoneErrorCode.TOO_LONG, raw, digits=digit_count)
    if reason != result.IS_POSSIBLE or not phonenumbers.is_valid_number(number):
        raise PhoneError(PhoneErrorCode.INVALID, raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _normalize_reference(raw: str, default_region: str) -> str:
    """`normalize` the slow, general way: every refusal is decided here."""
    if not isinstance(raw, str):
        raise PhoneError(PhoneErrorCode.NOT_A_NUMBER, repr(raw), problem="not_text")
    plus, digits = _clean(raw)
    if len(digits) < phone_fast.MIN_DIGITS:
        raise PhoneError(PhoneErrorCode.TOO_SHORT, raw, digits=len(digits))
    if len(digits) > phone_fast.MAX_DIGITS:
        raise PhoneError(PhoneErrorCode.TOO_LONG, raw, digits=len(digits))
    region = default_region.strip().upper() if isinstance(default_region, str) else ""
    first_error: PhoneError | None = None
    for text, international in _candidates(plus, digits):
        try:
            return _parse_one(text, international, region, raw)
        except PhoneError as exc:
            first_error = first_error or exc
    assert first_error is not None  # _candidates always yields at least one reading
    raise first_error


def _read_fast(raw: str, default_region: str) -> tuple[int, str] | None:
    """The fast path's (country code, national number); None: the reference path decides."""
    if isinstance(raw, str) and isinstance(default_region, str):
        return phone_fast.read(raw, default_region)
    return None


def normalize(raw: str, default_region: str) -> str:
    """Normalise a phone number as typed or imported to E.164.

    Args:
        raw: The number as found, e.g. ``"138-1234-5678"``, ``"＋86 138 1234 5678"``,
            ``"tel:+12125550100"``, ``"13812345678.0"`` or ``"1.3812345678E10"``.
        default_region: ISO 3166 region (``"CN"``) for numbers without country code.

    Returns:
        The number in E.164 form, e.g. ``"+8613812345678"``.

    Raises:
        PhoneError: For any input that is not one valid phone number. Nothing else is
            raised, whatever the string.
    """
    fast = _read_fast(raw, default_region)
    if fast is not None:
        return f"+{fast[0]}{fast[1]}"
    return _normalize_reference(raw, default_region)


def normalize_with_zone(raw: str, default_region: str, fallback: str) -> tuple[str, str]:
    """`normalize` and `timezone_for` in one, parsing the number once.

    Returns:
        ``(e164, zone)``, exactly ``(normalize(raw, region), timezone_for(e164, fallback))``.

    Raises:
        PhoneError: As `normalize`.
    """
    fast = _read_fast(raw, default_region)
    if fast is None:
        e164 = _normalize_reference(raw, default_region)
        return e164, timezone_for(e164, fallback)
    e164 = f"+{fast[0]}{fast[1]}"
    zone = phone_fast.read_zone(fast[0], fast[1], fallback)
    if zone is None:
        zone = timezone_for(e164, fallback)
    return e164, zone


def _e164_digits(e164: str) -> str | None:
    """The digits of what looks like a normalised number (``+`` and 1-15 digits)."""
    if not isinstance(e164, str) or not e164.startswith("+"):
        return None
    digits = e164[1:]
    if not digits.isascii() or not digits.isdigit() or len(digits) > 15:
        return None
    return digits


def _parse_e164(e164: str) -> phonenumbers.PhoneNumber | None:
    """Parse an already normalised number; None for anything else."""
    if _e164_digits(e164) is None:
        return None
    try:
        return phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None


def _mask_digits(national: str) -> str:
    length = len(national)
    if length >= 11:
        # The familiar Chinese mobile form 138****5678, as banks and apps print it.
        head, tail = 3, 4
    else:
        # Shorter numbers would give too much away with 3 + 4 shown: hide at least half.
        shown = length // 2
        head = shown // 2
        tail = shown - head
    return national[:head] + "*" * (length - head - tail) + national[length - tail :]


def mask(e164: str) -> str:
    """Mask a number for lists and logs, e.g. ``"+86 138****5678"``.

    Never raises; input that is not a phone number gives ``"****"``.
    """
    number = _parse_e164(e164)
    if number is None or not number.country_code:
        return "****"
    national = phonenumbers.national_significant_number(number)
    if len(national) < 4:
        return f"+{number.country_code} ****"
    return f"+{number.country_code} {_mask_digits(national)}"


def region_of(e164: str) -> str | None:
    """ISO region of a normalised number (``"CN"``), or None if unknown."""
    number = _parse_e164(e164)
    if number is None:
        return None
    region = phonenumbers.region_code_for_number(number)
    return region if region and region != "ZZ" else None


def timezones_for(e164: str) -> tuple[str, ...]:
    """All IANA zones the geocoder gives for a number (empty when unknown)."""
    number = _parse_e164(e164)
    if number is None:
        return ()
    return phone_fast.usable_zones(tuple(pn_timezone.time_zones_for_number(number)))


def timezone_for(e164: str, fallback: str) -> str:
    """IANA time zone the customer's calling window is checked in.

    When the geocoder knows several zones for the number (mobiles in the US, Russia,
    Australia), the choice must be deterministic: the queue filters leads and the dialer
    re-checks at dial time, and both must reach the same verdict. The fallback (the
    campaign's zone) wins when it is one of the candidates, since the admin chose it for
    this customer base; otherwise the geocoder's first zone (its list is sorted).

    Args:
        e164: A normalised number.
        fallback: Zone to use when the number's zone is unknown (``Etc/Unknown``).

    Returns:
        An IANA zone name.
    """
    digits = _e164_digits(e164)
    zone = None if digits is None else phone_fast.international_zone(digits, fallback)
    if zone is None:
        zone = phone_fast.choose_zone(timezones_for(e164), fallback)
    return zone


def display_national(e164: str) -> str:
    """The number in its country's national format (``"138 1234 5678"``).

    Returns the input unchanged when it is not a normalised number.
    """
    number = _parse_e164(e164)
    if number is None:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
