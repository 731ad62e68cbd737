"""LUNA's broker, on pika.

- ``topology``: exchanges, queues and their arguments (``definitions.json`` holds the same).
- ``connection``: connections and channels, and the errors that mean the broker is away.
- ``publishing``: persistent publishes with confirms (``Publisher``, ``PublisherPool``).
- ``consuming``: batches of deliveries with manual acks (``consume_batches``).
- ``worker_lifecycle``: how a worker stops (signals).
"""
