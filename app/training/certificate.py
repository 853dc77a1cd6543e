"""Certificate of attendance as a PDF (fpdf2, core fonts)."""

from __future__ import annotations

from flask_babel import gettext as _
from fpdf import FPDF

from app.core.errors import Conflict, PermissionDenied
from app.public.formatting import format_day
from app.training.dates import aware
from app.training.models import Registration
from app.training.permissions import can_cancel_registration

_SUBST = str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'", "–": "-", "—": "-", "…": "..."})


def _t(value) -> str:
    return str(value).translate(_SUBST).encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(actor, reg: Registration) -> bytes:
    """The certificate of a participant the provider marked as present."""
    if not can_cancel_registration(actor, reg):
        raise PermissionDenied(_("Only the participant and the provider get the certificate."))
    if reg.attended is not True:
        raise Conflict(_("A certificate is issued only once attendance is recorded."), "attended")
    course = reg.course
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 24)
    pdf.ln(25)
    pdf.cell(
        width, 14, _t(_("Certificate of attendance")), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 14)
    pdf.ln(10)
    pdf.multi_cell(width, 9, _t(_("This certifies that")), align="C")
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(width, 11, _t(reg.user.name), align="C")
    pdf.set_font("Helvetica", "", 14)
    pdf.multi_cell(width, 9, _t(_("attended")), align="C")
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(width, 10, _t(course.title), align="C")
    pdf.set_font("Helvetica", "", 12)
    pdf.ln(4)
    when = format_day(aware(course.starts_at))  # the day in Europe/Rome, as the locale writes it
    pdf.multi_cell(width, 8, _t(f"{course.provider.name} - {when}"), align="C")
    if course.is_demo:
        pdf.multi_cell(width, 8, "DEMO", align="C")
    pdf.ln(12)
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(
        width,
        6,
        _t(_("Lombardy Health Innovation Portal - certificate no. %(n)s", n=f"{reg.id:06d}")),
        align="C",
    )
    return bytes(pdf.output())
