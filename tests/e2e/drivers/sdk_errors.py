"""Collecting a client SDK's logged errors, shared by the drivers.

Why: the Langfuse SDKs log a failed export instead of raising, so a driver that only
watched exceptions would report success for data the server never took.
"""

import logging


class ErrorCollector(logging.Handler):
    """The SDKs log failed exports instead of raising; collect them to fail loudly."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def collect_errors() -> ErrorCollector:
    """Install a collector on the root logger, where every SDK's loggers end up."""
    collector = ErrorCollector()
    logging.getLogger().addHandler(collector)
    return collector
