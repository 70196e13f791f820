"""Agent Desk: a telemarketing rep workstation with a read-only supervisor team view."""

__version__ = "0.1.0"
