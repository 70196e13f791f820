"""The baresip process: its generated config folder, its ports, its start and its end.

Each start writes a fresh config folder in the temp folder (a ``config`` naming the modules,
ports and audio devices, and an **empty** ``accounts`` file: the account, with its password,
is added over the control socket once the line is listening, so no event is lost and no
password is ever written to disk). Ports are picked free on 127.0.0.1 at each start.

No orphans: the child gets a parent-death signal (Linux, through ``setpriv``) so even a
killed desk takes its engine with it (Linux sends it when the *thread* that started the
child ends: start a long-lived engine from the UI thread, a throwaway one from the thread
that also stops it); an ``atexit`` hook kills engines still running when
Python exits; :meth:`BaresipEngine.stop` asks with ``quit`` and kills after a timeout
(baresip ignores SIGTERM during a call). A watcher thread reports an unexpected exit
through ``on_exit`` (from that thread: Qt owners re-emit it as a queued signal).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

BINARY = "baresip"
MODULE_DIRS = (
    "/usr/lib/baresip/modules",
    "/usr/local/lib/baresip/modules",
    "/usr/lib/x86_64-linux-gnu/baresip/modules",
    "/usr/lib/aarch64-linux-gnu/baresip/modules",
    "/opt/homebrew/lib/baresip/modules",
)
# Codec names as baresip knows them → the module that provides them.
CODEC_MODULES = {
    "opus": "opus",
    "G722": "g722",
    "PCMU": "g711",
    "PCMA": "g711",
    "GSM": "gsm",
}
# Audio drivers a desk may use; "ausine" is a test tone (headless tests, no sound card).
AUDIO_DRIVERS = ("alsa", "pulse", "portaudio", "oss", "jack", "sndio", "ausine", "aufile")
STOP_TIMEOUT_S = 3.0

ExitHandler = Callable[[int, int, str], None]  # pid, exit code, log tail


class EngineError(RuntimeError):
    """The engine cannot be started (not installed, no modules); the message says why."""


@dataclass(frozen=True)
class EngineOptions:
    """What a baresip process runs with.

    Attributes:
        listen_ip: Address SIP listens on; "" for all addresses. A loopback address also
            becomes the network interface (calls on one machine, as in tests).
        audio_source: baresip's ``module,device`` for the microphone, e.g. ``alsa,default``;
            ``ausine`` plays a tone (no sound card).
        audio_player: ``module,device`` for the speaker; "" plays nothing.
        codecs: Codec names in preference order (keys of ``CODEC_MODULES``).
        no_answer_s: baresip's own limit on an unanswered call, in seconds.
        binary: The baresip program.
    """

    listen_ip: str = ""
    audio_source: str = "alsa,default"
    audio_player: str = "alsa,default"
    codecs: tuple[str, ...] = ("PCMU", "PCMA")
    no_answer_s: int = 120
    binary: str = BINARY


def find_binary(binary: str = BINARY) -> str | None:
    return shutil.which(binary)


def find_module_dir() -> Path | None:
    for folder in MODULE_DIRS:
        if (Path(folder) / "menu.so").is_file():
            return Path(folder)
    return None


def free_port(ip: str = "127.0.0.1", *, udp_too: bool = False) -> int:
    """A port free for TCP (and UDP) on ``ip`` right now."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind((ip, 0))
            port = int(tcp.getsockname()[1])
            if not udp_too:
                return port
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind((ip, port))
                except OSError:
                    continue
                return port
    raise EngineError(f"no free port on {ip}")


def is_loopback(ip: str) -> bool:
    return ip.startswith("127.") or ip == "::1"


def _driver(device: str) -> str:
    return device.split(",", 1)[0].strip()


