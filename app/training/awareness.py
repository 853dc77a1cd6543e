"""The public "why share your health data" section: topics and DUO codes in plain language.

Long prose lives in one template per language (``training/aware/<topic>.<lang>.html``); the
plain-language meaning of each DUO code the catalogue uses is kept here, next to its code.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TOPICS = {
    "consent": _l("Consent: what you agree to"),
    "anonymisation": _l("Anonymised or pseudonymised data"),
    "consent-codes": _l("What the consent codes mean"),
    "rights": _l("Your rights under the GDPR and the EHDS"),
}

DUO_PLAIN = {
    "DUO:0000004": _l("Anyone may use the data, for any purpose."),
    "DUO:0000042": _l("The data may be used for any kind of research."),
    "DUO:0000006": _l(
        "Only for health, medical or biomedical research; not, for example, to study ancestry."
    ),
    "DUO:0000007": _l("Only for research on the disease named by the dataset."),
    "DUO:0000011": _l("Only to study where populations come from or ancestry."),
    "DUO:0000043": _l("Only to care for patients, not for research."),
    "DUO:0000018": _l("Only not-for-profit use, with no commercial purpose."),
    "DUO:0000046": _l("No commercial use, whoever the user is."),
    "DUO:0000045": _l("Only not-for-profit organisations (such as universities) may use it."),
    "DUO:0000015": _l("Not for research on general methods, only on the stated subject."),
    "DUO:0000019": _l("Whoever uses the data must publish the results."),
    "DUO:0000021": _l("An ethics committee must approve each use."),
    "DUO:0000020": _l("The users must work with the team that collected the data."),
    "DUO:0000028": _l("Only the institutions named by the data holder may use it."),
    "DUO:0000025": _l("Use is allowed only for a limited time."),
    "DUO:0000029": _l("Results or derived data must be given back to the data holder."),
}
