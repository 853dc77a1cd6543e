"""Italian is the default language and every catalogue is complete.

The public pages render in Italian with ?lang=it and without any Accept-Language, in English with
?lang=en; the Italian pages carry no English string that a catalogue translates; and every .po
file under app/**/translations has all its msgstr filled (an untranslated string fails the suite).
"""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.auth import services
from app.extensions import db
from app.i18n import catalogue_conflicts
from app.orgs import services as orgs
from tests.conftest import PASSWORD, login

APP = Path(__file__).resolve().parents[2] / "app"
PO_FILES = sorted(APP.glob("**/translations/*/LC_MESSAGES/*.po"))

# Key strings of each page, in Italian and in English.
PAGES = {
    "/": (
        [
            "Portale Innovazione Salute Lombardia",
            "Vai al contenuto",
            "Accedi",
            "Registrati",
            "Progetti finanziati",
            "Il portale è vuoto",
            "Consulta l'elenco",
            "Crea un account",
            "Fonti dei dati",
        ],
        [
            "Lombardy Health Innovation Portal",
            "Skip to content",
            "Log in",
            "Register",
            "Funded projects",
            "The portal is empty",
            "Browse the directory",
            "Create an account",
            "Data sources",
        ],
    ),
    "/orgs": (
        [
            "Elenco delle organizzazioni",
            "Ordina per",
            "Nome A-Z",
            "Tipologia",
            "Area di applicazione",
            "0 organizzazioni",
            "Nessuna organizzazione corrisponde alla ricerca",
            "Nome, competenza, comune…",
        ],
        [
            "Organisation directory",
            "Sort by",
            "Name A-Z",
            "Kind",
            "Application area",
            "0 organisations",
            "No organisation matches",
            "Name, competence, city…",
        ],
    ),
    "/auth/login": (
        ["Accedi", "Password dimenticata?", "Crea un account", "E-mail"],
        ["Log in", "Forgot your password?", "Create an account", "E-mail"],
    ),
    "/auth/register": (
        [
            "Crea un account",
            "Nome e cognome",
            "Da 12 a 128 caratteri; non una password comune, né il tuo nome o la tua e-mail.",
            "Lingua",
            "Già in possesso di un account?",
        ],
        [
            "Create an account",
            "Full name",
            "12 to 128 characters; not a common password, not your name or e-mail.",
            "Language",
            "Already registered?",
        ],
    ),
    "/about/data": (
        [
            "Fonti dei dati e licenze",
            "Registro delle start-up innovative",
            "Contenuti dimostrativi",
            "progetti, partecipazioni e organizzazioni",
        ],
        [
            "Data sources and licences",
            "Register of innovative start-ups",
            "Demo content",
            "projects, participations and organisations",
        ],
    ),
}

_ATTRS = re.compile(r'\b(?:placeholder|aria-label|title|data-confirm|alt)="([^"]*)"')


def _page(client, path: str, **kw) -> tuple[str, str]:
    """(raw HTML, unescaped HTML) of a page that must answer 200."""
    resp = client.get(path, **kw)
    assert resp.status_code == 200, (path, resp.status_code)
    body = resp.get_data(as_text=True)
    return body, html_lib.unescape(body)


