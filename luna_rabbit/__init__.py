"""LUNA's broker: topology, publish with confirms, consume with manual acks (pika)."""
