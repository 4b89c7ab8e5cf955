"""The errors the command line shows most often, in the user's language.

The library words its errors in English (``TrustlabError`` messages, kept as they are for
Python users and their searches); the command line shows them in ``--lang``: each known error
by its pattern in the catalogue below, a data-file problem through
:func:`trustlab.report.notices.problem_text`, anything else as the library worded it.
"""

from __future__ import annotations

import re
import shlex

from trustlab.messages import check_lang
from trustlab.report.notices import dutch_phrases, problem_text

__all__ = ["ERRORS", "error_text", "with_options"]

#: (pattern of the English message after the file's name, its words in Dutch).
ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"file not found\."), "bestand niet gevonden."),
    (re.compile(r"codebook file not found\."), "codeboek niet gevonden."),
    (re.compile(r"not a file \(is it a folder\?\)\."), "geen bestand (is het een map?)."),
    (re.compile(r"the file is empty\."), "het bestand is leeg."),
    (re.compile(r"the file has a header but no respondents \(0 data rows\)\."),
     "het bestand heeft een kopregel maar geen respondenten (0 rijen met gegevens)."),
    (re.compile(r"trustlab cannot read (?P<ext>.+?) files\. Expected one of: (?P<list>.+)\."),
     "trustlab kan geen {ext}-bestanden lezen. Verwacht: een van {list}."),
    (re.compile(r"permission denied; cannot read the file\."),
     "geen toegang; het bestand kan niet gelezen worden."),
    (re.compile(r"file exists; use --force to overwrite it\."),
     "het bestand bestaat al; gebruik --force om het te overschrijven."),
    (re.compile(r"the folder exists and is not empty; use --force to replace trustlab's files in "
                r"it \(other files are kept\), or choose another folder with --out\."),
     "de map bestaat al en is niet leeg; gebruik --force om de bestanden van trustlab erin te "
     "vervangen (andere bestanden blijven), of kies een andere map met --out."),
    (re.compile(r"exists and is not a folder\."), "bestaat al en is geen map."),
    (re.compile(r"required column (?P<col>'[^']*') not found(?: \(also missing: (?P<also>.+?)\))?"
                r"\.(?: Did you mean (?P<hint>'[^']*')\?)? The file has: (?P<cols>.+)\. Rename the "
                r"column in the file or describe your columns in a codebook \((?P<cmd>.+)\)\.",
                re.DOTALL),
     "verplichte kolom {col} niet gevonden{also}.{hint} Het bestand heeft: {cols}. Hernoem de "
     "kolom in het bestand of beschrijf je kolommen in een codeboek ({cmd})."),
]  # fmt: skip

_ALSO = re.compile(r"\nAlso found (?P<n>\d+) other problem\(s\): (?P<listed>.+?)"
                   r"(?P<more> and \d+ more)?\. Run (?P<cmd>`[^`]+`) to see them all\.$",
                   re.DOTALL)  # fmt: skip


def error_text(message: str, lang: str) -> str:
    """An error message of the library in ``lang``.

    Examples
    --------
    >>> error_text("d.csv: file not found.", "nl")
    'd.csv: bestand niet gevonden.'
    """
    if check_lang(lang) == "en":
        return message
    tail = ""
    also = _ALSO.search(message)
    if also:
        message = message[: also.start()]
        more = also["more"] or ""
        more = more.replace(" and ", " en nog ") if more else ""
        others = "ander probleem" if also["n"] == "1" else "andere problemen"
        tail = (f"\nNog {also['n']} {others}: "
                f"{dutch_phrases(also['listed'])}{more}. Voer {also['cmd']} uit om ze "
                "allemaal te zien.")  # fmt: skip
    for head, _, rest in _splits(message):
        for pattern, dutch in ERRORS:
            found = pattern.fullmatch(rest)
            if found:
                fields = {k: v or "" for k, v in found.groupdict().items()}
                if fields.get("also"):
                    fields["also"] = f" (ook ontbrekend: {fields['also']})"
                if fields.get("hint"):
                    fields["hint"] = f" Bedoel je {fields['hint']}?"
                return head + dutch.format(**fields) + tail
        translated = problem_text(rest, lang)
        if translated != rest:
            return head + translated + tail
    return message + tail


def with_options(
    message: str, *, data: str | None = None, codebook: str | None = None,
    sheet: str | None = None, lang: str | None = None,
) -> str:  # fmt: skip
    """``message`` with the library's advice to run a command given the user's own options.

    The library says ``Run `python -m trustlab validate FILE` ...`` knowing only the file; the
    command line repeats the codebook, worksheet and language the user gave, quoted for the
    shell.

    Examples
    --------
    >>> with_options("Run `python -m trustlab validate d.csv` to see them all.", data="d.csv",
    ...              codebook="my cb.yaml", lang="en")
    "Run `python -m trustlab validate d.csv --codebook 'my cb.yaml' --lang en` to see them all."
    """
    if not data:
        return message
    file = [shlex.quote(str(data))]
    sheets = ["--sheet", shlex.quote(str(sheet))] if sheet not in (None, "0", 0) else []
    codebooks = ["--codebook", shlex.quote(str(codebook))] if codebook else []
    langs = ["--lang", lang] if lang not in (None, "nl") else []
    validate = " ".join(["python -m trustlab validate", *file, *codebooks, *sheets, *langs])
    message = re.sub(r"`python -m trustlab validate [^`]*`", lambda _: f"`{validate}`", message)
    init = " ".join(["python -m trustlab codebook init", *file, *sheets, "-o codebook.yaml"])
    return message.replace("python -m trustlab codebook init FILE", init)


def _splits(message: str):
    """``(file + ": ", ":", rest)`` for every ``: `` the file's name may end at, shortest first
    (a file name may itself hold ``: ``); and the whole message without a file name."""
    yield "", "", message
    start = 0
    while (i := message.find(": ", start)) >= 0:
        yield message[: i + 2], ":", message[i + 2 :]
        start = i + 1
