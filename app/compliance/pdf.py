"""The assessment result as a PDF (fpdf2, core fonts)."""

from __future__ import annotations

from fpdf import FPDF

from app.public.formatting import format_day, format_dt

# Core PDF fonts cover Latin-1: replace the few typographic characters outside it.
_SUBST = str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'", "–": "-", "—": "-", "…": "..."})


def _t(value) -> str:
    return str(value).translate(_SUBST).encode("latin-1", "replace").decode("latin-1")


def assessment_pdf(rep: dict, labels: dict) -> bytes:
    """Render the report dict of :func:`app.compliance.services.report`; `labels` holds the
    translated headings."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text: str, size: int = 10, style: str = "") -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, size * 0.5, _t(text))
        pdf.ln(1)

    para(labels["title"], 15, "B")
    para(f"{rep['organisation']} - {rep['product']} (v{rep['version']})", 11, "B")
    para(
        f"{labels['rules']}: {rep['rules_version']} ({format_day(rep['rules_date'])})"
        f" - {format_dt(rep['created_at'])}"
    )
    if rep["is_demo"]:
        para("DEMO", 10, "B")
    para(rep["disclaimer"], 9, "I")
    para(labels["obligations"], 12, "B")
    if not rep["obligations"]:
        para(labels["none"])
    for ob in rep["obligations"]:
        para(f"- {ob['title']}", 10, "B")
        para(f"  {ob['ref']} - {labels['from']} {format_day(ob['applies_from'])}", 9)
    para(labels["prepare"], 12, "B")
    for item in rep["prepare"]:
        para(f"- {item['text']}")
    para(labels["timeline"], 12, "B")
    titles = {ob["id"]: ob["title"] for ob in rep["obligations"]}
    for day, ids in rep["timeline"]:
        # The obligations by title, as on the page (the ids are stored codes).
        para(f"{format_day(day)}: {'; '.join(titles.get(i, i) for i in ids)}")
    para(labels["answers"], 12, "B")
    for q in rep["questions"]:
        para(f"{q['text']} [{q['ref']}]", 9)
        para(f"  -> {q['answer_label']}", 9, "B")
    return bytes(pdf.output())