def config_text(
    options: EngineOptions, module_dir: Path, sip_port: int, ctrl_port: int
) -> tuple[str, list[str]]:
    """The ``config`` file for these options and ports, and what it had to leave out."""
    skipped: list[str] = []

    def available(module: str) -> bool:
        if (module_dir / f"{module}.so").is_file():
            return True
        skipped.append(module)
        return False

    listen = options.listen_ip or "0.0.0.0"
    source = options.audio_source.strip() or "ausine"
    if "," not in source:
        source += ",440" if source == "ausine" else ",default"
    player = options.audio_player.strip()
    if player and "," not in player:
        player += ",default"
    lines = [
        "# Written by Agent Desk for one run of the engine; it is deleted when the run ends.",
        f"sip_listen {listen}:{sip_port}",
        f"call_local_timeout {options.no_answer_s}",
        "call_max_calls 1",  # one call per engine: a second caller hears busy
        f"audio_source {source}",
        f"audio_player {player or 'none,none'}",
        f"audio_alert {player or 'none,none'}",
        "audio_path /usr/share/baresip",
        "jitter_buffer_delay 5-10",
        "rtp_stats no",
        "statmode_default off",  # no status line on every frame in the log
        "ringback_disabled yes",
        f"module_path {module_dir}",
    ]
    if _driver(source) == "ausine":  # the tone only comes in 48 kHz stereo
        lines += ["ausrc_srate 48000", "ausrc_channels 2"]
    if is_loopback(options.listen_ip):
        lines.append(f"net_interface {options.listen_ip}")
    modules: list[str] = []
    for codec in options.codecs:
        module = CODEC_MODULES.get(codec)
        if module and module not in modules and available(module):
            modules.append(module)
    if not modules and available("g711"):
        modules.append("g711")
    for driver in dict.fromkeys(filter(None, (_driver(source), _driver(player)))):
        if driver in AUDIO_DRIVERS and available(driver):
            modules.append(driver)
    lines += [f"module {m}.so" for m in modules]
    lines += ["module_tmp uuid.so", "module_tmp account.so"]
    lines += ["module_app menu.so", "module_app ctrl_tcp.so"]
    lines.append(f"ctrl_tcp_listen 127.0.0.1:{ctrl_port}")
    return "\n".join(lines) + "\n", skipped


_running: weakref.WeakSet[BaresipEngine] = weakref.WeakSet()


@atexit.register
def _kill_all() -> None:
    """Python is exiting: no engine may outlive the desk."""
    for engine in list(_running):
        engine.kill()


def _death_signal_prefix() -> list[str]:
    """A prefix that makes the child die with the desk (Linux: ``setpriv --pdeathsig``)."""
    if sys.platform.startswith("linux"):
        setpriv = shutil.which("setpriv")
        if setpriv:
            return [setpriv, "--pdeathsig", "KILL", "--"]
    return []


