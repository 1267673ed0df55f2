"""The PySide6 desktop app: windows, dialogs, Qt table models and the background task helper.

The only layer that imports Qt. Widgets receive a `UiContext` (desk, signed-in actor, task helper,
change bus) and call services through it; no database session ever reaches a widget.
"""
