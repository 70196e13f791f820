"""The desk's SIP account: settings and the password in the keyring.

Settings are plain data kept as ``sip.json`` in the desk's config folder (never the
password: that goes to the OS keyring, in an entry of its own beside the database
login's). "Test my line" and the audio device list are in :mod:`sip_check`.
"""

from __future__ import annotations

import json
import logging
import re
import socket
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from agent_desk.domain.addresses import split_host_port
from agent_desk.telephony.baresip_engine import (
    CODEC_MODULES,
    EngineOptions,
    is_loopback,
)

log = logging.getLogger(__name__)

SETTINGS_FILE = "sip.json"
TRANSPORTS = ("udp", "tcp", "tls")
CODECS = tuple(CODEC_MODULES)
DEFAULT_PORTS = {"udp": 5060, "tcp": 5060, "tls": 5061}
_USER = re.compile(r"[A-Za-z0-9._~+\-!$&'()*=%]+")
# baresip 1.0 reads the account line's parameters up to ';' and '>' and stops at spaces.
_PASSWORD_BAD = re.compile(r"[;>,\"\s]")
# The user part of the address when dialing directly without a user name: callers
# reach the desk at sip:agent-desk@<desk address>.
DIRECT_USER = "agent-desk"
KEYRING_SERVICE = "Agent Desk"  # the same service as the database login's password