def _visible_texts(body: str) -> list[str]:
    """Text nodes and user-visible attribute values of a page."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    texts = [html_lib.unescape(v).strip() for v in _ATTRS.findall(body)]
    texts += [html_lib.unescape(t).strip() for t in re.sub(r"<[^>]+>", "\n", body).splitlines()]
    return [t for t in texts if t]


def _english_msgids() -> set[str]:
    """English source strings whose Italian translation differs from them."""
    out = set()
    for po in PO_FILES:
        with po.open("rb") as fh:
            catalog = read_po(fh)
        for m in catalog:
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            for msgid in ids:
                if "%(" not in msgid and msgid not in strings:
                    out.add(msgid)
    return out


def _lang_attr(body: str) -> str:
    m = re.search(r'<html lang="([^"]*)"', body)
    assert m, "no <html lang=...>"
    return m.group(1)


@pytest.mark.parametrize("path", list(PAGES))
def test_page_in_italian(client, path):
    body, text = _page(client, f"{path}?lang=it")
    assert _lang_attr(body) == "it"
    missing = [s for s in PAGES[path][0] if s not in text]
    assert not missing, f"{path}: Italian strings missing: {missing}"


@pytest.mark.parametrize("path", list(PAGES))
def test_italian_page_has_no_translated_english_left(client, path):
    body, _text = _page(client, f"{path}?lang=it")
    english = _english_msgids()
    long_ones = [e for e in english if len(e.split()) >= 3]
    leftovers = set()
    for t in _visible_texts(body):
        if t in english:
            leftovers.add(t)
        leftovers.update(e for e in long_ones if e in t)
    assert not leftovers, f"{path}: English strings on the Italian page: {sorted(leftovers)}"


@pytest.mark.parametrize("path", list(PAGES))
def test_page_in_english(client, path):
    body, text = _page(client, f"{path}?lang=en")
    assert _lang_attr(body) == "en"
    missing = [s for s in PAGES[path][1] if s not in text]
    assert not missing, f"{path}: English strings missing: {missing}"
    italian = [s for s in PAGES[path][0] if s not in PAGES[path][1] and s in text]
    assert not italian, f"{path}: Italian strings on the English page: {italian}"


@pytest.mark.parametrize("path", list(PAGES))
def test_default_language_is_italian(client, path):
    body, text = _page(client, path, headers={"Accept-Language": ""})  # no preference
    assert _lang_attr(body) == "it"
    assert all(s in text for s in PAGES[path][0]), path


def test_browser_language_and_explicit_choice(client):
    body, text = _page(client, "/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert _lang_attr(body) == "en" and "Browse the directory" in text
    body, text = _page(client, "/?lang=it", headers={"Accept-Language": "en"})
    assert _lang_attr(body) == "it" and "Consulta l'elenco" in text
    # The choice is kept in the session for the next pages.
    body, text = _page(client, "/auth/login", headers={"Accept-Language": "en"})
    assert _lang_attr(body) == "it" and "Password dimenticata?" in text


def test_catalogues_exist():
    found = {p.relative_to(APP).as_posix() for p in PO_FILES}
    for pkg in ("translations", "auth/translations", "orgs/translations", "partners/translations"):
        assert f"{pkg}/it/LC_MESSAGES/messages.po" in found


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.relative_to(APP).as_posix())
def test_catalogue_is_complete(po):
    with po.open("rb") as fh:
        catalog = read_po(fh)
    assert str(catalog.locale) == po.parts[-3]
    if catalog.locale.language == "it":
        assert catalog.num_plurals == 2, catalog.plural_forms
    empty, fuzzy = [], []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if isinstance(m.id, tuple) and len(strings) != catalog.num_plurals:
            empty.append(m.id[0])
        elif not all(s and s.strip() for s in strings):
            empty.append(m.id[0] if isinstance(m.id, tuple) else m.id)
        if m.fuzzy:
            fuzzy.append(m.id)
    assert not empty, f"{po}: untranslated: {empty}"
    assert not fuzzy, f"{po}: fuzzy (not used at run time): {fuzzy}"
    errors = [(m.id, [str(e) for e in errs]) for m, errs in catalog.check()]
    assert not errors, f"{po}: placeholder errors: {errors}"


def test_every_marked_string_has_an_italian_translation(tmp_path):
    """Extract every _()/lazy_gettext string of app/ and look it up in the merged catalogues."""
    root = APP.parent
    pot = tmp_path / "all.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(root / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            str(root),
        ],
        check=True,
        capture_output=True,
        cwd=root,
    )
    known = set()
    for po in PO_FILES:
        with po.open("rb") as fh:
            known |= {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    with pot.open("rb") as fh:
        missing = [
            f"{m.locations[0][0] if m.locations else '?'}: {m.id}"
            for m in read_po(fh)
            if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in known
        ]
    assert not missing, "strings without an Italian translation:\n" + "\n".join(missing)


def test_no_two_catalogues_translate_one_entry_differently():
    """The packages' catalogues are merged into one: a msgid two packages translate
    differently must carry a msgctxt (issue 17: the partners page showed "Tutti")."""
    assert catalogue_conflicts() == []


def test_the_partners_kind_filter_reads_tutte(client):

    user = services.register_user(
        {"email": "kinds@example.org", "name": "Kinds", "password": PASSWORD}
    )
    org = orgs.create_org(user, {"name": "Kinds Lab", "kind": "startup"})
    db.session.commit()
    login(client, "kinds@example.org")
    html = client.get(f"/orgs/{org.slug}/partners?lang=it").get_data(as_text=True)
    assert ">Tutte<" in html and ">Tutti<" not in html
