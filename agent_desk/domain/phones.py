"""Phone numbers: normalising messy input to E.164, masking, time zones.

Lead lists arrive from spreadsheets typed by hand, so `normalize` accepts the usual
noise (separators, full-width digits, ``tel:``, ``00`` prefixes, Excel float artefacts)
but refuses anything it would have to guess at. Every refusal is a `PhoneError` with a
machine code that the UI translates.

Lead imports normalise hundreds of thousands of numbers, and `phonenumbers.parse` is
slow on messy text, so `normalize` first tries a fast path (`_fast`): plain ASCII digits
with the usual separators are read exactly as `phonenumbers` would read them, against
the same metadata patterns compiled once per region and length. Whatever the fast path
is not certain about, including every refusal, goes through the reference path
(`_normalize_reference`), so both give the same answer for every input; the tests
compare them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import phonenumberutil as pn_util
from phonenumbers import timezone as pn_timezone
from phonenumbers.phonemetadata import PhoneMetadata, PhoneNumberDesc
from phonenumbers.tzdata import TIMEZONE_DATA

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

# E.164 allows 15 digits; an international prefix and a stray national prefix add a few.
_MAX_DIGITS = 17
_MIN_DIGITS = 3
_SEPARATORS = frozenset(" -.()/\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_EXCEL_FLOAT = re.compile(r"(\d{7,})\.0{1,2}")
_EXCEL_SCIENTIFIC = re.compile(r"(\d)(?:\.(\d+))?[eE]\+?(\d{1,2})")
_UNKNOWN_ZONE = "Etc/Unknown"


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
    if len(digits) < _MIN_DIGITS:
        raise PhoneError(PhoneErrorCode.TOO_SHORT, raw, digits=len(digits))
    if len(digits) > _MAX_DIGITS:
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


# The fast path. Each step mirrors what `phonenumbers.parse` does with a string of ASCII
# digits (see phonenumberutil.parse, _maybe_extract_country_code); where a step would do
# something less simple (an international dialling prefix such as 00 or 011 inside a
# national reading, an Italian leading zero) the fast path gives up and the reference
# path decides. Patterns come from the same metadata, compiled once.
_FAST_TEXT = re.compile(  # stripped blanks, "tel:", then a spreadsheet float or digits
    r"[ \t]*(?:[Tt][Ee][Ll]:[ \t]*)?"
    r"(?:([0-9]{7,})\.0{1,2}|(\+?)([0-9 ./()\t-]*[0-9][0-9 ./()\t-]*))[ \t]*"
)
_DROP_SEPARATORS = str.maketrans("", "", " ./()\t-")
_CODES = phonenumbers.COUNTRY_CODE_TO_REGION_CODE
# The number types _number_type_helper tries; mobile first only because it is common.
_TYPE_DESCS = (
    "mobile", "fixed_line", "premium_rate", "toll_free", "shared_cost", "voip",
    "personal_number", "pager", "uan", "voicemail",
)  # fmt: skip
_IS_POSSIBLE = pn_util.ValidationResult.IS_POSSIBLE
_TOO_LONG = pn_util.ValidationResult.TOO_LONG
_NOT_POSSIBLE = (
    pn_util.ValidationResult.TOO_SHORT,
    pn_util.ValidationResult.INVALID_LENGTH,
    pn_util.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
)


class _Plan(NamedTuple):
    """What parsing needs of one region's metadata."""

    metadata: PhoneMetadata
    code: int
    code_text: str
    idd: re.Pattern[str]  # the international dialling prefix
    npp: re.Pattern[str]  # national_prefix_for_parsing


def _plan(metadata: PhoneMetadata | None) -> _Plan | None:
    if metadata is None or metadata.country_code is None:
        return None
    code = metadata.country_code
    idd, npp = metadata.international_prefix, metadata.national_prefix_for_parsing
    never = "(?!)"  # what phonenumbers does with a missing prefix pattern
    return _Plan(metadata, code, str(code), re.compile(idd or never), re.compile(npp or never))


@functools.cache
def _region_plan(region: str) -> _Plan | None:
    """Plan for numbers read with ``region`` as default region; None if unsupported."""
    if region not in phonenumbers.SUPPORTED_REGIONS:
        return None
    return _plan(PhoneMetadata.metadata_for_region(region, None))


@functools.cache
def _code_plan(code: int) -> _Plan | None:
    """Plan for numbers with country code ``code`` (its main region's metadata)."""
    main = phonenumbers.region_code_for_country_code(code)
    return _plan(PhoneMetadata.metadata_for_region_or_calling_code(code, main))


