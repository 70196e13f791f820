"""Every user setting, declared once: key, type, default, description and choices.

Settings live in ``QSettings`` (the platform's usual place: ``~/.config/AgentDesk`` on
Linux, the registry on Windows). Window geometry and toolbar state are not settings: they
are kept apart under the ``window/`` group, and "reset to defaults" never touches them.

A value that cannot be read back (edited by hand, written by a newer app) gives the
default and a log line; :meth:`Settings.set` refuses a bad value with a clear message and
changes nothing. Descriptions and choice labels are marked for translation in the
"Settings" context; the settings dialog shows them in the UI language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

ORGANISATION, APPLICATION = "AgentDesk", "Agent Desk"
WINDOW_GROUP = "window"
T = TypeVar("T", bool, int, float, str)


class SettingError(ValueError):
    """A value a setting cannot take; the message says what it may be."""


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One declared setting.

    Attributes:
        key: Where it is stored, ``section/name``; the section groups it in the dialog.
        type: bool, int, float or str; values are converted to it when read.
        default: The value when nothing (or nothing usable) is stored.
        description: What it does, in English; translated in the "Settings" context.
        choices: (value, label) pairs when only these values are allowed.
        minimum: The smallest number allowed (numbers only).
        maximum: The largest number allowed (numbers only).
        restart: The change takes effect at the next start.
        shown_when: (key, value): the dialog shows it only while that setting has that
            value (the simulated line's options under the simulated line).
    """

    key: str
    type: type[T]
    default: T
    description: str
    choices: tuple[tuple[T, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    restart: bool = False
    shown_when: tuple[str, object] | None = None

    @property
    def section(self) -> str:
        return self.key.split("/", 1)[0]

    def check(self, value: object) -> T:
        """The value as this setting's type.

        Raises:
            SettingError: Not of the type, not a choice, or out of range.
        """
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, self.type) or (self.type is int and isinstance(value, bool)):
            raise SettingError(
                f"{self.key} takes a {self.type.__name__}, not {type(value).__name__} {value!r}"
            )
        if self.choices and value not in {choice for choice, _ in self.choices}:
            allowed = ", ".join(repr(choice) for choice, _ in self.choices)
            raise SettingError(f"{self.key} must be one of {allowed}, not {value!r}")
        if isinstance(value, int | float) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                raise SettingError(f"{self.key} must be at least {self.minimum:g}, not {value!r}")
            if self.maximum is not None and value > self.maximum:
                raise SettingError(f"{self.key} must be at most {self.maximum:g}, not {value!r}")
        return cast(T, value)


# Section names, in the dialog's order. (Not "general": QSettings' INI files keep that
# group for keys without one.)
SECTIONS: dict[str, str] = {
    "app": str(QT_TRANSLATE_NOOP("Settings", "General")),
    "line": str(QT_TRANSLATE_NOOP("Settings", "Phone line")),
    "notify": str(QT_TRANSLATE_NOOP("Settings", "Notifications")),
}

LANGUAGE = Setting(
    "app/language",
    str,
    "system",
    str(QT_TRANSLATE_NOOP("Settings", "Language of the interface")),
    choices=(
        ("system", str(QT_TRANSLATE_NOOP("Settings", "Same as the system"))),
        ("en", "English"),
        ("zh_CN", "简体中文"),
    ),
    restart=True,
)
THEME = Setting(
    "app/theme",
    str,
    "system",
    str(QT_TRANSLATE_NOOP("Settings", "Colours")),
    choices=(
        ("system", str(QT_TRANSLATE_NOOP("Settings", "Follow the system"))),
        ("light", str(QT_TRANSLATE_NOOP("Settings", "Light"))),
        ("dark", str(QT_TRANSLATE_NOOP("Settings", "Dark"))),
    ),
)
START = Setting(
    "app/start",
    str,
    "ask",
    str(QT_TRANSLATE_NOOP("Settings", "When Agent Desk starts")),
    choices=(
        ("ask", str(QT_TRANSLATE_NOOP("Settings", "Ask: demo or team server"))),
        ("server", str(QT_TRANSLATE_NOOP("Settings", "Log in to the team's server"))),
        ("demo", str(QT_TRANSLATE_NOOP("Settings", "Open the demo"))),
    ),
    restart=True,
)
LINE = Setting(
    "line/backend",
    str,
    "simulated",
    str(QT_TRANSLATE_NOOP("Settings", "How calls are placed")),
    choices=(
        ("simulated", str(QT_TRANSLATE_NOOP("Settings", "Simulated line (demo and practice)"))),
        ("tel", str(QT_TRANSLATE_NOOP("Settings", "This computer's softphone (tel: links)"))),
        ("sip", str(QT_TRANSLATE_NOOP("Settings", "SIP line (headset on this desk)"))),
    ),
    restart=True,
)
RING_SECONDS = Setting(
    "line/simulated_ring_seconds",
    float,
    2.0,
    str(QT_TRANSLATE_NOOP("Settings", "Simulated customers answer after about (seconds)")),
    minimum=0.5,
    maximum=10.0,
    restart=True,
    shown_when=("line/backend", "simulated"),
)
NOTIFY_TRAY = Setting(
    "notify/tray",
    bool,
    True,
    str(QT_TRANSLATE_NOOP("Settings", "Show a desktop notification when a callback is due")),
)
NOTIFY_FLASH = Setting(
    "notify/flash",
    bool,
    True,
    str(QT_TRANSLATE_NOOP("Settings", "Flash the taskbar entry when a callback is due")),
)
NOTIFY_SOUND = Setting(
    "notify/sound",
    bool,
    False,
    str(QT_TRANSLATE_NOOP("Settings", "Play a short sound when a callback is due")),
)

DECLARED: tuple[Setting[Any], ...] = (
    LANGUAGE,
    THEME,
    START,
    LINE,
    RING_SECONDS,
    NOTIFY_TRAY,
    NOTIFY_FLASH,
    NOTIFY_SOUND,
)
_BY_KEY = {s.key: s for s in DECLARED}
assert len(_BY_KEY) == len(DECLARED), "a setting is declared twice"
assert all(s.section in SECTIONS for s in DECLARED), "a setting outside the sections"


def default_store() -> QSettings:
    """The app's own QSettings (the same file as ``app.app_settings()``)."""
    return QSettings(ORGANISATION, APPLICATION)


class Settings:
    """Typed access to the declared settings in a QSettings store."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else default_store()

    def declared(self) -> Sequence[Setting[Any]]:
        return DECLARED

    def file_name(self) -> str:
        """Where the settings are kept (a file, or a registry path on Windows)."""
        return self.store.fileName()

    def get(self, setting: Setting[T]) -> T:
        """The stored value, or the default when none is stored or it is unusable."""
        raw = self.store.value(setting.key)
        if raw is None:
            return setting.default
        try:
            return setting.check(_convert(raw, setting.type))
        except (SettingError, ValueError) as exc:
            log.warning("setting %s: ignoring the stored value (%s)", setting.key, exc)
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        """Store a value.

        Raises:
            SettingError: A value the setting cannot take (nothing is stored).
        """
        self.store.setValue(setting.key, setting.check(value))

    def value(self, key: str) -> Any:
        """:meth:`get` by key (for the dialog, which works through the declarations)."""
        return self.get(self.lookup(key))

    def set_value(self, key: str, value: Any) -> None:
        """:meth:`set` by key.

        Raises:
            SettingError: An undeclared key or a value the setting cannot take.
        """
        self.set(self.lookup(key), value)

    def reset(self) -> None:
        """Every declared setting back to its default; window state stays."""
        for setting in DECLARED:
            self.store.remove(setting.key)

    def sync(self) -> None:
        self.store.sync()

    def __iter__(self) -> Iterator[tuple[Setting[Any], Any]]:
        return ((s, self.get(s)) for s in DECLARED)

    @staticmethod
    def lookup(key: str) -> Setting[Any]:
        try:
            return _BY_KEY[key]
        except KeyError:
            raise SettingError(f"no setting named {key!r}") from None

    # -- window state: kept apart from the settings --------------------------------------

    def save_window(self, name: str, geometry: QByteArray, state: QByteArray | None) -> None:
        self.store.setValue(f"{WINDOW_GROUP}/{name}/geometry", geometry)
        if state is not None:
            self.store.setValue(f"{WINDOW_GROUP}/{name}/state", state)

    def window(self, name: str) -> tuple[QByteArray | None, QByteArray | None]:
        """The saved geometry and state of a window, None when never saved."""

        def read(part: str) -> QByteArray | None:
            raw = self.store.value(f"{WINDOW_GROUP}/{name}/{part}")
            return raw if isinstance(raw, QByteArray) and not raw.isEmpty() else None

        return read("geometry"), read("state")


def _convert(raw: object, kind: type) -> object:
    """A QSettings value (INI files give strings) as ``kind``."""
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw
    text = str(raw).strip()
    if kind is bool:
        if text.lower() in ("true", "1", "yes", "on"):
            return True
        if text.lower() in ("false", "0", "no", "off"):
            return False
        raise ValueError(f"not a yes/no value: {text!r}")
    if kind is int:
        return int(text)
    if kind is float:
        return float(text)
    return text


# -- applying settings ----------------------------------------------------------------------


def language_for(settings: Settings, requested: str | None) -> str | None:
    """The language to start in: ``--lang``, else the setting; None means the system's."""
    if requested:
        return requested
    chosen = settings.get(LANGUAGE)
    return None if chosen == "system" else chosen


def theme_for(choice: str, scheme: Qt.ColorScheme | None = None) -> str:
    """ "light" or "dark": the choice, or for "system" the system's colour scheme."""
    if choice in ("light", "dark"):
        return choice
    if scheme is None:
        app = QGuiApplication.instance()
        hints = app.styleHints() if isinstance(app, QGuiApplication) else None
        scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


class WindowKeeper(QObject):
    """Restores a window's geometry and state now and saves them when it closes."""

    def __init__(self, window: Any, name: str, settings: Settings) -> None:
        super().__init__(window)
        self._window, self._name, self._settings = window, name, settings
        self.restored = self._restore()
        window.installEventFilter(self)

    def _restore(self) -> bool:
        geometry, state = self._settings.window(self._name)
        restored = geometry is not None and bool(self._window.restoreGeometry(geometry))
        if state is not None and hasattr(self._window, "restoreState"):
            self._window.restoreState(state)
        return restored

    def save(self) -> None:
        state = self._window.saveState() if hasattr(self._window, "saveState") else None
        self._settings.save_window(self._name, self._window.saveGeometry(), state)
        self._settings.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.save()
        return False
