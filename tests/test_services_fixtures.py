"""The test services themselves answer: a broken fixture must fail loudly, not skip."""

import pika
import psycopg
from pymongo import MongoClient


def test_postgres_database_is_empty_and_writable(postgres_url: str) -> None:
    with psycopg.connect(postgres_url.replace("+psycopg", "")) as conn:
        tables = conn.execute(
            "select count(*) from information_schema.tables where table_schema='public'"
        ).fetchone()
    assert tables is not None


def test_rabbitmq_vhost_accepts_a_channel(rabbitmq_url: str) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(rabbitmq_url))
    try:
        assert connection.channel().is_open
    finally:
        connection.close()


def test_mongo_server_round_trips_a_document(mongo_url: str) -> None:
    with MongoClient(mongo_url) as client:
        client.t.c.insert_one({"_id": "x", "v": 1})
        assert client.t.c.find_one({"_id": "x"})["v"] == 1
