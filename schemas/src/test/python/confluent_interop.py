#!/usr/bin/python3
"""Interop peer for ConfluentPythonInteropIT: Confluent's own Python client (legacy confluent_kafka.avro API).

  consume BOOTSTRAP REGISTRY TOPIC            decode one record with AvroConsumer, print it as JSON on stdout
  produce BOOTSTRAP REGISTRY TOPIC SCHEMA_FILE VALUE_JSON_FILE
                                              encode one record with AvroProducer (null key)

Run with Debian's /usr/bin/python3 (python3-confluent-kafka, python3-avro). Exits non-zero with a message on
stderr when anything fails, so the Java test can show why.
"""
import datetime
import json
import sys
import time

from confluent_kafka import avro
from confluent_kafka.avro import AvroConsumer, AvroProducer


def to_json(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return int(value.timestamp() * 1000)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError("cannot encode %r" % (value,))


def consume(bootstrap, registry, topic):
    consumer = AvroConsumer({
        "bootstrap.servers": bootstrap,
        "schema.registry.url": registry,
        "group.id": "python-interop-%d" % int(time.time() * 1000),
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    })
    consumer.subscribe([topic])
    deadline = time.time() + 60
    try:
        while time.time() < deadline:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                sys.exit("consume error: %s" % msg.error())
            print(json.dumps({"key": msg.key(), "value": msg.value()}, default=to_json, sort_keys=True))
            return
        sys.exit("no record on %s within 60 s" % topic)
    finally:
        consumer.close()


def produce(bootstrap, registry, topic, schema_file, value_file):
    with open(schema_file, encoding="utf-8") as f:
        schema = avro.loads(f.read())
    with open(value_file, encoding="utf-8") as f:
        value = json.load(f)
    # The Avro library expects datetimes for timestamp-millis fields.
    for name in ("display_time", "observed_time", "created_time"):
        if isinstance(value.get(name), int):
            value[name] = datetime.datetime.fromtimestamp(value[name] / 1000, tz=datetime.timezone.utc)
    producer = AvroProducer(
        {"bootstrap.servers": bootstrap, "schema.registry.url": registry},
        default_value_schema=schema,
    )
    errors = []
    producer.produce(topic=topic, value=value, on_delivery=lambda err, _msg: err and errors.append(err))
    remaining = producer.flush(30)
    if remaining or errors:
        sys.exit("produce failed: %s (%d undelivered)" % (errors, remaining))


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "consume":
        consume(*sys.argv[2:5])
    elif len(sys.argv) >= 7 and sys.argv[1] == "produce":
        produce(*sys.argv[2:7])
    else:
        sys.exit(__doc__)
