"""The report folder: appears all at once or not at all, and never loses a file it did not write.

:class:`ReportFolder` is opened before the analysis runs (:meth:`ReportFolder.open`), so that
every problem with the folder (a file in its place, a parent that does not exist, a read-only
or full disk, a name too long for the file system) is said before any work is done. The files
are written into a hidden staging folder beside the target, in the same parent, and moved into
place by one rename (:meth:`ReportFolder.commit`): a report folder is complete or absent.

With ``force``, an existing folder's trustlab files are replaced: trustlab records what it wrote
in ``.trustlab-manifest.json``, and only files listed there (and unchanged since) count as its
own; every other file is the user's and stays where it is (a file of the user's where trustlab
would write one is an error, never overwritten). Stale files of an earlier run disappear with
the old folder. Nothing is followed through a symbolic link, and nothing outside the folder is
touched. A run that is interrupted leaves hidden sibling folders that the next run clears up
(:func:`recover`): an unfinished staging folder is removed; a folder set aside during the swap is
put back (or its user files are moved home).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from trustlab.errors import InputFileError

__all__ = ["MANIFEST", "ReportFolder", "recover"]

MANIFEST = ".trustlab-manifest.json"
_STAGING = ".trustlab-staging-"
_OLD = ".trustlab-old-"


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _os_error(path: Path, exc: OSError) -> InputFileError:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "the operation is not permitted (an immutable folder?)",
        errno.ENAMETOOLONG: "the name is too long for the file system",
        errno.ENOENT: "a folder on the way does not exist",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
    }
    reason = reasons.get(exc.errno, exc.strerror or str(exc))
    return InputFileError(
        f"{path}: cannot write the report there: {reason}. Choose another folder with --out.",
        file=str(path),
    )


def _own_files(folder: Path) -> dict[str, str]:
    """The files trustlab wrote into ``folder`` (from its manifest) and their hashes."""
    manifest = folder / MANIFEST
    if manifest.is_symlink() or not manifest.is_file():
        return {}
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(listed, dict):
        return {}
    return {str(k): str(v) for k, v in listed.items()}


def _is_ours(folder: Path, name: str, own: dict[str, str]) -> bool:
    path = folder / name
    if name not in own or path.is_symlink() or not path.is_file():
        return False
    try:
        return _hash(path) == own[name]
    except OSError:
        return False


def _user_entries(folder: Path, own: dict[str, str]) -> list[str]:
    """Relative paths of what is the user's in ``folder``: every file or link not in the
    manifest (directories only as the containers of such files)."""
    out = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        base = Path(root)
        for name in files + [d for d in dirs if (base / d).is_symlink()]:
            rel = (base / name).relative_to(folder).as_posix()
            if rel != MANIFEST and not _is_ours(folder, rel, own):
                out.append(rel)
    return sorted(out)


def recover(out: Path) -> None:
    """Clear up what an interrupted run left beside ``out`` (see the module docstring)."""
    parent = out.parent
    if not parent.is_dir():
        return
    prefix = f".{out.name}"
    for entry in sorted(parent.iterdir()):
        if not entry.name.startswith(prefix) or entry.is_symlink() or not entry.is_dir():
            continue
        rest = entry.name[len(prefix) :]
        if rest.startswith(_STAGING):  # an unfinished new report: only trustlab wrote it
            shutil.rmtree(entry, ignore_errors=True)
        elif rest.startswith(_OLD):
            if not out.exists():
                os.rename(entry, out)  # the swap was interrupted: put the old folder back
                continue
            own = _own_files(entry)
            for rel in _user_entries(entry, own):
                target = out / rel
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.rename(entry / rel, target)
            if not _user_entries(entry, own):
                shutil.rmtree(entry, ignore_errors=True)


@dataclass
class ReportFolder:
    """A report folder being written. Use :meth:`open`, :meth:`write`, then :meth:`commit`."""

    out: Path
    force: bool
    staging: Path
    written: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, out: str | Path, *, force: bool = False) -> ReportFolder:
        """Check ``out`` and create the staging folder beside it; raise before any work."""
        out = Path(out)
        try:
            return cls._open(out, force)
        except OSError as exc:
            raise _os_error(out, exc) from None

    @classmethod
    def _open(cls, out: Path, force: bool) -> ReportFolder:
        if out.is_symlink():
            raise InputFileError(
                f"{out}: is a symbolic link; give the real folder with --out.", file=str(out)
            )
        if out.exists() and not out.is_dir():
            raise InputFileError(f"{out}: exists and is not a folder.", file=str(out))
        parent = out.parent if str(out.parent) else Path(".")
        if not parent.is_dir():
            raise InputFileError(
                f"{out}: the folder {parent} does not exist; create it first or choose another "
                "folder with --out.",
                file=str(out),
            )
        recover(out)
        if out.exists() and any(out.iterdir()) and not force:
            raise InputFileError(
                f"{out}: the folder exists and is not empty; use --force to replace trustlab's "
                "files in it (other files are kept), or choose another folder with --out.",
                file=str(out),
            )
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}{_STAGING}", dir=parent))
        return cls(out, force, staging)

    def write(self, name: str, data: bytes) -> None:
        """Write ``data`` as the relative path ``name`` (a safe name made by trustlab)."""
        target = self.staging / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            self.abandon()
            raise _os_error(self.out, exc) from None
        self.written[name] = hashlib.sha256(data).hexdigest()

    def commit(self) -> list[Path]:
        """Move the finished report into place with one rename; return the paths written."""
        manifest = json.dumps({"files": self.written}, indent=2, sort_keys=True) + "\n"
        self.write(MANIFEST, manifest.encode("utf-8"))
        self.written.pop(MANIFEST)
        out = self.out
        try:
            if not out.exists():
                os.rename(self.staging, out)
            else:
                self._replace(out)
        except OSError as exc:
            self.abandon()
            raise _os_error(out, exc) from None
        return [Path(name) for name in self.written]

    def _replace(self, out: Path) -> None:
        own = _own_files(out)
        user = _user_entries(out, own)
        clash = [rel for rel in user if rel in self.written]
        if clash:
            self.abandon()
            raise InputFileError(
                f"{out / clash[0]}: this file was not written by trustlab and would be replaced; "
                "move it away or choose another folder with --out.",
                file=str(out / clash[0]),
            )
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}{_OLD}", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)  # the old folder steps aside ...
        os.rename(self.staging, out)  # ... and the new report appears at once
        for rel in user:  # the user's files go home
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(old / rel, target)
        shutil.rmtree(old, ignore_errors=True)  # only trustlab's own files are left in it

    def abandon(self) -> None:
        """Remove the staging folder (the target is left as it was)."""
        with contextlib.suppress(OSError):
            shutil.rmtree(self.staging)
