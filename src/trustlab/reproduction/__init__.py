"""The published study: its findings F1-F9, the evidence for each in a data set, and verdicts."""

from __future__ import annotations

from trustlab.reproduction.reproduce import Reproduction, reproduce

__all__ = ["Reproduction", "reproduce"]
