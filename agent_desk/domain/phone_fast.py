"""The fast path of `agent_desk.domain.phones`: common spellings read without a parse.

Lead imports normalise hundreds of thousands of numbers, and `phonenumbers.parse` is
slow on messy text. `read` takes plain ASCII digits with the usual separators and reads
them exactly as `phonenumbers` would, against the same metadata patterns compiled once
per region and length. Whatever it is not certain about, including every refusal, it
leaves to the reference path in `phones` (it returns None), so both give the same answer
for every input; the tests compare them.

Each step mirrors what `phonenumbers.parse` does with a string of ASCII digits (see
phonenumberutil.parse, _maybe_extract_country_code); where a step would do something
less simple (an international dialling prefix such as 00 or 011 inside a national
reading, an Italian leading zero) the fast path gives up and the reference path decides.

The zone choice (`choose_zone`, `usable_zones`) is shared with the reference path, so
that both pick the same zone among the geocoder's.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import phonenumberutil as pn_util
from phonenumbers.phonemetadata import PhoneMetadata, PhoneNumberDesc
from phonenumbers.tzdata import TIMEZONE_DATA

__all__ = [
    "MAX_DIGITS",
    "MIN_DIGITS",
    "choose_zone",
    "international_zone",
    "read",
    "read_zone",
    "usable_zones",
]

# E.164 allows 15 digits; an international prefix and a stray national prefix add a few.
MAX_DIGITS = 17
MIN_DIGITS = 3
_UNKNOWN_ZONE = "Etc/Unknown"

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


def read(raw: str, default_region: str) -> tuple[int, str] | None:
    """(country code, national number) of a valid number, or None when unsure.

    Args:
        raw: The number as found (text only: the caller checks the type).
        default_region: ISO 3166 region for numbers without country code, as given.
    """
    text = raw if raw.isascii() else unicodedata.normalize("NFKC", raw)
    match = _FAST_TEXT.fullmatch(text)  # only ASCII matches, so no digit mapping
    if match is None:
        return None
    excel, plus, body = match.groups()
    digits = excel or (body if body.isdigit() else body.translate(_DROP_SEPARATORS))
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return None
    if plus:
        return _read_international(digits)
    if digits.startswith("00"):
        return _read_international(digits[2:])
    plan = _region_plan(default_region.strip().upper())
    return None if plan is None else _read_national(digits, plan)


def _read_international(digits: str) -> tuple[int, str] | None:
    """``parse("+" + digits, None)`` and the checks of the reference path."""
    if len(digits) <= pn_util._MIN_LENGTH_FOR_NSN or digits[0] == "0":
        return None
    for size in range(1, pn_util._MAX_LENGTH_COUNTRY_CODE + 1):
        code = int(digits[:size])
        if code in _CODES:
            plan = _code_plan(code)
            return None if plan is None else _finish(code, digits[size:], plan)
    return None


def _read_national(digits: str, plan: _Plan) -> tuple[int, str] | None:
    """``parse(digits, region)`` and the checks of the reference path."""
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
            return None if main is None else _finish(plan.code, rest, main)
    return _finish(plan.code, digits, plan)


def _finish(code: int, national: str, plan: _Plan) -> tuple[int, str] | None:
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


def read_zone(code: int, national: str, fallback: str) -> str | None:
    """`phones.timezone_for` of a number `read` found valid; None: let it decide.

    `timezone_for` parses the E.164 form again: when that would strip a national prefix
    or refuse the length, it must decide; otherwise it sees this very (valid) number.
    """
    zones = _single_zones().get(code)
    plan = _code_plan(code)
    e164 = f"+{code}{national}"
    if zones is None or len(e164) > 16 or plan is None or plan.npp.match(national):
        return None
    return choose_zone(zones, fallback)


def international_zone(digits: str, fallback: str) -> str | None:
    """`phones.timezone_for` of ``"+" + digits`` when its country has one list of zones.

    None: the number is not one `read` is sure of, or its zone depends on more than
    the country code; the geocoder decides.
    """
    found = _read_international(digits)
    known = None if found is None else _single_zones().get(found[0])
    return None if known is None else choose_zone(known, fallback)


def _loadable(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ValueError, LookupError):
        return False
    return True


@functools.cache
def usable_zones(zones: tuple[str, ...]) -> tuple[str, ...]:
    """The geocoder's zones this machine knows, ``Etc/Unknown`` left out, in order."""
    return tuple(z for z in zones if z != _UNKNOWN_ZONE and _loadable(z))


def choose_zone(zones: tuple[str, ...], fallback: str) -> str:
    """`phones.timezone_for`'s choice among the geocoder's zones (see there)."""
    usable = usable_zones(zones)
    if not usable or fallback in usable:
        return fallback
    return usable[0]
