"""The analyzer worker: consumes ``process_pending``, scores images, publishes results."""
