"""Realistic demo data: a team, five people, two campaigns, 600+ leads, DNC, targets.

``agent-desk-admin demo`` and the desktop app's ``--demo`` flag call `load_demo`. The
campaigns, talk tracks and word pools live in ``resources/demo/``. Leads are generated
with a fixed seed and then imported through the real lead importer from a CSV written
to a temporary folder, so the demo exercises the same path as a customer's list:
number normalisation, the do-not-call filter, round-robin dealing and the team pool.

Loading is idempotent: people, teams and DNC numbers that exist are left alone,
campaigns are updated in place (a script version is added only when its text changed),
targets are upserted and the importer skips numbers a campaign already has.

On PostgreSQL the demo people are login roles too (`agent_desk.store.security`), all with
one password: the caller's, else a random one that `DemoSummary.describe` shows once.
A role of that name the server already has (the demo loaded into another database of the
same server) is adopted when it is an Agent Desk login, and gets the new password.
"""

from __future__ import annotations

import csv
import random
import secrets
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import phonenumbers
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from agent_desk.admin.campaign_file import load_campaign_file, save_campaign_file
from agent_desk.domain import phones
from agent_desk.paths import resources_dir
from agent_desk.store import dnc_repo, people_repo, security
from agent_desk.store.lead_import import import_leads
from agent_desk.store.migrate import upgrade_to_head
from agent_desk.store.schema import Campaign, Lead, Team, User
from agent_desk.store.schema_version import SchemaState, check_schema

TEAM = "销售一组 Team 1"
# (username, display name, role); every person but the admin is on the team.
PEOPLE = (
    ("rep1", "王芳 (rep1)", "rep"),
    ("rep2", "李伟 (rep2)", "rep"),
    ("rep3", "张静 (rep3)", "rep"),
    ("lead1", "陈明 (lead1)", "supervisor"),
    ("admin", "系统管理员 (admin)", "admin"),
)
# rep: calls, contacts, interested, sales in cents for the current month
TARGETS = {
    "rep1": (1200, 360, 72, 6_000_000),
    "rep2": (1100, 330, 66, 5_500_000),
    "rep3": (1000, 300, 60, 5_000_000),
}
# (code, lead list language); each campaign is resources/demo/<code>.toml
CAMPAIGNS = (("broadband-zh", "zh"), ("saas-trial-en", "en"))
ZH_LEADS, EN_LEADS, POOL_LEADS = 320, 320, 50
SEED = 20261101
CN_MOBILE_PREFIXES = (
    *(f"13{d}" for d in range(10)),
    *("150", "151", "152", "153", "155", "156", "157", "158", "159"),
    *(f"18{d}" for d in range(10)),
    *("191", "193", "195", "196", "197", "198", "199"),
)
# The headers of the generated lead lists, as a Chinese or an English office writes them:
# the importer recognises them (unknown ones, like 当前套餐, land in the lead's extra).
CSV_HEADERS = {
    "zh": {"name": "姓名", "company": "公司名称", "phone": "手机号码", "city": "城市",
           "plan": "当前套餐", "note": "备注"},
    "en": {"name": "Name", "company": "Company", "phone": "Phone Number", "city": "City",
           "title": "Job Title", "plan": "Plan", "note": "Notes"},
}  # fmt: skip


class DemoError(Exception):
    """The database cannot take the demo data (e.g. its schema is out of date)."""


@dataclass(frozen=True)
class DemoLead:
    name: str
    company: str
    phone_e164: str
    written: str  # the number as a spreadsheet would hold it
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoSummary:
    """What `load_demo` did. ``already_present``: it found the demo and did nothing."""

    already_present: bool
    users_added: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()
    leads_imported: int = 0
    leads_total: int = 0
    dnc_added: int = 0
    targets_month: str = ""
    # PostgreSQL: the people who got a login role now, and its password when it was
    # made up here (to be shown once); None when the caller chose it.
    logins: tuple[str, ...] = ()
    generated_password: str | None = None

    def describe(self) -> str:
        people = ", ".join(self.users_added) or "none new"
        text = (
            f"demo data loaded: team {TEAM!r}; people added: {people}; campaigns "
            f"{', '.join(self.campaigns)}; {self.leads_imported} leads imported "
            f"({self.leads_total} in total); {self.dnc_added} do-not-call numbers added; "
            f"targets set for {self.targets_month}"
        )
        if self.logins:
            password = (
                f"the password {self.generated_password} (shown only now)"
                if self.generated_password
                else "the password given"
            )
            text += (
                f"\ndatabase logins {', '.join(self.logins)} log in with {password};"
                " change one with: agent-desk-admin user password NAME"
            )
        return text


def demo_dir() -> Path:
    return resources_dir() / "demo"


