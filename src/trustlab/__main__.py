"""``python -m trustlab``: the command-line interface."""

from trustlab.cli import run

if __name__ == "__main__":
    run()
