"""Running LUNA for tests and benchmarks: real services made fresh for a run, the platform's
processes started the one way ``luna-local`` starts them, photo-like images, and the submit
protocol without the API. Not part of any service image."""
