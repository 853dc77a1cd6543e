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
