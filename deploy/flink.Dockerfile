# syntax=docker/dockerfile:1
# Flink with the Kafka SQL connector and Paimon: the image of the jobmanager, the taskmanager
# and the job submitter in docker-compose.yml. The versions must match each other: the Paimon
# jar is built for one Flink minor (paimon-flink-1.20), the Kafka connector too (-1.20).
ARG FLINK_IMAGE=flink:1.20.3-scala_2.12-java17
FROM ${FLINK_IMAGE}

ARG PAIMON_VERSION=1.2.0
ARG KAFKA_CONNECTOR_VERSION=3.3.0-1.20
# Paimon's quick start puts Flink's pre-bundled Hadoop next to it for its file formats.
ARG HADOOP_UBER_VERSION=2.8.3-10.0
ARG MAVEN=https://repo1.maven.org/maven2

# 644: files ADDed from a URL are private to root, and Flink runs as the flink user.
ADD --chmod=644 ${MAVEN}/org/apache/paimon/paimon-flink-1.20/${PAIMON_VERSION}/paimon-flink-1.20-${PAIMON_VERSION}.jar /opt/flink/lib/
ADD --chmod=644 ${MAVEN}/org/apache/flink/flink-sql-connector-kafka/${KAFKA_CONNECTOR_VERSION}/flink-sql-connector-kafka-${KAFKA_CONNECTOR_VERSION}.jar /opt/flink/lib/
ADD --chmod=644 ${MAVEN}/org/apache/flink/flink-shaded-hadoop-2-uber/${HADOOP_UBER_VERSION}/flink-shaded-hadoop-2-uber-${HADOOP_UBER_VERSION}.jar /opt/flink/lib/

# The Paimon warehouse volume: owned by the flink user, which the Flink processes run as (a new
# named volume takes the owner of the image's directory it is mounted on).
RUN mkdir -p /warehouse && chown flink:flink /warehouse
