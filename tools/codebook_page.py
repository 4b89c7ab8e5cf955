"""Write docs/codebook.md, the reference of every codebook key, from the declarations the parser
uses (trustlab.input.codebook_keys). tests/input/test_codebook_keys.py fails when the page is
not current: run ``python tools/codebook_page.py`` after changing a key."""

from __future__ import annotations

from pathlib import Path

from trustlab.input.codebook_keys import reference_page

PAGE = Path(__file__).resolve().parents[1] / "docs" / "codebook.md"


def main() -> None:
    PAGE.write_text(reference_page(), encoding="utf-8")
    print(f"wrote {PAGE.name}")


if __name__ == "__main__":
    main()
