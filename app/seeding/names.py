"""Normalisation of real-data fields: name casing, hospital names, Italian province codes."""

from __future__ import annotations

import re

# Words that name a hospital in the languages found in the data. A match turns any activity
# type into research_hospital (IRCCS, university hospitals, NHS trusts, Kliniken...).
HOSPITAL_RE = re.compile(
    r"ospedal|irccs|policlinic|hospital|casa di cura|istituto clinico|\bclinic\b|klinik"
    r"|ziekenhuis|krankenhaus|sjukhus|nemocnic|bolnisnic|nhs (foundation )?trust"
    r"|medical cent(er|re)|azienda socio.sanitaria|\basst\b",
    re.IGNORECASE,
)


# Kept in capitals (legal forms and well-known acronyms); compared without dots.
_UPPER = {
    "SRL",
    "SPA",
    "SNC",
    "SAS",
    "SCARL",
    "SCRL",
    "SRLS",
    "SPC",
    "SL",
    "SA",
    "SAU",
    "SLU",
    "AG",
    "BV",
    "NV",
    "AB",
    "AS",
    "ASA",
    "APS",
    "OY",
    "OYJ",
    "SE",
    "KG",
    "EV",
    "VZW",
    "ASBL",
    "IVZW",
    "PLC",
    "LLC",
    "LLP",
    "CIC",
    "UK",
    "EU",
    "USA",
    "IRCCS",
    "ONLUS",
    "ASST",
    "ATS",
    "ASL",
    "CNR",
    "INFN",
    "ENEA",
    "CNRS",
    "INSERM",
    "CSIC",
    "TNO",
    "VTT",
    "NHS",
    "IT",
    "ICT",
    "R&D",
    "IEO",
    "CNAO",
    "EPE",
    "GIP",
    "SARL",
    "AISBL",
    "IIT",
    "SIRM",
    "AOU",
    "AO",
    "EEIG",
    "GEIE",
    "CEA",
    "DLR",
    "ETH",
    "EPFL",
    "KU",
    "UCL",
    "MRC",
    "EMBL",
    "INT",
    "ISS",
    "FBK",
    "RSE",
}
_MIXED = {
    "GMBH": "GmbH",
    "GGMBH": "gGmbH",
    "LTD": "Ltd",
    "INC": "Inc",
    "CO": "Co",
    "MBH": "mbH",
    "KFT": "Kft",
    "ZRT": "Zrt",
    "SRO": "s.r.o.",
    "DOO": "d.o.o.",
}
# Lowercase inside a name (Italian, French, Spanish, German, English, Dutch particles).
_SMALL = {
    "di",
    "del",
    "della",
    "dello",
    "dei",
    "degli",
    "delle",
    "e",
    "ed",
    "per",
    "in",
    "a",
    "al",
    "alla",
    "allo",
    "da",
    "dal",
    "con",
    "su",
    "sul",
    "sulla",
    "de",
    "la",
    "le",
    "les",
    "du",
    "des",
    "et",
    "y",
    "el",
    "los",
    "las",
    "der",
    "die",
    "das",
    "und",
    "für",
    "fur",
    "zu",
    "of",
    "the",
    "and",
    "for",
    "van",
    "voor",
    "en",
    "het",
    "op",
    "i",
}
_VOWELS = set("AEIOUY")
_ELIDED = {"d", "l", "dell", "dall", "nell", "sull", "all", "un", "s"}


def _case_word(word: str, first: bool) -> str:
    bare = word.replace(".", "").replace(",", "").upper()
    if bare in _UPPER or (word.endswith(".") and len(bare) <= 3 and "." in word[:-1]):
        return word.upper()
    if bare in _MIXED:
        return _MIXED[bare] + ("," if word.endswith(",") else "")
    if any(ch.isdigit() for ch in word):
        return word.upper()
    letters = [ch for ch in bare if ch.isalpha()]
    # Acronyms without vowels (TRT, PMC) stay in capitals.
    if letters and len(letters) <= 5 and not (set(letters) & _VOWELS):
        return word.upper()
    if not first and word.lower() in _SMALL:
        return word.lower()
    return "-".join(_cap(part, first) for part in word.split("-"))


def _cap(part: str, first: bool) -> str:
    # "DELL'INSUBRIA" -> "dell'Insubria", "D'ANNUNZIO" -> "D'Annunzio", "UNIVERSITA'" stays.
    low = part.lower()
    head, sep, tail = low.partition("'")
    if sep and tail:
        head = head if (not first and head in _ELIDED) else head.capitalize()
        return f"{head}'{tail.capitalize()}"
    return low[:1].upper() + low[1:]


