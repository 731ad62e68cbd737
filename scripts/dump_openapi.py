"""Print the API's OpenAPI document as JSON, built from ``luna_api``'s app factory.

No server, database or broker is needed: the document comes from the routes alone. The app's
client generator (``npm run api:generate`` in luna_app) reads it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from luna_api.core.config import ApiSettings  # noqa: E402
from luna_api.main import create_app  # noqa: E402


def main() -> None:
    # Development settings whatever this shell says: the routes do not depend on them, and a
    # production environment would refuse to build the app without its secrets.
    app = create_app(ApiSettings(environment="development"))
    json.dump(app.openapi(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
