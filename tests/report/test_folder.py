"""The report folder appears all at once, keeps the user's files and never follows a link."""

from __future__ import annotations

import json
import os
from functools import cache

import pytest

import trustlab
from trustlab.errors import InputFileError
from trustlab.report.folder import MANIFEST, ReportFolder, recover
from trustlab.report.save import save_report


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=0)


def _write(out, files: dict[str, bytes], *, force: bool = False):
    folder = ReportFolder.open(out, force=force)
    for name, data in files.items():
        folder.write(name, data)
    return folder.commit()


def test_new_folder_appears_with_one_rename(tmp_path, monkeypatch):
    renames = []
    real = os.rename
    monkeypatch.setattr("trustlab.report.folder.os.rename",
                        lambda a, b: (renames.append((a, b)), real(a, b)))  # fmt: skip
    _write(tmp_path / "r", {"a.txt": b"1", "sub/b.txt": b"2"})
    assert len(renames) == 1 and renames[0][1] == tmp_path / "r"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]  # no staging left
    assert (tmp_path / "r" / "sub" / "b.txt").read_bytes() == b"2"


def test_existing_folder_needs_force(tmp_path):
    out = tmp_path / "r"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(InputFileError, match="the folder exists and is not empty; use --force"):
        ReportFolder.open(out)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputFileError, match="exists and is not a folder"):
        ReportFolder.open(tmp_path / "file", force=True)


def test_force_replaces_trustlabs_files_keeps_the_users_and_drops_stale_ones(tmp_path):
    out = tmp_path / "r"
    _write(out, {"report.html": b"old", "figures/old_figure.png": b"stale"})
    (out / "notes.txt").write_text("mine")
    (out / "figures" / "my_drawing.png").write_bytes(b"mine too")
    _write(out, {"report.html": b"new", "figures/a.png": b"A"}, force=True)
    assert (out / "report.html").read_bytes() == b"new"
    assert not (out / "figures" / "old_figure.png").exists()  # stale: trustlab's own, gone
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "figures" / "my_drawing.png").read_bytes() == b"mine too"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_force_never_overwrites_a_file_trustlab_did_not_write(tmp_path):
    out = tmp_path / "r"
    out.mkdir()
    (out / "report.html").write_text("the user's own page")
    with pytest.raises(InputFileError, match="not written by trustlab"):
        _write(out, {"report.html": b"new"}, force=True)
    assert (out / "report.html").read_text() == "the user's own page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_an_edited_trustlab_file_counts_as_the_users(tmp_path):
    out = tmp_path / "r"
    _write(out, {"report.md": b"generated"})
    (out / "report.md").write_text("edited by hand")
    with pytest.raises(InputFileError, match="not written by trustlab"):
        _write(out, {"report.md": b"new"}, force=True)
    assert (out / "report.md").read_text() == "edited by hand"


def test_force_never_follows_a_symlink(tmp_path):
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "data.csv").write_text("keep me")
    out = tmp_path / "r"
    _write(out, {"report.html": b"old"})
    (out / "tables").symlink_to(outside, target_is_directory=True)
    (out / "link.csv").symlink_to(outside / "data.csv")
    _write(out, {"report.html": b"new", "results.json": b"{}"}, force=True)
    assert (outside / "data.csv").read_text() == "keep me"
    assert (out / "tables").is_symlink() and (out / "link.csv").is_symlink()
    with pytest.raises(InputFileError, match="symbolic link"):
        ReportFolder.open(out / "tables", force=True)


def test_an_interrupted_run_leaves_nothing_that_blocks_the_next(tmp_path):
    out = tmp_path / "r"
    folder = ReportFolder.open(out)
    folder.write("report.html", b"half")  # ... and the process is killed here
    assert not out.exists()  # nothing half-written where the report goes
    save_report(analysis(), out, figures=False)  # a plain re-run works
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
    manifest = json.loads((out / MANIFEST).read_text())
    assert "results.json" in manifest["files"]


def test_a_swap_interrupted_between_its_renames_is_put_back(tmp_path):
    out = tmp_path / "r"
    _write(out, {"report.html": b"old"})
    (out / "mine.txt").write_text("mine")
    os.rename(out, tmp_path / ".r.trustlab-old-abc")  # killed after the first rename
    recover(out)
    assert (out / "mine.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_missing_parent_read_only_and_too_long_names_are_said_up_front(tmp_path):
    with pytest.raises(InputFileError, match="does not exist"):
        ReportFolder.open(tmp_path / "no" / "such" / "folder")
    with pytest.raises(InputFileError, match="too long"):
        ReportFolder.open(tmp_path / ("x" * 300))
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            with pytest.raises(InputFileError, match="permission denied"):
                ReportFolder.open(locked / "r")
        finally:
            locked.chmod(0o700)
    with pytest.raises(InputFileError, match="cannot write the report"):
        ReportFolder.open("/proc/trustlab-report")
