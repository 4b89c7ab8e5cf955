"""The report folder's files: write_files writes each file as soon as it is made (what needs no
figure while the figures are still being drawn), the same files as files_of."""

from __future__ import annotations

from functools import cache

import pytest

import trustlab
from trustlab.forked import ForkedTask, can_fork
from trustlab.report import files
from trustlab.report.figure_worker import FigureJob
from trustlab.report.files import files_of, write_files
from trustlab.report.folder import ReportFolder


@cache
def analysis():
    return trustlab.analyse(trustlab.load_sample(), n_boot=0)


class _Watched(FigureJob):
    """Figures drawn in this process; what the staging folder held when they were asked for."""

    def __init__(self, folder: ReportFolder) -> None:
        super().__init__(analysis(), "en", False, None)
        self.folder = folder
        self.seen: list[str] = []

    def result(self):
        self.seen = sorted(
            str(p.relative_to(self.folder.staging)) for p in self.folder.staging.rglob("*")
            if p.is_file()
        )  # fmt: skip
        return super().result()


def test_files_that_need_no_figure_are_written_before_the_figures_are_waited_for(tmp_path):
    folder = ReportFolder.open(tmp_path / "report")
    job = _Watched(folder)
    written = write_files(folder, analysis(), job, lang="en")
    assert "results.json" in job.seen and "tables.xlsx" in job.seen
    assert [p for p in job.seen if p.startswith("tables/")]  # every CSV table
    assert not [p for p in job.seen if p.startswith("figures/") or p.startswith("report.")]
    # and then everything, the same bytes as files_of makes in memory
    expected = files_of(analysis(), FigureJob(analysis(), "en", False, None), lang="en")
    on_disk = {str(p): (tmp_path / "report" / p).read_bytes() for p in written}  # relative
    assert on_disk == expected
    assert len([p for p in on_disk if p.startswith("figures/")]) == 12


@pytest.mark.skipif(not can_fork(), reason="a fork is made on Linux only")
def test_tables_made_in_a_fork_are_the_same_files(tmp_path):
    folder = ReportFolder.open(tmp_path / "report")
    job = _Watched(folder)
    written = write_files(folder, analysis(), job, lang="en", fork=True)
    # the tables come last (from the fork), after the reports and the figures
    assert "results.json" in job.seen and not [p for p in job.seen if p.startswith("tables")]
    expected = files_of(analysis(), FigureJob(analysis(), "en", False, None), lang="en")
    on_disk = {str(p): (tmp_path / "report" / p).read_bytes() for p in written}
    assert on_disk == expected


@pytest.mark.skipif(not can_fork(), reason="a fork is made on Linux only")
def test_a_failed_report_stops_the_tables_fork(tmp_path, monkeypatch):
    started = []
    real = ForkedTask._start

    def start(self):
        real(self)
        started.append(self)

    monkeypatch.setattr(ForkedTask, "_start", start)
    folder = ReportFolder.open(tmp_path / "report")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(files, "render_markdown", broken)
    with pytest.raises(OSError, match="disk full"):
        write_files(folder, analysis(), FigureJob(analysis(), "en", False, None), fork=True)
    assert len(started) == 1 and not started[0].in_fork  # stopped and reaped
    assert not (tmp_path / "report").exists()  # nothing half-written
