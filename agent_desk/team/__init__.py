"""The supervisor's team view below its window: queries off the UI thread (Qt core only)."""
