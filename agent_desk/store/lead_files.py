"""Reading lead lists: CSV in the encodings and dialects people export, and XLSX.

`open_lead_file` checks a CSV file whole before anything is imported (an XLSX file, its
container and header), so a file that is not a lead list fails with a `LeadFileError`
saying what is wrong and what to try. `LeadFile.rows` reads the rows afresh each time:
the import reads them twice, to import and to copy rejected rows to the reject file
(`store.lead_rejects`).

* Encoding: a byte order mark wins (UTF-8, UTF-16, UTF-32, GB18030); else strict UTF-8;
  else GB18030 (a superset of GBK and GB2312). An explicit encoding is used as given.
* CSV dialect: comma, semicolon, tab or bar, chosen by which splits the first records
  into the most consistent columns; Excel's ``sep=;`` first line is honoured.
* XLSX: the first worksheet, streamed with openpyxl's read-only mode.

The header is the first row that is not blank. Data rows are numbered from 1 after it;
blank rows in the middle keep their number, blank rows at the end are dropped. (In
``store``, not ``admin``, so that the importer's imports keep pointing down.)
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl

from agent_desk.domain.lead_fields import LeadFileError, LeadImportError

__all__ = ["LeadFile", "LeadFileError", "RawRow", "open_lead_file"]

# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32")]
_BOMS += [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")]
_BOMS += [(codecs.BOM_UTF16_BE, "utf-16"), (b"\x84\x31\x95\x33", "gb18030")]
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
_CHUNK = 1 << 20
_SAMPLE_CHARS = 1 << 16
_DELIMITERS = (",", ";", "\t", "|")
_SEP_LINE = re.compile(r"sep=(.)", re.IGNORECASE)
# A record spanning this many lines is nearly always a quote that is never closed.
MAX_ROW_LINES = 20

Record = tuple[int, int, list[str]]  # first line, last line, cells
Records = Generator[Record, None, None]


class RawRow(NamedTuple):
    """A data row as read: 1-based data row number, file lines (sheet row in XLSX)."""

    number: int
    line: int
    end_line: int
    cells: list[str]

    @property
    def problem(self) -> str | None:
        """Why the reader does not trust this row, if it does not."""
        if self.end_line - self.line + 1 < MAX_ROW_LINES:
            return None
        return f'row spans lines {self.line}-{self.end_line}: a quote (") never closed?'


class LeadFile:
    """An opened, checked lead list. Rows are read afresh on every `rows` call.

    Attributes:
        path: The file.
        encoding: The text encoding used (``"utf-8"``, ``"gb18030"``…) or ``"xlsx"``.
        headers: The header row as read (use `domain.lead_fields.unique_headers`).
        estimated_rows: About how many data rows there are, None if unknown.
    """

    def __init__(
        self, path: Path, encoding: str, records: Callable[[], Records], lines: int | None
    ) -> None:
        self.path = path
        self.encoding = encoding
        self._records = records
        header: list[str] | None = None
        with closing(records()) as found:
            for _first, _last, cells in found:
                if not _blank(cells):
                    header = [cell.strip() for cell in cells]
                    break
        if header is None:
            raise LeadFileError(f"{path.name} has no header row: it holds only blank rows")
        header[0] = header[0].lstrip("\ufeff")
        while header and not header[-1]:
            header.pop()
        self.headers = header
        self.estimated_rows = None if lines is None else max(lines - 1, 0)

    def rows(self) -> Iterator[RawRow]:
        """The data rows after the header, numbered from 1; trailing blank rows dropped."""
        width = len(self.headers)
        with closing(self._records()) as records:
            for _first, _last, cells in records:
                if not _blank(cells):
                    break  # the header
            held: list[RawRow] = []
            for number, (first, last, cells) in enumerate(records, start=1):
                row = RawRow(number, first, last, _trim(cells, width))
                if _blank(cells):
                    held.append(row)
                    continue
                yield from held
                held.clear()
                yield row

    def garble_hint(self) -> str:
        """Advice for when the headers look like nonsense (a wrong encoding guess)."""
        if self.encoding == "xlsx" or all(header.isascii() for header in self.headers):
            return ""
        others = [e for e in ("utf-8", "gbk", "big5", "utf-16") if e != self.encoding]
        options = " or ".join(f"--encoding {e}" for e in others)
        return (
            f". The file was read as {self.encoding}; if these headers look garbled, try {options}"
        )


def _blank(cells: list[str]) -> bool:
    return not "".join(cells).strip()  # no cell has anything but white space


def _trim(cells: list[str], width: int) -> list[str]:
    """Drop empty cells past the header: spreadsheets pad rows with them."""
    end = len(cells)
    if end <= width:
        return cells
    while end > width and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def open_lead_file(path: Path, encoding: str | None = None) -> LeadFile:
    """Open and check a lead list (CSV or XLSX).

    Args:
        path: The file.
        encoding: A CSV's text encoding, when detection is not wanted. Ignored for XLSX.

    Raises:
        LeadFileError: The file is missing, empty, binary, in an unreadable encoding, a
            damaged workbook, or has no header row. The message says what to try.
        LeadImportError: ``encoding`` is not an encoding Python knows.
    """
    path = Path(path)
    if not path.is_file():
        raise LeadFileError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise LeadFileError(f"{path.name} is empty")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_ZIP_MAGIC):
        return _open_xlsx(path)
    if head.startswith(_OLE_MAGIC):
        raise LeadFileError(
            f"{path.name} is an Excel 97-2003 (.xls) or password-protected workbook: "
            "save it from Excel as .xlsx without a password, or as CSV UTF-8"
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise LeadFileError(
            f"{path.name} is not a readable .xlsx workbook (it is not a ZIP file: damaged, "
            "or another format renamed): re-save it from Excel, or export it as CSV UTF-8"
        )
    return _open_csv(path, head, encoding)


class _UndecodableError(Exception):
    """str(): where, as "byte 1234 (line 5)"."""


def _scan(path: Path, codec: str) -> tuple[int, str]:
    """Decode the whole file strictly; return (line count, first part of the text)."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    lines, offset, sample = 0, 0, ""
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            final = not chunk
            try:
                text = decoder.decode(chunk, final=final)
            except UnicodeDecodeError as exc:
                at = max(exc.start, 0)
                line = lines + 1 + chunk[:at].count(b"\n")
                raise _UndecodableError(f"byte {offset + at} (line {line})") from None
            if "\x00" in text:
                raise LeadFileError(
                    f"{path.name} contains NUL bytes: it is a binary file, or UTF-16 text "
                    "without a byte order mark (then try --encoding utf-16-le)"
                )
            if len(sample) < _SAMPLE_CHARS:
                sample += text[: _SAMPLE_CHARS - len(sample)]
            lines += text.count("\n")
            offset += len(chunk)
            if final:
                break
    controls = sum(1 for ch in sample if (ch < " " or ch == "\x7f") and ch not in "\t\r\n")
    if controls > max(8, len(sample) // 100):
        raise LeadFileError(
            f"{path.name} does not look like text ({controls} control characters near the "
            "start): export the list as CSV or .xlsx"
        )
    return max(lines, 1), sample


def _choose_codec(path: Path, head: bytes, explicit: str | None) -> tuple[str, int, str]:
    """Pick and check the encoding; return (codec, line count, sample)."""
    bom = next((codec for magic, codec in _BOMS if head.startswith(magic)), None)
    name = path.name
    if explicit:
        try:
            codec = codecs.lookup(explicit).name
        except LookupError:
            raise LeadImportError(
                f"unknown encoding {explicit!r}: try utf-8, gbk, gb18030, big5 or utf-16"
            ) from None
        if bom is not None:
            family = codecs.lookup(bom).name
            if codec == "utf-8" and family == "utf-8-sig":
                codec = family  # drop the mark, never keep it in the first header
            elif not codec.startswith(family.replace("-sig", "")):
                raise LeadFileError(
                    f"{name} starts with a {family} byte order mark, but the encoding "
                    f"{explicit!r} was given: leave --encoding out"
                )
        try:
            return (codec, *_scan(path, codec))
        except _UndecodableError as exc:
            raise LeadFileError(
                f"{name} is not {explicit} text: undecodable {exc}. Leave --encoding out to "
                "detect it, or try --encoding gbk, utf-8 or utf-16"
            ) from None
    if bom is not None:
        try:
            return (bom, *_scan(path, bom))
        except _UndecodableError as exc:
            message = f"{name} has a {bom} byte order mark but is not {bom} (undecodable {exc})"
            raise LeadFileError(f"{message}: the file is damaged; export it again") from None
    try:
        return ("utf-8", *_scan(path, "utf-8"))
    except _UndecodableError:
        pass
    try:
        return ("gb18030", *_scan(path, "gb18030"))
    except _UndecodableError as exc:
        raise LeadFileError(
            f"{name} is neither UTF-8 nor GBK/GB18030 text (undecodable {exc}). If it is "
            "a spreadsheet, save it as .xlsx or CSV UTF-8; if it is text in another "
            "encoding, name it, e.g. --encoding big5 or --encoding utf-16"
        ) from None


def _sniff(sample: str, complete: bool) -> tuple[str, int]:
    """Return (delimiter, lines to skip before the header)."""
    first_line = sample.split("\n", 1)[0].strip("\r\ufeff ")
    declared = _SEP_LINE.fullmatch(first_line)
    if declared:
        return declared.group(1), 1
    if not complete and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]  # never judge a cut-off record
    best, best_score = ",", (0.0, 1)
    for delimiter in _DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
            records = [r for r in itertools.islice(reader, 200) if not _blank(r)][:50]
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width, rest = len(records[0]), records[1:]
        consistent = sum(len(r) == width for r in rest) / len(rest) if rest else 1.0
        if (consistent, width) > best_score:
            best, best_score = delimiter, (consistent, width)
    return best, 0