def _fast(raw: str, default_region: str) -> tuple[int, str] | None:
    """(country code, national number) of a valid number, or None when unsure."""
    text = raw if raw.isascii() else unicodedata.normalize("NFKC", raw)
    match = _FAST_TEXT.fullmatch(text)  # only ASCII matches, so no _ascii_digits
    if match is None:
        return None
    excel, plus, body = match.groups()
    digits = excel or (body if body.isdigit() else body.translate(_DROP_SEPARATORS))
    if not _MIN_DIGITS <= len(digits) <= _MAX_DIGITS:
        return None
    if plus:
        return _fast_international(digits)
    if digits.startswith("00"):
        return _fast_international(digits[2:])
    plan = _region_plan(default_region.strip().upper())
    return None if plan is None else _fast_national(digits, plan)


def _fast_international(digits: str) -> tuple[int, str] | None:
    """``parse("+" + digits, None)`` and the checks of `_parse_one`."""
    if len(digits) <= pn_util._MIN_LENGTH_FOR_NSN or digits[0] == "0":
        return None
    for size in range(1, pn_util._MAX_LENGTH_COUNTRY_CODE + 1):
        code = int(digits[:size])
        if code in _CODES:
            plan = _code_plan(code)
            return None if plan is None else _fast_finish(code, digits[size:], plan)
    return None


def _fast_national(digits: str, plan: _Plan) -> tuple[int, str] | None:
    """``parse(digits, region)`` and the checks of `_parse_one`."""
    if plan.idd.match(digits):
        return None
    if digits.startswith(plan.code_text):  # "8613812345678": a country code without "+"
        rest = digits[len(plan.code_text) :]
        if plan.npp.match(rest):
            rest = pn_util._maybe_strip_national_prefix_carrier_code(rest, plan.metadata)[1]
        desc = plan.metadata.general_desc
        general = _compiled_or_none(None if desc is None else desc.national_number_pattern)
        fits = general is not None and general.fullmatch(digits) is not None
        fits_rest = general is not None and general.fullmatch(rest) is not None
        if (not fits and fits_rest) or _length_check(plan.metadata, len(digits)) == _TOO_LONG:
            main = _code_plan(plan.code)
            return None if main is None else _fast_finish(plan.code, rest, main)
    return _fast_finish(plan.code, digits, plan)


def _fast_finish(code: int, national: str, plan: _Plan) -> tuple[int, str] | None:
    """The rest of ``parse`` (national prefix), then possible and valid."""
    if len(national) < pn_util._MIN_LENGTH_FOR_NSN:
        return None
    if plan.npp.match(national):
        stripped = pn_util._maybe_strip_national_prefix_carrier_code(national, plan.metadata)[1]
        if _length_check(plan.metadata, len(stripped)) not in _NOT_POSSIBLE:
            national = stripped
    if not pn_util._MIN_LENGTH_FOR_NSN <= len(national) <= pn_util._MAX_LENGTH_FOR_NSN:
        return None
    if national[0] == "0" or not _possible(code, len(national)):
        return None  # an Italian leading zero goes the reference way
    regions = _CODES[code]
    if len(regions) == 1:
        valid = _valid_pattern(code, regions[0], len(national))
        return (code, national) if valid and valid.fullmatch(national) else None
    return (code, national) if _valid_in_list(code, national, regions) else None


def _length_check(metadata: PhoneMetadata, length: int) -> int:
    """``_test_number_length``, which looks at the length only."""
    return pn_util._test_number_length("9" * length, metadata)


@functools.cache
def _compiled_or_none(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None  # _match_national_number: no match


@functools.cache
def _possible(code: int, length: int) -> bool:
    """``is_possible_number_with_reason`` is IS_POSSIBLE: it looks at the length only."""
    number = phonenumbers.PhoneNumber(country_code=code, national_number=int("9" * length))
    return bool(phonenumbers.is_possible_number_with_reason(number) == _IS_POSSIBLE)


def _valid_in_list(code: int, national: str, regions: tuple[str, ...]) -> bool:
    """``is_valid_number`` where the country code is shared by several regions."""
    for region in regions:  # as _region_code_for_number_from_list
        metadata = PhoneMetadata.metadata_for_region(region.upper(), None)
        if metadata is None:
            continue
        if metadata.leading_digits is not None:
            if re.match(metadata.leading_digits, national):
                break
            continue
        pattern = _valid_pattern(code, region, len(national))
        if pattern is not None and pattern.fullmatch(national):
            break
    else:
        return False
    pattern = _valid_pattern(code, region, len(national))
    return pattern is not None and pattern.fullmatch(national) is not None


def _desc_pattern(desc: PhoneNumberDesc | None, length: int) -> str | None:
    """The desc's pattern if ``length`` digits may match it (_is_number_matching_desc)."""
    if desc is None or (desc.possible_length and length not in desc.possible_length):
        return None
    return desc.national_number_pattern or None


@functools.cache
def _valid_pattern(code: int, region: str, length: int) -> re.Pattern[str] | None:
    """What ``is_valid_number_for_region`` matches of ``length`` digits; None: nothing.

    It is the general pattern and any number type's pattern (``_number_type_helper``
    is not UNKNOWN), each only if its possible lengths allow ``length``.
    """
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region.upper())
    if metadata is None or (
        region != "001" and code != phonenumbers.country_code_for_valid_region(region)
    ):
        return None
    general = _desc_pattern(metadata.general_desc, length)
    # Mobile counts only when its pattern differs from fixed-line's.
    same = metadata.same_mobile_and_fixed_line_pattern
    names = _TYPE_DESCS[1:] if same else _TYPE_DESCS
    kinds = [p for name in names if (p := _desc_pattern(getattr(metadata, name), length))]
    if general is None or not kinds:
        return None
    return re.compile(f"(?=(?:{general})\\Z)(?:{'|'.join(f'(?:{p})' for p in kinds)})")