def load_demo(
    engine: Engine,
    *,
    now: datetime | None = None,
    actor: str = "demo",
    force: bool = False,
    password: str | None = None,
) -> DemoSummary:
    """Load the demo data; creates the schema first on an empty database.

    Args:
        engine: The shared database.
        now: The moment to load "as of" (UTC); it picks the targets' month.
        actor: Name for the audit log.
        force: Top up an existing demo instead of returning ``already_present``.
        password: PostgreSQL: the demo people's login password (default: a random one,
            returned in the summary). Ignored on SQLite, which has no logins.

    Raises:
        DemoError: The database schema is neither empty nor current.
        AdminError: The password is too short, or a demo login cannot be made.
    """
    now = now or datetime.now(UTC)
    state = check_schema(engine).state
    if state is SchemaState.EMPTY:
        upgrade_to_head(engine)
    elif state is not SchemaState.CURRENT:
        raise DemoError("the database schema is not current: run agent-desk-admin init")
    codes = []
    with Session(engine) as session, session.begin():
        if not force and _present(session):
            return DemoSummary(already_present=True)
        with_roles = security.uses_roles(session.connection())
        generated = secrets.token_urlsafe(12) if with_roles and password is None else None
        password = (password or generated) if with_roles else None
        users_added = _people(session, actor, now, password)
        logins = users_added if password is not None else ()
        for code, _ in CAMPAIGNS:
            loaded = load_campaign_file(demo_dir() / f"{code}.toml")
            codes.append(save_campaign_file(session, loaded, actor=actor, now=now).campaign.code)
    zh, en = generate_leads(random.Random(SEED))
    dnc = [
        (zh[7], "客户要求不再来电"),
        (zh[42], "投诉后登记勿扰"),
        (en[11], "Asked not to be called"),
    ]
    with Session(engine) as session, session.begin():
        dnc_added = sum(
            dnc_repo.add_dnc(session, lead.phone_e164, reason=reason, actor=actor, now=now).added
            for lead, reason in dnc
        )
        month = now.astimezone().strftime("%Y-%m")
        for username, (calls, contacts, interested, cents) in TARGETS.items():
            people_repo.set_target(
                session,
                username,
                month,
                calls=calls,
                contacts=contacts,
                interested=interested,
                sales_cents=cents,
                actor=actor,
                now=now,
            )
    imported = 0
    with tempfile.TemporaryDirectory(prefix="agent-desk-demo-") as tmp:
        for (code, language), leads in zip(CAMPAIGNS, (zh, en), strict=True):
            dealt, pooled = leads[:-POOL_LEADS], leads[-POOL_LEADS:]
            for part, (batch, dealer, pool) in enumerate(
                ((dealt, TEAM, None), (pooled, None, TEAM))
            ):
                path = write_csv(Path(tmp) / f"{code}-{part}.csv", batch, language)
                report = import_leads(
                    engine, path, code, round_robin=dealer, pool=pool, actor=actor, now=now
                )
                imported += report.imported
    with Session(engine) as session:
        total = session.scalar(
            select(func.count(Lead.id)).join(Campaign).where(Campaign.code.in_(codes))
        )
    return DemoSummary(
        False,
        users_added,
        tuple(codes),
        imported,
        total or 0,
        dnc_added,
        month,
        logins,
        generated if logins else None,
    )


def _present(session: Session) -> bool:
    """The demo is there when its campaigns exist and hold leads."""
    codes = [code for code, _ in CAMPAIGNS]
    with_leads = session.scalar(
        select(func.count(func.distinct(Lead.campaign_id)))
        .join(Campaign)
        .where(Campaign.code.in_(codes))
    )
    return with_leads == len(codes)


def _people(session: Session, actor: str, now: datetime, password: str | None) -> tuple[str, ...]:
    if session.scalar(select(Team.id).where(Team.name == TEAM)) is None:
        people_repo.add_team(session, TEAM, actor=actor, now=now)
    existing = set(session.scalars(select(User.username)))
    added = []
    for username, display_name, role in PEOPLE:
        if username not in existing:
            team = TEAM if role != "admin" else None
            people_repo.add_user(
                session,
                username,
                role=role,
                display_name=display_name,
                team=team,
                actor=actor,
                now=now,
                password=password,
            )
            added.append(username)
    return tuple(added)


def write_csv(path: Path, leads: list[DemoLead], language: str) -> Path:
    """Write leads as a lead list with `language` headers (UTF-8 with BOM, as Excel does)."""
    headers = CSV_HEADERS[language]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers.values())
        for lead in leads:
            row = {"name": lead.name, "company": lead.company, "phone": lead.written, **lead.extra}
            writer.writerow([row.get(key, "") for key in headers])
    return path


# --- generation ------------------------------------------------------------------------


def _pools() -> dict[str, Any]:
    with (demo_dir() / "lead-pools.toml").open("rb") as handle:
        return tomllib.load(handle)