@dataclass(frozen=True, kw_only=True)
class SipSettings:
    """A SIP account (everything but the password).

    Attributes:
        server: The registrar / proxy as ``host[:port]``; without registration, the
            address calls are sent to directly.
        user: The account's user name (the number or extension it registers as).
        display_name: The name the called party may see.
        register: Register with the server (off: dial the server directly).
        transport: ``udp``, ``tcp`` or ``tls``.
        codecs: Audio codecs in preference order (of :data:`CODECS`).
        audio_input: baresip's ``module,device`` for the microphone (``alsa,default``).
        audio_output: ``module,device`` for the speaker; empty plays nothing.
        register_interval_s: How often the registration is renewed.
        no_answer_s: Ring this long, then give up (the attempt ends "no answer").

    Raises:
        ValueError: A value that cannot work, with what is wrong.
    """

    server: str
    user: str = ""
    display_name: str = ""
    register: bool = True
    transport: str = "udp"
    codecs: tuple[str, ...] = ("PCMU", "PCMA")
    audio_input: str = "alsa,default"
    audio_output: str = "alsa,default"
    register_interval_s: int = 300
    no_answer_s: int = 45

    def __post_init__(self) -> None:
        split_host_port(self.server)  # raises ValueError naming the problem
        if self.transport not in TRANSPORTS:
            raise ValueError(f"transport must be one of {', '.join(TRANSPORTS)}")
        unknown = [c for c in self.codecs if c not in CODECS]
        if unknown or not self.codecs:
            raise ValueError(f"codecs must be some of {', '.join(CODECS)}: {unknown}")
        if self.register and not self.user:
            raise ValueError("registering needs a user name")
        if self.user and not _USER.fullmatch(self.user):
            raise ValueError(f"the user name has characters SIP does not allow: {self.user!r}")
        if '"' in self.display_name:
            raise ValueError("the display name cannot contain quotes")
        if not 30 <= self.register_interval_s <= 86400:
            raise ValueError("the registration interval must be 30 s to 1 day")
        if not 1 <= self.no_answer_s <= 300:
            raise ValueError("the no-answer time must be 1 s to 5 minutes")

    # -- addresses ------------------------------------------------------------------------------

    @property
    def host(self) -> str:
        return split_host_port(self.server)[0]

    @property
    def port(self) -> int:
        port = split_host_port(self.server)[1]
        return port if port is not None else DEFAULT_PORTS[self.transport]

    @property
    def hostport(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def _uri(self, user: str) -> str:
        suffix = "" if self.transport == "udp" else f";transport={self.transport}"
        return f"sip:{user}@{self.hostport}{suffix}"

    @property
    def aor(self) -> str:
        """The account's address of record."""
        return self._uri(self.user or DIRECT_USER)

    def dial_uri(self, number: str) -> str:
        """Where a call to an E.164 number (or an extension) goes."""
        if not _USER.fullmatch(number):
            raise ValueError(f"not a number SIP can dial: {number!r}")
        return self._uri(number)

    def account_line(self, password: str | None) -> str:
        """The engine's ``uanew`` line for this account (holds the password: never log it).

        Raises:
            ValueError: A password the engine cannot take.
        """
        if password and _PASSWORD_BAD.search(password):
            raise ValueError('the SIP password cannot contain ; , > " or spaces')
        name = f'"{self.display_name}" ' if self.display_name else ""
        params = [f"regint={self.register_interval_s if self.register else 0}"]
        if password:
            params.append(f"auth_pass={password}")
        params.append("audio_codecs=" + ",".join(self.codecs))
        params.append("answermode=manual")
        return f"{name}<{self.aor}>;" + ";".join(params)

    def engine_options(self) -> EngineOptions:
        host = self.host
        try:
            loopback = is_loopback(socket.gethostbyname(host)) if host else False
        except OSError:
            loopback = False
        return EngineOptions(
            listen_ip="127.0.0.1" if loopback else "",
            audio_source=self.audio_input,
            audio_player=self.audio_output,
            codecs=self.codecs,
            no_answer_s=self.no_answer_s + 15,  # ours ends the ring first, with its reason
        )

    # -- keeping them ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["codecs"] = list(self.codecs)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SipSettings:
        """Settings saved by :meth:`to_dict`; unknown keys (a newer app's) are ignored.

        Raises:
            ValueError: Missing server, a value of the wrong kind, or one that cannot work.
        """
        kinds = {f.name: f.type for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in kinds}
        if "codecs" in values:
            if not isinstance(values["codecs"], list | tuple):
                raise ValueError("saved SIP codecs are not a list")
            values["codecs"] = tuple(str(c) for c in values["codecs"])
        for name in ("register_interval_s", "no_answer_s"):
            if name in values and not isinstance(values[name], int):
                raise ValueError(f"saved SIP setting {name} is not a number")
        for name in ("server", "user", "display_name", "transport", "audio_input", "audio_output"):
            if name in values and not isinstance(values[name], str):
                raise ValueError(f"saved SIP setting {name} is not text")
        if not isinstance(values.get("server"), str):
            raise ValueError("saved SIP settings name no server")
        return cls(**values)


def settings_path(folder: Path) -> Path:
    return folder / SETTINGS_FILE


def load_settings(folder: Path) -> SipSettings | None:
    """The saved account, or None (never saved; unreadable ones are logged)."""
    path = settings_path(folder)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SipSettings.from_dict(data if isinstance(data, dict) else {})
    except (OSError, ValueError) as exc:
        log.warning("ignoring the saved SIP settings in %s: %s", path, exc)
        return None


def save_settings(folder: Path, settings: SipSettings) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = settings_path(folder)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(settings.to_dict(), indent=2), encoding="utf-8")
    temporary.replace(path)


def keyring_key(settings: SipSettings) -> str:
    """The keyring entry: like the database login's (user@host:port/database), with "sip"
    in the database's place so the two passwords never mix."""
    return f"{settings.user}@{settings.host}:{settings.port}/sip"


def remember_sip_password(settings: SipSettings, password: str) -> bool:
    """Keep the SIP password in the OS keyring; False when the keyring refused."""
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_key(settings), password)
    except KeyringError as exc:
        log.warning("the SIP password is not remembered (no keyring: %s)", exc)
        return False
    return True


def recall_sip_password(settings: SipSettings) -> str | None:
    """The remembered SIP password; None when none is kept or there is no keyring."""
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(settings))
    except KeyringError as exc:
        log.info("no SIP password from the keyring: %s", exc)
        return None


def forget_sip_password(settings: SipSettings) -> bool:
    """Remove the remembered SIP password; True also when none was kept."""
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_key(settings))
    except PasswordDeleteError:
        return True
    except KeyringError as exc:
        log.warning("the SIP password could not be forgotten: %s", exc)
        return False
    return True


def with_codecs(settings: SipSettings, codecs: tuple[str, ...]) -> SipSettings:
    """The same account with other codecs (checked)."""
    return replace(settings, codecs=codecs)
