"""Digitisation benchmarks: attaching a 3-page A4 scan (300 dpi JPEGs) through the service (p95, target
≤ 1 s) and the stored bytes per page; pushing attached files to the reference receiver on 127.0.0.1
(target ≥ 20 MB/s with flat memory) beside the naive way, one request per file with the whole file in
memory. `python -m bench.files --out DIR [--quick]` writes DIR/files.json and prints it.

The push runs the real uploader (`python -m app.sync.files_push`) in its own process against
`python -m app.sync.receiver`, sampling its resident memory from /proc every 20 ms; the naive uploader
is this module run as `--naive DATA_DIR URL` (same files, fresh receiver). The dossiers' records are
marked acknowledged directly (the record push is measured by bench/push.py). Main thread.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.paths import AppPaths
from app.services import files, files_store
from app.services.desk import Desk
from app.services.dto import Actor, Component, IntakeRequest, PersonIn
from app.services.files_convert import FileIn
from app.services.intake import receive
from app.services.setup import initialise
from app.sync.receiver_process import ReceiverProcess
from bench.timing import ROOT, measure

TOKEN = "bench-Files_0123456789"
ADMIN = Actor(username="admin", full_name="Quản trị", role="admin")
ENV = {**os.environ, "MOTCUA_TOKEN_BACKEND": "file"}


def scan_page(seed: int, dpi: int = 300) -> bytes:
    """An A4 page of text at `dpi` with scanner noise, saved as a JPEG the way office scanners do (q90)."""
    from PIL import Image, ImageDraw, ImageFont

    rnd = random.Random(seed)
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    img = Image.new("L", (w, h), 245)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=int(dpi / 7))
    for y in range(dpi, h - dpi, int(dpi / 4)):
        words = ("".join(rnd.choice("abcdeghiklmnopqrstuvxy") for _ in range(rnd.randint(2, 8))) for _ in range(10))
        draw.text((dpi, y), " ".join(words), fill=20, font=font)
    img = Image.blend(img, Image.effect_noise((w, h), 12), 0.08).convert("RGB")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, dpi=(dpi, dpi))
    return out.getvalue()


def big_pdf(seed: int, side: int) -> bytes:
    """A one-page PDF holding a noise image (3 bytes per pixel, incompressible): a large real file."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.frombytes("RGB", (side, side), random.Random(seed).randbytes(side * side * 3))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.drawImage(ImageReader(img), 36, 36, width=500, height=500)
    c.showPage()
    c.save()
    return out.getvalue()


def open_desk(folder: Path) -> Desk:
    desk = Desk.open(AppPaths(folder).ensure())
    initialise(desk, agency_code="000.17.22.H56", agency_name="Trung tâm Phục vụ hành chính công xã Tân Lập",
               parent_name="ỦY BAN NHÂN DÂN XÃ TÂN LẬP", place="Tân Lập", device_slot=0, actor=ADMIN)
    return desk


def new_dossier(desk: Desk, i: int) -> str:
    names = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung")
    req = IntakeRequest(procedure="HT-XNHN", applicant=PersonIn(name=names[i % 4], id_number=f"0010860{i:05d}"),
                        components=[Component("Căn cước công dân", copies=1)])
    return receive(desk, req, ADMIN).code


def bench_attach(folder: Path, reps: int) -> dict:
    desk = open_desk(folder)
    try:
        pages = [FileIn(f"scan-{i}.jpg", scan_page(i)) for i in range(3)]
        codes = [new_dossier(desk, i) for i in range(reps + 2)]
        summary, results = measure(lambda code: files.attach_component(desk, code, pages, ADMIN, position=1),
                                   [(c,) for c in codes])
        per_page = [r.file.size / r.file.pages for r in results]
        return {"attach_3_pages": summary, "input_kb_per_page": round(sum(len(p.data) for p in pages) / 3 / 1024, 1),
                "stored_kb_per_page": round(sum(per_page) / len(per_page) / 1024, 1), "pages": results[0].file.pages}
    finally:
        desk.close()


