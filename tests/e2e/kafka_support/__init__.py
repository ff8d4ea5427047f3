"""Helpers for the Kafka change-feed end-to-end tests (tests/e2e/test_kafka.py).

- `broker`: the tansu broker process (a real Kafka-compatible broker on a free port) and the
  tools the tests need from the environment (TANSU_BIN, LANGFARM_LIBRDKAFKA).
- `consumer`: a confluent-kafka consumer reading whole topics from the beginning by manual
  partition assignment (no consumer group, so no ~24 s join).
- `contract`: the topics' JSON Schemas and the comparison of a message with the row the read
  API returns.
- `feed`: the server side of the change feed: health polling, outbox status, per-key ordering
  and duplicate analysis of what was consumed.
"""
