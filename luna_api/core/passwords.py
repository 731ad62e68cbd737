"""The password rules: at least 12 characters, not the username or e-mail, not a common password.

The common passwords are zxcvbn's list (the 30,000 most frequent passwords of public leaks, as
curated for Dropbox's zxcvbn): a maintained list from a package, not one written by hand here.
"""

from __future__ import annotations

from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
RULES = f"at least {MIN_LENGTH} characters, not the username or e-mail, and not a common password"


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(
    password: str, *, username: str | None = None, email: str | None = None
) -> str | None:
    """Why ``password`` breaks the rules, in plain words; None when it keeps them."""
    if len(password) < MIN_LENGTH:
        return f"The password must have at least {MIN_LENGTH} characters"
    folded = password.strip().casefold()
    for name, value in (("username", username), ("e-mail", email)):
        if value and folded == value.strip().casefold():
            return f"The password must not be the {name}"
    if email and folded == email.split("@", 1)[0].strip().casefold():
        return "The password must not be the e-mail's name"
    if folded in _common_passwords():
        return "The password is one of the most common passwords; choose another"
    return None
