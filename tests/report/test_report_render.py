"""The report as a person sees it: rendered in headless Chromium, every image loaded.

Needs Debian's ``chromium`` (``.ci/run`` installs it); skipped, with the reason, without it.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PIL import Image

import trustlab

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync"]  # fmt: skip
PROBE = """<script>window.addEventListener("load", () => {
  const ok = [...document.images].filter(i => i.complete && i.naturalWidth > 0).length;
  document.body.setAttribute("data-images", document.images.length + "/" + ok);
  const likert = document.querySelector("figure.wide img");
  document.body.setAttribute("data-likert", likert ? likert.naturalWidth : 0);
});</script>"""


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_report_renders_with_every_image_loaded(tmp_path):
    analysis = trustlab.analyse(trustlab.load_sample(), n_boot=50)
    trustlab.save_report(analysis, tmp_path / "report", lang="en")
    page = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    figures = tmp_path / "report" / "figures"
    likert = {name: Image.open(figures / f"{name}.png").size[0]
              for name in ("likert", "likert_compact")}  # fmt: skip
    # a wide screen shows the Likert chart with the item texts, a phone the compact one
    for width, shown in ((1280, "likert"), (390, "likert_compact")):
        dom = subprocess.run(
            [CHROMIUM, *FLAGS, *profile, "--virtual-time-budget=10000", "--dump-dom",
             f"--window-size={width},3000", probe.as_uri()],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout  # fmt: skip
        found = re.search(r'data-images="(\d+)/(\d+)" data-likert="(\d+)"', dom)
        assert found, "the page did not finish loading"
        total, loaded, natural = map(int, found.groups())
        # every figure is an image; the compact Likert chart is the phone's source of Figure 1
        assert total == len(list(figures.glob("*.png"))) - 1 == 11 and loaded == total
        assert natural == likert[shown], (width, natural, likert)
    shot = tmp_path / "report.png"
    subprocess.run(
        [CHROMIUM, *FLAGS, *profile, f"--screenshot={shot}", "--window-size=1100,3000",
         (tmp_path / "report" / "report.html").as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.stat().st_size > 50_000  # a page with text, tables and figures, not a blank
