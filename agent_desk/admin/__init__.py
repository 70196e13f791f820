"""Admin command line."""
