"""The Kafka fixtures the change-feed tests share: a broker (tansu, a separate process on a free
port), librdkafka for the server, and consumers of the three topics. Test modules import them."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import _test_failed

from .broker import TansuBroker, free_port, librdkafka_library, tansu_binary
from .consumer import TopicReader


@pytest.fixture
def librdkafka() -> Path:
    """librdkafka >= 2.2 for the server (Debian's 2.0.2 cannot talk to tansu)."""
    return librdkafka_library()


@pytest.fixture
def broker_address(tmp_path: Path, request) -> Iterator[TansuBroker]:
    """A broker on a reserved port, not started: the server may start while it is down."""
    broker = TansuBroker(binary=tansu_binary(), port=free_port(), log_path=tmp_path / "tansu.log")
    yield broker
    broker.kill()
    if _test_failed(request.node):
        print(broker.log_tail())


@pytest.fixture
def broker(broker_address: TansuBroker) -> TansuBroker:
    """A running broker."""
    broker_address.start()
    return broker_address


@pytest.fixture
def open_reader(broker_address: TansuBroker) -> Iterator[Callable[[], TopicReader]]:
    """Opens consumers of the three topics (from offset 0); closed before the broker stops."""
    readers: list[TopicReader] = []

    def open_() -> TopicReader:
        reader = TopicReader(broker_address.bootstrap)
        readers.append(reader)
        return reader

    yield open_
    for reader in readers:
        reader.close()