class BaresipEngine:
    """One baresip process at a time; start again after a stop or a death.

    Args:
        options: What the engine runs with.
        on_exit: Called (on a watcher thread) with the pid, the exit code and the log's
            tail when the process ends without :meth:`stop` asking.
    """

    def __init__(self, options: EngineOptions, on_exit: ExitHandler | None = None) -> None:
        self.options = options
        self.on_exit = on_exit
        self.folder: Path | None = None
        self.ctrl_port = 0
        self.sip_port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._stopping: set[int] = set()
        self.skipped_modules: list[str] = []

    @property
    def missing_audio(self) -> list[str]:
        """Audio drivers the options name but this machine lacks (calls would fail)."""
        return [m for m in self.skipped_modules if m in AUDIO_DRIVERS]

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def exit_code(self, wait_s: float = 0.0) -> int | None:
        """The process's exit code, waiting up to ``wait_s`` for it; None while it runs."""
        proc = self._proc
        if proc is None:
            return None
        try:
            return proc.wait(wait_s) if wait_s > 0 else proc.poll()
        except subprocess.TimeoutExpired:
            return None

    def start(self) -> None:
        """Write a fresh config folder, pick free ports, start baresip.

        Raises:
            EngineError: baresip or its modules are not installed, or it cannot start.
        """
        if self.running:
            raise EngineError("the SIP engine is already running")
        binary = find_binary(self.options.binary)
        if binary is None:
            raise EngineError(f"the SIP engine ({self.options.binary}) is not installed")
        module_dir = find_module_dir()
        if module_dir is None:
            raise EngineError("the SIP engine's modules (menu.so, ctrl_tcp.so) are not installed")
        self._remove_folder()
        self.sip_port = free_port(self.options.listen_ip or "0.0.0.0", udp_too=True)
        self.ctrl_port = free_port()
        text, self.skipped_modules = config_text(
            self.options, module_dir, self.sip_port, self.ctrl_port
        )
        if self.skipped_modules:
            log.warning("baresip modules not installed: %s", ", ".join(self.skipped_modules))
        folder = Path(tempfile.mkdtemp(prefix="agent-desk-baresip-"))
        (folder / "config").write_text(text)
        (folder / "accounts").write_text("")  # accounts come over the control socket
        (folder / "contacts").write_text("")
        self.folder = folder
        command = [*_death_signal_prefix(), binary, "-f", str(folder)]
        try:
            with open(folder / "baresip.log", "wb") as out:
                proc = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=folder,
                    start_new_session=True,  # Ctrl+C in a terminal reaches the desk only
                )
        except OSError as exc:
            raise EngineError(f"the SIP engine could not start: {exc}") from exc
        self._proc = proc
        _running.add(self)
        log.info(
            "baresip started (pid %d, SIP %s:%d, control %d)",
            proc.pid,
            self.options.listen_ip or "*",
            self.sip_port,
            self.ctrl_port,
        )
        threading.Thread(
            target=self._watch, args=(proc,), name=f"baresip-watch-{proc.pid}", daemon=True
        ).start()

    def _watch(self, proc: subprocess.Popen[bytes]) -> None:
        code = proc.wait()
        with self._lock:
            asked = proc.pid in self._stopping
        if asked:
            return
        tail = self.log_tail()
        log.warning("baresip (pid %d) exited with %d: %s", proc.pid, code, tail)
        if self.on_exit is not None:
            # RuntimeError: the Qt owner is gone (desk closing): nobody to tell.
            with contextlib.suppress(RuntimeError):
                self.on_exit(proc.pid, code, tail)

    def log_tail(self, lines: int = 5) -> str:
        """The last lines baresip printed (for a death's detail), ANSI codes removed."""
        if self.folder is None:
            return ""
        try:
            text = (self.folder / "baresip.log").read_bytes()[-4000:].decode(errors="replace")
        except OSError:
            return ""
        from agent_desk.telephony.baresip_control import strip_ansi

        kept = [line.strip() for line in strip_ansi(text).splitlines() if line.strip()]
        return " | ".join(kept[-lines:])

    def stop(
        self, quit: Callable[[], object] | None = None, timeout_s: float = STOP_TIMEOUT_S
    ) -> None:
        """End the process: ``quit`` (sends the engine's quit command), then kill on timeout."""
        proc = self._proc
        if proc is not None:
            with self._lock:
                self._stopping.add(proc.pid)
            if proc.poll() is None:
                if quit is not None:
                    try:
                        quit()
                    except OSError as exc:  # the socket is already gone: kill below
                        log.debug("quit not sent: %s", exc)
                    try:
                        proc.wait(timeout_s if quit is not None else 0.01)
                    except subprocess.TimeoutExpired:
                        log.warning("baresip (pid %d) did not quit: killed", proc.pid)
                self.kill()
        self._proc = None
        _running.discard(self)
        self._remove_folder()

    def kill(self) -> None:
        """Kill at once (SIGKILL) and reap; safe to call more than once."""
        proc = self._proc
        if proc is None:
            return
        with self._lock:
            self._stopping.add(proc.pid)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()  # SIGKILL: baresip ignores SIGTERM during a call
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                log.error("baresip (pid %d) survived SIGKILL", proc.pid)

    def forget_death(self) -> None:
        """After an unexpected exit was handled: drop the old process and its folder."""
        if self._proc is not None and self._proc.poll() is not None:
            self._proc = None
            _running.discard(self)
        self._remove_folder()

    def _remove_folder(self) -> None:
        folder, self.folder = self.folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def module_names(folder: Path | None = None) -> Sequence[str]:
    """The engine modules installed (to tell which codecs and audio drivers exist)."""
    folder = folder or find_module_dir()
    if folder is None:
        return ()
    return sorted(p.stem for p in folder.glob("*.so"))
