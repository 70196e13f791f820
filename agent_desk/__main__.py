"""``python -m agent_desk`` and the ``agent-desk`` command: the desktop program (also the
PyInstaller bundle's entry)."""

import gc
import sys


def run() -> int:
    """Start the program with the garbage collector paused.

    Start-up makes a few hundred thousand objects (modules, classes, tables, widgets) that
    live as long as the program and frees almost none, yet the collector would walk them
    again and again while the imports run (about a tenth of their time). ``app.run_window``
    freezes what start-up made and turns the collector back on once the window shows.
    """
    gc.disable()
    from agent_desk.app import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