def unquote_field(value: str) -> str:
    """A value that the data still holds CSV-quoted once more (14 Horizon Europe legal names:
    the name in quotes with its own quotes doubled) as the text it stands for, e.g.
    'PrJSC "MHP EKO ENERGY"'."""
    if len(value) > 1 and value[0] == value[-1] == '"' and '""' in value:
        return value[1:-1].replace('""', '"')
    return value


def tidy_name(name: str) -> str:
    """Title-case a name written in capitals; leave mixed-case names as the data has them."""
    name = unquote_field(re.sub(r"\s+", " ", (name or "")).strip())
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or any(ch.islower() for ch in letters):
        return name
    words = name.split(" ")
    return " ".join(_case_word(w, i == 0) for i, w in enumerate(words))


def tidy_place(place: str) -> str:
    """'TREZZANO SUL NAVIGLIO' -> 'Trezzano sul Naviglio'; mixed-case input is kept."""
    return tidy_name(place)


# ISTAT province name -> two-letter code (Italy, 2024 list, with the names used in the data).
PROVINCE_CODES = {
    "Agrigento": "AG",
    "Alessandria": "AL",
    "Ancona": "AN",
    "Aosta": "AO",
    "Arezzo": "AR",
    "Ascoli Piceno": "AP",
    "Asti": "AT",
    "Avellino": "AV",
    "Bari": "BA",
    "Barletta-Andria-Trani": "BT",
    "Belluno": "BL",
    "Benevento": "BN",
    "Bergamo": "BG",
    "Biella": "BI",
    "Bologna": "BO",
    "Bolzano": "BZ",
    "Bolzano/Bozen": "BZ",
    "Brescia": "BS",
    "Brindisi": "BR",
    "Cagliari": "CA",
    "Caltanissetta": "CL",
    "Campobasso": "CB",
    "Caserta": "CE",
    "Catania": "CT",
    "Catanzaro": "CZ",
    "Chieti": "CH",
    "Como": "CO",
    "Cosenza": "CS",
    "Cremona": "CR",
    "Crotone": "KR",
    "Cuneo": "CN",
    "Enna": "EN",
    "Fermo": "FM",
    "Ferrara": "FE",
    "Firenze": "FI",
    "Foggia": "FG",
    "Forli'-Cesena": "FC",
    "Forlì-Cesena": "FC",
    "Frosinone": "FR",
    "Genova": "GE",
    "Gorizia": "GO",
    "Grosseto": "GR",
    "Imperia": "IM",
    "Isernia": "IS",
    "L'Aquila": "AQ",
    "La Spezia": "SP",
    "Latina": "LT",
    "Lecce": "LE",
    "Lecco": "LC",
    "Livorno": "LI",
    "Lodi": "LO",
    "Lucca": "LU",
    "Macerata": "MC",
    "Mantova": "MN",
    "Massa Carrara": "MS",
    "Massa-Carrara": "MS",
    "Matera": "MT",
    "Messina": "ME",
    "Milano": "MI",
    "Modena": "MO",
    "Monza e della Brianza": "MB",
    "Napoli": "NA",
    "Novara": "NO",
    "Nuoro": "NU",
    "Oristano": "OR",
    "Padova": "PD",
    "Palermo": "PA",
    "Parma": "PR",
    "Pavia": "PV",
    "Perugia": "PG",
    "Pesaro e Urbino": "PU",
    "Pescara": "PE",
    "Piacenza": "PC",
    "Pisa": "PI",
    "Pistoia": "PT",
    "Pordenone": "PN",
    "Potenza": "PZ",
    "Prato": "PO",
    "Ragusa": "RG",
    "Ravenna": "RA",
    "Reggio di Calabria": "RC",
    "Reggio Calabria": "RC",
    "Reggio nell'Emilia": "RE",
    "Reggio Emilia": "RE",
    "Rieti": "RI",
    "Rimini": "RN",
    "Roma": "RM",
    "Rovigo": "RO",
    "Salerno": "SA",
    "Sassari": "SS",
    "Savona": "SV",
    "Siena": "SI",
    "Siracusa": "SR",
    "Sondrio": "SO",
    "Sud Sardegna": "SU",
    "Taranto": "TA",
    "Teramo": "TE",
    "Terni": "TR",
    "Torino": "TO",
    "Trapani": "TP",
    "Trento": "TN",
    "Treviso": "TV",
    "Trieste": "TS",
    "Udine": "UD",
    "Varese": "VA",
    "Venezia": "VE",
    "Verbano-Cusio-Ossola": "VB",
    "Vercelli": "VC",
    "Verona": "VR",
    "Vibo Valentia": "VV",
    "Vicenza": "VI",
    "Viterbo": "VT",
}


def province_code(name: str) -> str | None:
    """Two-letter code of an Italian province name, or the name itself if unknown."""
    name = (name or "").strip()
    if not name:
        return None
    return PROVINCE_CODES.get(name, name)
