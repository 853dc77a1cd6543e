"""Translatable labels of organisation vocabularies (used by forms, templates and facets)."""

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "university": _l("University"),
    "research_hospital": _l("Research hospital"),
    "research_institute": _l("Research institute"),
    "company": _l("Company"),
    "startup": _l("Start-up"),
    "public_body": _l("Public body"),
    "other": _l("Other"),
}
AREA_LABELS = {
    "diagnostics": _l("Diagnostics"),
    "genomics": _l("Genomics & genetic research"),
    "drug_discovery": _l("Drug discovery & development"),
    "predictive_maintenance_iot": _l("Predictive maintenance / IoT"),
    "digital_health": _l("Digital health & telemedicine"),
    "medical_devices": _l("Medical devices"),
    "clinical_data": _l("Clinical data & interoperability"),
    "ai_imaging": _l("AI for medical imaging"),
    "rehabilitation_ageing": _l("Rehabilitation & active ageing"),
    "public_health": _l("Public health & epidemiology"),
}
SIZE_LABELS = {
    "micro": _l("Micro (<10)"),
    "small": _l("Small (10-49)"),
    "medium": _l("Medium (50-249)"),
    "large": _l("Large (250+)"),
}
FIELD_LABELS = {
    "description": _l("Description"),
    "competences": _l("Competences"),
    "offers": _l("What we offer"),
    "seeks": _l("What we seek"),
    "areas": _l("Application areas"),
    "trl_min": _l("TRL range"),
    "province": _l("Province"),
    "city": _l("City"),
    "website": _l("Website"),
    "founded": _l("Founded"),
    "size_band": _l("Size"),
}
