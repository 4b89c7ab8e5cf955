"""Nothing leaked: no network access, no unsafe loading or execution anywhere in trustlab.

Atomic writing of the report folder, byte-identical results.json for the same seed and the input
file left unchanged are tested in tests/report/test_save.py and tests/input/test_io.py.
"""

from __future__ import annotations

import ast
import hashlib
import socket
import warnings
from pathlib import Path

import pytest

import trustlab
from trustlab.cli import main

SRC = Path(__file__).resolve().parents[2] / "src" / "trustlab"


class NetworkBlocked(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every way to open a socket raises: a test passing under it made no network access."""

    def refuse(*args, **kwargs):
        raise NetworkBlocked(f"network access attempted: {args!r}")

    class BlockedSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse(*args)

    monkeypatch.setattr(socket, "socket", BlockedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse, raising=False)


def test_the_blocker_blocks(no_network):
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("example.org", 80))
    with pytest.raises(NetworkBlocked):
        socket.socket()


def test_no_network_access_from_file_to_report(no_network, tmp_path):
    source = trustlab.sample_path()
    before = hashlib.sha256(Path(source).read_bytes()).hexdigest()
    survey = trustlab.read_survey(source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", trustlab.TrustlabWarning)
        result = trustlab.analyse(survey, n_boot=20)
        written = trustlab.save_report(result, tmp_path / "report")
        reproduction = trustlab.reproduce(survey)
    assert written and all((tmp_path / "report" / p).is_file() for p in written)
    assert reproduction is not None
    assert hashlib.sha256(Path(source).read_bytes()).hexdigest() == before


def test_no_network_access_from_the_command_line(no_network, tmp_path, capsys):
    source = str(trustlab.sample_path())
    assert main(["validate", source]) == 0
    assert main(["analyse", source, "--boot", "0", "--out", str(tmp_path / "r")]) == 0
    assert main(["reproduce"]) == 0
    capsys.readouterr()


# --- the source: no eval, exec, pickle, unsafe YAML or shell commands -------------------------

#: (file relative to src/trustlab, construct) -> why it is needed. Empty: nothing is allowed.
ALLOWED: dict[tuple[str, str], str] = {
    ("simulation/power.py", "import joblib"): (
        "the power study sends its own replicate seeds and parameters to worker processes "
        "(joblib pickles them between trustlab's own processes); nothing read from a user's "
        "file is ever unpickled"
    ),
    ("forked.py", "import pickle"): (
        "a fork of trustlab's own process sends back what it computed (trustlab's own objects) "
        "through a pipe that only the two processes hold; nothing read from a user's file is "
        "ever unpickled"
    ),
}

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "shelve", "marshal", "cloudpickle", "joblib"}
FORBIDDEN_ATTRS = {("yaml", "load"), ("yaml", "unsafe_load"), ("yaml", "full_load"),
                   ("yaml", "load_all"), ("yaml", "unsafe_load_all"), ("os", "system"),
                   ("os", "popen"), ("pd", "read_pickle"), ("pandas", "read_pickle"),
                   ("np", "load"), ("numpy", "load")}  # fmt: skip


def _findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names]
            module = node.module if isinstance(node, ast.ImportFrom) else None
            for name in [module, *names]:
                if name and name.split(".")[0] in FORBIDDEN_MODULES:
                    found.append(f"import {name}")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                found.append(f"{func.id}(")
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and (func.value.id, func.attr) in FORBIDDEN_ATTRS
            ):
                found.append(f"{func.value.id}.{func.attr}(")
            for keyword in node.keywords:
                if keyword.arg == "shell" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                ):
                    found.append("shell=True")
                if keyword.arg == "allow_pickle" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                ):
                    found.append("allow_pickle=True")
    return found


def test_the_scanner_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import pickle\nimport yaml, subprocess\neval('1')\nexec('x = 1')\nyaml.load(s)\n"
        "subprocess.run('ls', shell=True)\nfrom shelve import open\n"
    )
    assert sorted(_findings(bad)) == sorted(
        ["import pickle", "eval(", "exec(", "yaml.load(", "shell=True", "import shelve"]
    )


def test_source_has_no_eval_exec_pickle_unsafe_yaml_or_shell():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        for construct in _findings(path):
            if (relative, construct) not in ALLOWED:
                found.append(f"{relative}: {construct}")
    assert not found, "unsafe constructs in src/trustlab:\n" + "\n".join(found)


def test_source_text_has_no_unsafe_yaml_load():
    """A second, textual check: yaml.load( only ever with SafeLoader."""
    for path in SRC.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "yaml.load(" in line:
                assert "SafeLoader" in line, f"{path.name}:{number}: {line.strip()}"
