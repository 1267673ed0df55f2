"""Một Cửa desk: offline-first desktop application for commune one-stop reception desks."""

__version__ = "0.1.0"
