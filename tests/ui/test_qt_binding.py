"""The Qt binding itself: PySide6 6.12.0 dropped one reference to Python's True at every Signal.emit(), so
after a few hundred background tasks the app aborted ("bool_dealloc: deallocating True or False");
pyproject excludes that release. This test fails on a binding with that fault."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal(int)
    mixed = Signal(int, object, bool)  # the shape of Tasks' delivery signal


def test_emitting_signals_keeps_pythons_reference_counts(qapp):
    emitter = _Emitter()
    got: list[tuple] = []
    emitter.plain.connect(lambda *a: got.append(a))
    emitter.mixed.connect(lambda *a: got.append(a))
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(50):
        emitter.plain.emit(i)
        emitter.mixed.emit(i, None, i % 2 == 0)
    del got[:]
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