def _watch(cmd: list[str]) -> dict:
    """Run an uploader process, sampling its resident memory; returns seconds and memory figures."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, int]] = []
    peak = 0
    while proc.poll() is None:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            samples.append((time.perf_counter() - start, int(fields["VmRSS"].split()[0])))
            peak = max(peak, int(fields["VmHWM"].split()[0]))
        except (OSError, KeyError, ValueError):
            pass
        time.sleep(0.02)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"uploader failed: {out} {err}")
    half = [r for t, r in samples if t >= wall / 2] or [0]
    later = [r for t, r in samples if t >= wall / 4] or [0]
    return {"wall_s": round(wall, 2), "push_s": round(json.loads(out)["seconds"], 3),
            "peak_rss_mb": round(peak / 1024, 1), "rss_at_half_mb": round(half[0] / 1024, 1),
            "rss_range_after_quarter_mb": [round(min(later) / 1024, 1), round(max(later) / 1024, 1)]}


def bench_push(folder: Path, n_files: int, side: int) -> dict:
    from app.sync import config as sync_config
    from app.sync.tokens import TokenStore

    os.environ["MOTCUA_TOKEN_BACKEND"] = "file"
    desk = open_desk(folder)
    try:
        for i in range(n_files):
            files.attach_component(desk, new_dossier(desk, i), [FileIn(f"{i}.pdf", big_pdf(i, side))], ADMIN,
                                   position=1)
        with desk.db.write() as s:
            s.connection().exec_driver_sql("UPDATE outbox SET state = 'sent'")
        total = sum(f.size for f in _stored(desk))
        out: dict = {"files": n_files, "mb_total": round(total / 1e6, 1), "mb_per_file": round(total / n_files / 1e6, 1)}
        for way in ("chunked", "naive"):
            receiver = ReceiverProcess(folder / f"receiver-{way}.sqlite3", TOKEN)
            try:
                if way == "chunked":
                    sync_config.configure(desk, TokenStore(desk.paths), ADMIN, url=receiver.url, token=TOKEN)
                    cmd = [sys.executable, "-m", "app.sync.files_push", "--data-dir", str(desk.paths.data_dir)]
                else:
                    cmd = [sys.executable, "-m", "bench.files", "--naive", str(desk.paths.data_dir), receiver.url]
                with desk.db.write() as s:
                    s.connection().exec_driver_sql("UPDATE stored_files SET uploaded_at = NULL")
                got = _watch(cmd)
                stats = receiver.stats()["files"]
                assert stats["files"] == n_files and stats["bytes"] == total, stats
                got["mb_per_s"] = round(total / 1e6 / got["push_s"], 1)
                out[way] = got
            finally:
                receiver.stop()
        return out
    finally:
        desk.close()


def _stored(desk: Desk) -> list:
    from app.sync.files_push import pending

    return pending(desk, 100000)


def naive(data_dir: str, url: str) -> int:
    """One request per file, the whole file read into memory first."""
    import hashlib

    import requests

    desk = Desk.open(AppPaths(Path(data_dir)))
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {TOKEN}"
    started = time.perf_counter()
    try:
        for f in _stored(desk):
            data = files_store.store_for(desk).read(f.blob, f.encrypted)
            sha = hashlib.sha256(data).hexdigest()
            r = session.put(f"{url}/api/v1/files/{sha}", params={"offset": 0, "size": len(data)}, data=data,
                            headers={"X-Chunk-SHA256": sha}, timeout=60)
            r.raise_for_status()
    finally:
        desk.close()
    print(json.dumps({"seconds": time.perf_counter() - started}))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.files")
    p.add_argument("--out", type=Path, default=Path("bench-out"))
    p.add_argument("--quick", action="store_true")
    p.add_argument("--naive", nargs=2, metavar=("DATA_DIR", "URL"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.naive:
        return naive(*args.naive)
    with tempfile.TemporaryDirectory(prefix="bench-files-") as tmp:
        result = {"attach": bench_attach(Path(tmp) / "attach", 5 if args.quick else 30),
                  "push": bench_push(Path(tmp) / "push", 4 if args.quick else 30, 1000 if args.quick else 1400)}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "files.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
