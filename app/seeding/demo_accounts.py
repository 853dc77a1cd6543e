"""Demo accounts created by `flask seed` and printed by `make run`."""

# Meets the password policy (app/auth/passwords.py): 12+ characters, not a common password,
# not containing the accounts' names ("Demo ...") or e-mails.
DEMO_PASSWORD = "lombardia-salute-2026"

# (e-mail, global role, password, what the account is for)
DEMO_ACCOUNTS = [
    ("admin@demo.portale.example", "admin", DEMO_PASSWORD, "administrator"),
    ("staff@demo.portale.example", "staff", DEMO_PASSWORD, "Region staff"),
    ("startup@demo.portale.example", "member", DEMO_PASSWORD, "owner of a demo start-up"),
    ("company@demo.portale.example", "member", DEMO_PASSWORD, "owner of a demo company"),
    ("university@demo.portale.example", "member", DEMO_PASSWORD, "owner of a demo university lab"),
    ("hospital@demo.portale.example", "member", DEMO_PASSWORD, "owner of a demo research hospital"),
    ("member@demo.portale.example", "member", DEMO_PASSWORD, "member without an organisation"),
]


def account_lines() -> list[str]:
    """The demo accounts as printed by `flask demo-accounts` and `make run`."""
    lines = ["Demo accounts (password for all: see below)"]
    for email, role, password, what in DEMO_ACCOUNTS:
        lines.append(f"  {email:<36} {password:<16} {role:<7} {what}")
    return lines


if __name__ == "__main__":  # `make run` prints them without starting the app
    print("\n".join(account_lines()))
