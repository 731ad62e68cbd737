"""The registrar worker: consumes ``process_completed`` and writes results into MongoDB."""
