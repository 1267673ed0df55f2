"""A second process that keeps the store open (as the app or a nightly sync would) until told to stop.

`python hold_store.py DATA_DIR`: prints "ready" once the store is open, then on each line from stdin
"receive" takes a dossier (prints its code) and "quit" closes the store and exits.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.paths import AppPaths
from app.services.desk import Desk
from app.services.dto import Actor, IntakeRequest, PersonIn
from app.services.intake import receive

CLERK = Actor(username="clerk1", full_name="Nguyễn Thị Hồng", role="clerk", title="Công chức tiếp nhận")

desk = Desk.open(AppPaths(Path(sys.argv[1])))
print("ready", flush=True)
for line in sys.stdin:
    if line.strip() == "receive":
        d = receive(desk, IntakeRequest(procedure="1.004873", applicant=PersonIn(name="Lò Văn Giữ")), CLERK)
        print(d.code, flush=True)
    else:
        break
desk.close()
