"""``python -m agent_desk``: the desktop program (also the PyInstaller bundle's entry)."""

import sys

from agent_desk.app import main

if __name__ == "__main__":
    sys.exit(main())
