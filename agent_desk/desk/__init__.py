"""The rep's workflow: operations, call control, the shift. Qt core only, no widgets.

Sits between ``ui/`` (which shows it) and ``telephony/``, ``sync/``, ``store/`` (which
it drives). Everything that touches a database runs as an operation off the UI thread.
"""
