"""``python -m luna_api.audit verify``: check the audit trail's hash chain.

Exit 0 when every event is in place and unchanged; 1 with the first broken event otherwise;
2 when the users database cannot be reached.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from luna_api.audit.trail import AuditTrail
from luna_api.core import db
from luna_api.core.config import ApiSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m luna_api.audit")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check that no audit event was changed or removed")
    verify.add_argument("--database-url", help="default: LUNA_DATABASE_URL")
    args = parser.parse_args(argv)

    engine = db.make_engine(args.database_url or ApiSettings().database_url)
    try:
        checked, problem = AuditTrail(engine).verify()
    except SQLAlchemyError as exc:
        print(f"cannot read the audit trail: {type(exc).__name__}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    if problem is not None:
        print(f"audit trail BROKEN at event {checked}: {problem}")
        return 1
    print(f"audit trail intact: {checked} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
