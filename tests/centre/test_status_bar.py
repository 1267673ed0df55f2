"""The status bar tells the clerk when the centre's server stops answering, and when it answers again."""

from __future__ import annotations

import socket

from app.services.desk import Desk
from app.ui import centre_status


def test_indicator_shows_the_lost_server_and_its_return(qtbot, centre):
    desk = Desk.open(centre.counters(1)[0])
    try:
        widget = centre_status.indicator(desk)
        qtbot.addWidget(widget)
        qtbot.waitUntil(lambda: widget.online is True)
        assert widget.text() == "● Máy chủ Trung tâm"
    finally:
        desk.close()
    # A server on a port that is then closed: the same probe the app runs, against a server we can stop.
    listener = socket.create_server(("127.0.0.1", 0))
    url = f"postgresql://motcua_quay@127.0.0.1:{listener.getsockname()[1]}/motcua"
    probe = centre_status.CentreIndicator(lambda: centre_status.ops.reachable(url), interval_ms=100)
    qtbot.addWidget(probe)
    qtbot.waitUntil(lambda: probe.online is True)
    listener.close()
    qtbot.waitUntil(lambda: probe.online is False, timeout=5000)
    assert probe.text() == "● Mất kết nối máy chủ Trung tâm" and "Chưa ghi gì" in probe.toolTip()
    listener = socket.create_server(("127.0.0.1", int(url.split(":")[2].split("/")[0])))
    qtbot.waitUntil(lambda: probe.online is True, timeout=5000)
    listener.close()
    probe.timer.stop()
