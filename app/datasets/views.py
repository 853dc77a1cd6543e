"""Datasets pages: catalogue, dataset pages, publishing, certification, audit, RDF export."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import EmptyForm
from app.core import uploads
from app.core.errors import ServiceError
from app.core.forms import form_message, submit_form
from app.datasets import delivery, mqa, search, services, views_rdf
from app.datasets.access import active_approval, my_requests_for
from app.datasets.blueprint import bp
from app.datasets.forms import CertifyForm, DatasetForm, DistributionForm
from app.datasets.permissions import (
    can_certify,
    can_edit_dataset,
    can_request_access,
    can_see_audit,
    hides_urls,
)
from app.datasets.quality import RULES, quality_of


@bp.route("/datasets")
def index():
    """Searchable, faceted, paginated catalogue."""
    try:
        params = search.parse_search(request.args)
    except ServiceError as exc:
        flash(exc.message, "warning")
        params = search.parse_search({})
    page = search.search_datasets(params)
    names = search.publisher_names(v for v, _n in page.facets["publisher"])
    return render_template(
        "datasets/index.html", page=page, params=params, publishers=names, quality_of=quality_of
    )


@bp.route("/datasets/quality")
def quality_rules():
    """The documented rules of the metadata quality score."""
    return render_template("datasets/quality_rules.html", rules=RULES)


@bp.route("/datasets/quality/mqa")
def mqa_rules():
    """The data.europa.eu MQA dimensions, indicators and weights, and the catalogue's score."""
    score, count = mqa.portal_mqa()
    return render_template(
        "datasets/mqa_rules.html",
        indicators=mqa.INDICATORS,
        dimensions=mqa.DIMENSIONS,
        catalogue=score,
        count=count,
        max_points=mqa.MAX_POINTS,
    )


def _publisher_choices(form: DatasetForm) -> None:
    form.publisher_org_id.choices = [
        (str(o.id), o.name) for o in services.publisher_choices(current_user)
    ]


@bp.route("/datasets/new", methods=["GET", "POST"])
@login_required
def create():
    """Describe a new dataset for one of the user's organisations."""
    form = DatasetForm()
    _publisher_choices(form)
    if not form.publisher_org_id.choices:
        flash(_("Join or register an organisation to publish datasets."), "info")
        return redirect(url_for("datasets.index"))

    def created(ds):
        flash(_("Dataset created. Now add its distributions."), "success")
        return redirect(url_for("datasets.detail", dataset_id=ds.id))

    return submit_form(
        form,
        lambda: services.create_dataset(current_user, form.to_data()),
        created,
        lambda: render_template("datasets/edit.html", form=form, ds=None),
        shown=(409, 422),
        error_status=422,
    )


@bp.route("/datasets/<int:dataset_id>")
def detail(dataset_id: int):
    """Dataset page: metadata, quality badge, distributions, actions (RDF when asked for)."""
    ds = services.get_dataset(dataset_id)
    fmt = views_rdf.negotiated_format()
    if fmt:
        return views_rdf.dataset_response(ds, fmt)
    return render_template(
        "datasets/detail.html",
        ds=ds,
        quality=quality_of(ds),
        mqa=mqa.mqa_of(ds),
        mqa_dimensions=mqa.DIMENSIONS,
        hidden=hides_urls(ds),
        public_url=delivery.public_url,
        approval=active_approval(current_user, ds),
        can_edit=can_edit_dataset(current_user, ds),
        can_certify=can_certify(current_user),
        can_request=can_request_access(current_user, ds),
        can_audit=can_see_audit(current_user, ds),
        my_requests=my_requests_for(current_user, ds),
        certify_form=CertifyForm(level=ds.certification or ""),
        button_form=EmptyForm(),
    )