def _open_csv(path: Path, head: bytes, encoding: str | None) -> LeadFile:
    codec, lines, sample = _choose_codec(path, head, encoding)
    complete = len(sample) < _SAMPLE_CHARS
    delimiter, skip = _sniff(sample, complete)

    def records() -> Records:
        with path.open(encoding=codec, newline="") as handle:
            for _ in range(skip):
                handle.readline()
            reader = csv.reader(handle, delimiter=delimiter)
            previous = 0
            try:
                for cells in reader:
                    yield skip + previous + 1, skip + reader.line_num, cells
                    previous = reader.line_num
            except csv.Error as exc:
                raise LeadFileError(
                    f'{path.name} line {skip + reader.line_num}: {exc}. A quote (") that '
                    "is never closed turns the rest of the file into one cell: fix the "
                    "quoting there and import again"
                ) from None
            except UnicodeDecodeError as exc:  # the file changed since it was checked
                raise LeadFileError(f"{path.name} changed while it was read: {exc}") from None

    return LeadFile(path, codec, records, lines - skip)


def _broken_workbook(path: Path, exc: BaseException) -> LeadFileError:
    detail = str(exc) or type(exc).__name__
    return LeadFileError(
        f"{path.name} is not a readable .xlsx workbook ({detail}): it is truncated or "
        "damaged. Open it in Excel and save it again, or export it as CSV UTF-8"
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))  # number-typed phone cells: 13812345678.0
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _open_xlsx(path: Path) -> LeadFile:
    max_rows: list[int | None] = [None]  # the sheet's own claim, learnt on first reading

    def records() -> Records:
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # zipfile, XML and openpyxl errors alike: a bad file
            raise _broken_workbook(path, exc) from None
        try:
            sheet = book.worksheets[0]
            max_rows[0] = sheet.max_row
            # A wrong <dimension> in the file would silently cut rows off: ignore it.
            sheet.reset_dimensions()
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, number, [_cell_text(value) for value in values]
        except Exception as exc:
            # Damage inside a member shows only when it is read; the import's
            # transaction is rolled back, so nothing of the file is kept.
            raise _broken_workbook(path, exc) from None
        finally:
            book.close()

    source = LeadFile(path, "xlsx", records, None)  # reads the header
    source.estimated_rows = None if max_rows[0] is None else max(max_rows[0] - 1, 0)
    return source
