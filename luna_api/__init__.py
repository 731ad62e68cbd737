"""LUNA's REST API: JWT sign-in against PostgreSQL, image intake, results from MongoDB."""