def _unique_numbers(make: Iterator[str], used: set[str]) -> Iterator[str]:
    """Valid E.164 numbers from `make`, never one twice."""
    for _tries, e164 in zip(range(100_000), make, strict=False):
        number = phonenumbers.parse(e164, None)
        if e164 not in used and phonenumbers.is_valid_number(number):
            used.add(e164)
            yield e164


def _written(e164: str, default_region: str, rng: random.Random) -> str:
    """The number as people type it: national forms at home, international abroad."""
    number = phonenumbers.parse(e164, None)
    fmt = phonenumbers.PhoneNumberFormat
    home = phonenumbers.region_code_for_number(number) == default_region
    styles = [fmt.NATIONAL, fmt.NATIONAL, fmt.INTERNATIONAL] if home else [fmt.INTERNATIONAL]
    text = phonenumbers.format_number(number, rng.choice(styles))
    if home and default_region == "CN" and rng.random() < 0.4:
        text = text.replace(" ", "" if rng.random() < 0.5 else "-")
    # Every written form must read back to the same number, or the demo would lie.
    assert phones.normalize(text, default_region) == e164, (text, e164)
    return text


def _zh_numbers(rng: random.Random, cities: list[list[str]]) -> Iterator[tuple[str, str]]:
    """(E.164, city): mostly mobiles, some Beijing (010) and Shanghai (021) landlines."""
    landline_cities = [c for c in cities if c[1]]
    while True:
        if rng.random() < 0.15:
            city, area = rng.choice(landline_cities)
            yield f"+86{area[1:]}{rng.randint(2, 8)}{rng.randrange(10**7):07d}", city
        else:
            city = rng.choice(cities)[0]
            yield f"+86{rng.choice(CN_MOBILE_PREFIXES)}{rng.randrange(10**8):08d}", city


def _en_numbers(rng: random.Random, country: str, prefix: str) -> Iterator[str]:
    code = phonenumbers.country_code_for_region(country)
    while True:
        if country in ("US", "CA"):  # NANP's fictional 555-0100..0199
            yield f"+{code}{prefix}55501{rng.randrange(100):02d}"
        elif country == "GB":  # Ofcom drama numbers: prefix + 3 digits
            yield f"+{code}{prefix}{rng.randrange(1000):03d}"
        elif country == "AU":  # ACMA fictitious 0x 5550 xxxx / 0x 7010 xxxx
            yield f"+{code}{prefix}{rng.randrange(10**4):04d}"
        else:  # Singapore has no fictional range: 8 digits after the first
            yield f"+{code}{prefix}{rng.randrange(10**7):07d}"


def generate_leads(rng: random.Random) -> tuple[list[DemoLead], list[DemoLead]]:
    """The Chinese and the English campaign's leads, the same for the same seed."""
    pools = _pools()
    used: set[str] = set()
    return _zh_leads(rng, pools["zh"], used), _en_leads(rng, pools["en"], used)


def _zh_leads(rng: random.Random, zh: dict[str, Any], used: set[str]) -> list[DemoLead]:
    leads = []
    numbers = _zh_numbers(rng, zh["cities"])
    for _ in range(ZH_LEADS):
        e164, city = next(n for n in numbers if n[0] not in used and _valid(n[0]))
        used.add(e164)
        company = (
            f"{city}{rng.choice(zh['trade_names'])}{rng.choice(zh['businesses'])}"
            f"{rng.choice(zh['legal_forms'])}"
        )
        ends = date(2027, 1, 1) + timedelta(days=rng.randrange(540))
        extra = {
            "city": city,
            "plan": f"商务宽带 {rng.choice(zh['plans'])}",
            "note": f"合同到期 {ends:%Y-%m}",
        }
        name = rng.choice(zh["surnames"]) + rng.choice(zh["given"])
        leads.append(DemoLead(name, company, e164, _written(e164, "CN", rng), extra))
    return leads


def _en_leads(rng: random.Random, en: dict[str, Any], used: set[str]) -> list[DemoLead]:
    countries = en["countries"]
    weights = [countries[c]["share"] for c in countries]
    leads = []
    for country in rng.choices(list(countries), weights=weights, k=EN_LEADS):
        prefix, city = rng.choice(countries[country]["prefixes"])
        e164 = next(_unique_numbers(_en_numbers(rng, country, prefix), used))
        company = (
            f"{rng.choice(en['company_words'])} {rng.choice(en['company_trades'])} "
            f"{rng.choice(countries[country]['legal'])}"
        )
        started = date(2026, 10, 1) + timedelta(days=rng.randrange(60))
        extra = {
            "city": city,
            "title": rng.choice(en["job_titles"]),
            "plan": f"{rng.choice(en['plans'])} trial",
            "note": f"trial started {started}",
        }
        name = f"{rng.choice(en['first_names'])} {rng.choice(en['last_names'])}"
        leads.append(DemoLead(name, company, e164, _written(e164, "US", rng), extra))
    return leads


def _valid(e164: str) -> bool:
    return phonenumbers.is_valid_number(phonenumbers.parse(e164, None))
