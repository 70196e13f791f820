"""Deterministic messy lead lists, as people really send them, for tests and the benchmark.

`make_messy_csv` writes a list with Chinese headers and realistic Chinese names and
companies, +86 mobiles in many spellings, landlines, garbage, blank rows, rows with
extra cells, quoted cells with commas and line breaks, in-file duplicates spelled
differently, numbers that are on the do-not-call list and numbers already in the
campaign. Every row's fate is decided when it is written, so the result carries the
counts an import must report.

Importable by tests (``from tests.store.messy_leads import ...``) and by
``bench/bench_import.py``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

HEADERS_ZH = ("序号", "姓名", "手机号码", "公司名称", "城市", "优先级", "备注")
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵"
)
_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍"
    "红玲芬燕彬鹏辉建国志海波晨雪梅婷宇浩然涵欣怡萱"
)
_CITIES = ("北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "苏州", "重庆")
_WORDS = ("恒达", "华信", "中科", "金桥", "天成", "博远", "瑞丰", "鑫源", "宏图", "联创", "东方")
_KINDS = (
    "科技有限公司",
    "贸易有限公司",
    "商贸行",
    "网络科技有限公司",
    "实业集团",
    "餐饮管理有限公司",
)
_NOTES = ("", "", "", "老客户", "上午联系", '要"报价单"', "已加微信，待回访", "下午不在\n晚上可以")
_MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "170",
    "171",
    "172",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "193",
    "195",
    "196",
    "197",
    "198",
    "199",
]
_AREAS = ("10", "20", "28", "755", "571")
_GARBAGE = (
    "",
    "N/A",
    "无",
    "暂无",
    "123",
    "#N/A",
    "0",
    "abc",
    "1.38123E+10",
    "138****5678",
    "12345678901",
)
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class MessyLeads:
    """A written messy list and what importing it must report.

    Attributes:
        expected: Counts by outcome: imported, duplicate, dnc, invalid (and total).
        dnc: Numbers (E.164) to put on the do-not-call list before importing.
        existing: Numbers (E.164) to put in the campaign before importing.
    """

    path: Path
    expected: dict[str, int]
    dnc: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)


def spell_mobile(national: str, rng: random.Random) -> str:
    """One of the many ways people write a Chinese mobile number."""
    a, b, c = national[:3], national[3:7], national[7:]
    return rng.choice(
        (
            national,
            f"{a}-{b}-{c}",
            f"{a} {b} {c}",
            f"+86 {a} {b} {c}",
            f"+86{national}",
            f"86{national}",
            f"0086-{a}-{b}-{c}",
            national.translate(_FULL_WIDTH),
            f"{national}.0",
            f" {national} ",
            f"tel:+86{national}",
        )
    )


def spell_landline(area: str, subscriber: str, rng: random.Random) -> str:
    return rng.choice(
        (
            f"0{area}-{subscriber}",
            f"(0{area}) {subscriber[:4]} {subscriber[4:]}",
            f"+86 {area} {subscriber}",
            f"0{area}{subscriber}",
        )
    )


class _Numbers:
    """Fresh, valid numbers that never repeat."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def mobile(self) -> str:
        while True:
            national = self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if national not in self.used:
                self.used.add(national)
                return national

    def landline(self) -> tuple[str, str]:
        while True:
            area = self.rng.choice(_AREAS)
            # 5-7: Beijing numbers starting 800 are not in the numbering plan.
            subscriber = f"{self.rng.randint(5, 7)}{self.rng.randrange(10**7):07d}"
            if area + subscriber not in self.used:
                self.used.add(area + subscriber)
                return area, subscriber


def chinese_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.choice((1, 2, 2))))


def company_name(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return ""
    name = rng.choice(_CITIES) + rng.choice(_WORDS) + rng.choice(_KINDS)
    return name if rng.random() > 0.05 else f"{rng.choice(_CITIES)}市,{name}"  # a comma


def messy_rows(rows: int, seed: int = 20261127) -> tuple[list[list[str]], MessyLeads]:
    """Build the rows (header first) of a messy list; ``path`` of the result is unset."""
    rng = random.Random(seed)
    numbers = _Numbers(rng)
    out: list[list[str]] = [list(HEADERS_ZH)]
    result = MessyLeads(Path(), {"imported": 0, "duplicate": 0, "dnc": 0, "invalid": 0})
    firsts: list[str] = []  # national numbers of valid first occurrences
    for i in range(1, rows + 1):
        name, company = chinese_name(rng), company_name(rng)
        city, note = rng.choice(_CITIES), rng.choice(_NOTES)
        priority = "" if rng.random() < 0.7 else str(rng.randint(1, 200))
        roll = rng.random()
        extra_cells: list[str] = []
        if roll < 0.01 and i < rows:
            out.append([""] * len(HEADERS_ZH))
            result.expected["invalid"] += 1
            continue
        if roll < 0.02:
            phone, outcome = spell_mobile(numbers.mobile(), rng), "invalid"
            extra_cells = ["多余", "cells"]
        elif roll < 0.08:
            phone, outcome = rng.choice(_GARBAGE), "invalid"
        elif roll < 0.09:
            phone, outcome, priority = spell_mobile(numbers.mobile(), rng), "invalid", "高"
        elif roll < 0.14 and firsts:
            phone, outcome = spell_mobile(rng.choice(firsts), rng), "duplicate"
        elif roll < 0.17:
            national = numbers.mobile()
            result.dnc.append(f"+86{national}")
            firsts.append(national)
            phone, outcome = spell_mobile(national, rng), "dnc"
        elif roll < 0.19:
            national = numbers.mobile()
            result.existing.append(f"+86{national}")
            firsts.append(national)
            phone, outcome = spell_mobile(national, rng), "duplicate"
        elif roll < 0.22:
            phone, outcome = spell_landline(*numbers.landline(), rng), "imported"
        else:
            national = numbers.mobile()
            firsts.append(national)
            phone, outcome = spell_mobile(national, rng), "imported"
        result.expected[outcome] += 1
        out.append([str(i), name, phone, company, city, priority, note, *extra_cells])
    result.expected["total"] = rows
    return out, result


def write_csv(
    path: Path, rows: Sequence[Sequence[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("客户名单")
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def make_messy_csv(
    path: Path,
    rows: int,
    *,
    seed: int = 20261127,
    encoding: str = "gbk",
    delimiter: str = ",",
) -> MessyLeads:
    """Write a messy list of ``rows`` data rows to ``path``; return what it must import."""
    table, result = messy_rows(rows, seed)
    write_csv(path, table, encoding, delimiter)
    result.path = path
    return result