@bp.route("/datasets/<int:dataset_id>/edit", methods=["GET", "POST"])
@login_required
def edit(dataset_id: int):
    """Edit the metadata (publishers and staff)."""
    ds = services.get_dataset(dataset_id)
    if not can_edit_dataset(current_user, ds):
        abort(403)
    form = DatasetForm(obj=ds)
    form.publisher_org_id.choices = [(str(ds.publisher_org_id), ds.publisher.name)]
    if request.method == "GET":
        form.keywords.data = ", ".join(ds.keywords or [])
        form.publisher_org_id.data = str(ds.publisher_org_id)
        for f in ("frequency", "licence", "legal_basis"):
            getattr(form, f).data = getattr(ds, f) or ""
        structured = {True: "true", False: "false"}.get(ds.has_structured_data, "")
        form.has_structured_data.data = structured

    def saved(_ds):
        flash(_("Dataset saved."), "success")
        return redirect(url_for("datasets.detail", dataset_id=ds.id))

    return submit_form(
        form,
        lambda: services.update_dataset(current_user, ds, form.to_data(include_publisher=False)),
        saved,
        lambda: render_template("datasets/edit.html", form=form, ds=ds),
        shown=(409, 422),
        error_status=422,
    )


@bp.route("/datasets/<int:dataset_id>/distributions/new", methods=["GET", "POST"])
@login_required
def add_distribution(dataset_id: int):
    """Add a distribution (publishers and staff)."""
    ds = services.get_dataset(dataset_id)
    if not can_edit_dataset(current_user, ds):
        abort(403)
    form = DistributionForm()

    def added(_dist):
        flash(_("Distribution added."), "success")
        return redirect(url_for("datasets.detail", dataset_id=ds.id))

    def page():
        if hides_urls(ds):
            # Write-only: a re-rendered form never echoes a restricted URL back.
            form.access_url.data = form.download_url.data = ""
        return render_template("datasets/distribution.html", form=form, ds=ds)

    return submit_form(
        form,
        lambda: services.add_distribution(current_user, ds, form.to_data(), upload=form.file.data),
        added,
        page,
        shown=(409, 413, 422),
        error_status=422,
    )


@bp.route("/datasets/<int:dataset_id>/distributions/<int:dist_id>/delete", methods=["POST"])
@login_required
def delete_distribution(dataset_id: int, dist_id: int):
    """Remove a distribution (publishers and staff)."""
    ds = services.get_dataset(dataset_id)
    dist = services.get_distribution(ds, dist_id)
    services.delete_distribution(current_user, ds, dist)
    flash(_("Distribution removed."), "success")
    return redirect(url_for("datasets.detail", dataset_id=ds.id))


@bp.route("/datasets/<int:dataset_id>/distributions/<int:dist_id>/access")
def access_distribution(dataset_id: int, dist_id: int):
    """Open a distribution: public ones for all, restricted ones only with an active approval."""
    ds = services.get_dataset(dataset_id)
    dist = services.get_distribution(ds, dist_id)
    if hides_urls(ds) and not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.path))
    kind, target = delivery.open_distribution(current_user, ds, dist)
    if kind == "file":
        ext = dist.format.lower().split("_")[0]
        response = send_file(
            target,
            as_attachment=True,
            download_name=f"{ds.identifier.replace(':', '_')}-{dist.id}.{ext}",
            # The type the stored bytes were checked to be, not what the publisher typed.
            mimetype=uploads.KINDS.get(
                uploads.FORMAT_KINDS.get(dist.format, ""), ("application/octet-stream",)
            )[0],
        )
    else:
        response = redirect(target)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/datasets/<int:dataset_id>/certify", methods=["POST"])
@login_required
def certify(dataset_id: int):
    """Staff: grant or withdraw a certification level."""
    ds = services.get_dataset(dataset_id)
    if not can_certify(current_user):
        abort(403)
    form = CertifyForm()

    def certified(_ds):
        flash(_("Certification updated."), "success")
        return redirect(url_for("datasets.detail", dataset_id=ds.id))

    return submit_form(
        form,
        lambda: services.certify_dataset(current_user, ds, {"level": form.level.data}),
        certified,
        lambda: render_template("errors/error.html", code=422, message=form_message(form)),
    )


@bp.route("/datasets/<int:dataset_id>/audit")
@login_required
def audit(dataset_id: int):
    """Audit trail of the dataset and its access requests (publishers and staff)."""
    ds = services.get_dataset(dataset_id)
    events = delivery.dataset_audit(current_user, ds)
    return render_template("datasets/audit.html", ds=ds, events=events)
