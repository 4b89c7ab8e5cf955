"""``python -m trustlab``: the command-line interface."""

from trustlab.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
