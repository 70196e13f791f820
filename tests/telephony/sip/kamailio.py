"""A real registrar and proxy for the desk's line: Kamailio on 127.0.0.1, no database.

It keeps registrations in memory (``usrloc`` without a database), routes a call for a
registered user to where that user registered, and record-routes INVITE dialogs so the
hang-up goes through it too. No authentication: SIPp's registrar scenario covers digest.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.telephony.sip.sipp import START_TIMEOUT_S, free_port, udp_bound

CONFIG = """#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=1
disable_tcp=yes
auto_aliases=no
listen=udp:127.0.0.1:{port}
mpath="{modules}"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "siputils.so"
loadmodule "textops.so"
modparam("usrloc", "db_mode", 0)
request_route {{
    if (!mf_process_maxfwd_header("10")) {{ sl_send_reply("483", "Too Many Hops"); exit; }}
    if (is_method("REGISTER")) {{ save("location"); exit; }}
    if (has_totag()) {{ loose_route(); t_relay(); exit; }}
    if (is_method("CANCEL")) {{ if (t_check_trans()) t_relay(); exit; }}
    if (is_method("INVITE")) {{ record_route(); }}
    if (!lookup("location")) {{ sl_send_reply("404", "Not Found"); exit; }}
    t_relay();
}}
"""


def module_dir() -> str | None:
    found = glob.glob("/usr/lib/*/kamailio/modules") + glob.glob("/usr/lib/kamailio/modules")
    return next((d for d in found if os.path.isfile(os.path.join(d, "registrar.so"))), None)


class Kamailio:
    """One Kamailio for one test; :meth:`stop` ends it and its children."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("kamailio") or shutil.which("kamailio", path="/usr/sbin:/sbin")
        modules = module_dir()
        if binary is None or modules is None:
            why = "kamailio not installed (apt-get install kamailio)"
            if os.environ.get("CI"):
                pytest.fail(why)
            pytest.skip(why)
        self.port = free_port()
        self.folder = folder / "kamailio"
        self.folder.mkdir()
        config = self.folder / "kamailio.cfg"
        config.write_text(CONFIG.format(port=self.port, modules=modules))
        command = [
            binary, "-f", str(config), "-DD", "-E", "-Y", str(self.folder / "run"),
            "-P", str(self.folder / "kamailio.pid"), "-w", str(self.folder),
        ]  # fmt: skip
        with open(self.folder / "kamailio.log", "wb") as out:
            self.proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its children go with the group on stop
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while not udp_bound(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"kamailio did not start:\n{self.log()}")
            time.sleep(0.01)

    def log(self) -> str:
        return (self.folder / "kamailio.log").read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