@functools.cache
def _single_zones() -> dict[int, tuple[str, ...]]:
    """Country codes all of whose numbers get one list of zones (+86: Asia/Shanghai).

    For those, `time_zones_for_number` of any valid number gives the country code's
    entry, whichever prefix or number type it looks at.
    """
    codes = {str(code) for code in _CODES}
    seen: dict[str, set[tuple[str, ...]]] = {}
    for prefix, zones in TIMEZONE_DATA.items():
        code = next((prefix[:n] for n in (1, 2, 3) if prefix[:n] in codes), None)
        if code is not None:
            seen.setdefault(code, set()).add(zones)
    return {
        int(code): TIMEZONE_DATA[code]
        for code, found in seen.items()
        if code in TIMEZONE_DATA and found == {TIMEZONE_DATA[code]}
    }


def _fast_zone(code: int, national: str, e164: str, fallback: str) -> str:
    """`timezone_for` of a number the fast path found valid.

    `timezone_for` parses ``e164`` again: when that would strip a national prefix or
    refuse the length, let it decide; otherwise it sees this very (valid) number.
    """
    zones = _single_zones().get(code)
    plan = _code_plan(code)
    if zones is None or len(e164) > 16 or plan is None or plan.npp.match(national):
        return timezone_for(e164, fallback)
    return _choose_zone(zones, fallback)


@functools.cache
def _usable_zones(zones: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(z for z in zones if z != _UNKNOWN_ZONE and _loadable(z))


def _choose_zone(zones: tuple[str, ...], fallback: str) -> str:
    """`timezone_for`'s choice among the geocoder's zones."""
    usable = _usable_zones(zones)
    if not usable or fallback in usable:
        return fallback
    return usable[0]


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
    if isinstance(raw, str) and isinstance(default_region, str):
        fast = _fast(raw, default_region)
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
    if isinstance(raw, str) and isinstance(default_region, str):
        fast = _fast(raw, default_region)
        if fast is not None:
            e164 = f"+{fast[0]}{fast[1]}"
            return e164, _fast_zone(fast[0], fast[1], e164, fallback)
    e164 = _normalize_reference(raw, default_region)
    return e164, timezone_for(e164, fallback)


def _parse_e164(e164: str) -> phonenumbers.PhoneNumber | None:
    """Parse an already normalised number; None for anything else."""
    if not isinstance(e164, str) or not e164.startswith("+"):
        return None
    digits = e164[1:]
    if not digits.isascii() or not digits.isdigit() or len(digits) > 15:
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
    zones = tuple(z for z in pn_timezone.time_zones_for_number(number) if z != _UNKNOWN_ZONE)
    return tuple(z for z in zones if _loadable(z))


def _loadable(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ValueError, LookupError):
        return False
    return True


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
    if isinstance(e164, str) and e164.startswith("+"):
        digits = e164[1:]
        if digits.isascii() and digits.isdigit() and len(digits) <= 15:  # as _parse_e164
            fast = _fast_international(digits)
            known = None if fast is None else _single_zones().get(fast[0])
            if known is not None:
                return _choose_zone(known, fallback)
    zones = timezones_for(e164)
    if not zones:
        return fallback
    if fallback in zones:
        return fallback
    return zones[0]


def display_national(e164: str) -> str:
    """The number in its country's national format (``"138 1234 5678"``).

    Returns the input unchanged when it is not a normalised number.
    """
    number = _parse_e164(e164)
    if number is None:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
