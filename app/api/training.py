"""Training API (flask-smorest): calls the same services as the pages."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user

from app.api.common import FacetsSchema, facets_of, login_required_api
from app.api.pagination import Blueprint, ListPage, list_query, paged, query
from app.orgs.services import get_org
from app.training import registrations, services
from app.training.for_responses import response_services_dict, suggest_for_response
from app.training.schemas import (
    AttendanceSchema,
    CourseQuerySchema,
    CourseSchema,
    CourseSuggestionsSchema,
    CourseWriteSchema,
    RegistrationSchema,
    ResponseServicesSchema,
    StatusActionSchema,
    SuggestionQuerySchema,
)
from app.training.suggestions import course_suggestion_dict, suggestions_for_org

blp = Blueprint(
    "api_training",
    __name__,
    url_prefix="/api/v1/training",
    description="Training catalogue and registrations",
)


@blp.route("/courses")
class Courses(MethodView):
    """The catalogue."""

    @blp.arguments(list_query(CourseQuerySchema), location="query")
    @blp.response(200, CourseSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Search published courses (q, kind, topic, audience, level, format, language,
        provider, when=upcoming|past; page, page_size)."""
        params = services.parse_search(query(args, pagination_parameters))
        page = services.search_courses(params, per_page=pagination_parameters.page_size)
        return paged(pagination_parameters, page)

    @login_required_api
    @blp.arguments(CourseWriteSchema)
    @blp.response(201, CourseSchema)
    def post(self, data):
        """Describe a new course as a draft (staff and verified providers)."""
        return services.create_course(current_user, data)


@blp.route("/courses/facets")
class CourseFacets(MethodView):
    """Facet counts of a search."""

    @blp.arguments(CourseQuerySchema, location="query")
    @blp.response(200, FacetsSchema)
    def get(self, args):
        """Counts per kind, topic, audience, level, format, language, provider."""
        return facets_of(services.search_courses(services.parse_search(args)))


@blp.route("/courses/<int:course_id>")
class CourseItem(MethodView):
    """One course."""

    @blp.response(200, CourseSchema)
    def get(self, course_id):
        """A published course (drafts only for their provider and staff)."""
        return services.get_course(current_user, course_id)

    @login_required_api
    @blp.arguments(CourseWriteSchema)
    @blp.response(200, CourseSchema)
    def patch(self, data, course_id):
        """Change a course (provider and staff)."""
        return services.update_course(
            current_user, services.get_course(current_user, course_id), data
        )


@blp.route("/courses/<int:course_id>/status")
class CourseStatus(MethodView):
    """Publish or cancel."""

    @login_required_api
    @blp.arguments(StatusActionSchema)
    @blp.response(200, CourseSchema)
    def post(self, data, course_id):
        """Publish a draft or cancel a course; an illegal change answers 409."""
        course = services.get_course(current_user, course_id)
        return services.change_status(current_user, course, data["action"])


@blp.route("/courses/<int:course_id>/registrations")
class CourseRegistrations(MethodView):
    """Registrations of a course."""

    @login_required_api
    @blp.response(200, RegistrationSchema(many=True))
    @blp.paginate(ListPage)
    def get(self, course_id):
        """Participants and waiting list (provider and staff)."""
        course = services.get_course(current_user, course_id)
        return registrations.course_registrations(current_user, course)

    @login_required_api
    @blp.response(201, RegistrationSchema)
    def post(self, course_id):
        """Register the caller: confirmed, or waitlisted when full; 409 when closed."""
        course = services.get_course(current_user, course_id)
        return registrations.register_course(current_user, course)


@blp.route("/registrations")
class MyRegistrations(MethodView):
    """The caller's registrations."""

    @login_required_api
    @blp.response(200, RegistrationSchema(many=True))
    @blp.paginate(ListPage)
    def get(self):
        """Every registration of the caller."""
        return registrations.my_registrations(current_user)


@blp.route("/registrations/<int:reg_id>/cancel")
class CancelRegistration(MethodView):
    """Cancel a registration."""

    @login_required_api
    @blp.response(200, RegistrationSchema)
    def post(self, reg_id):
        """Cancel; the first person on the waiting list takes the place."""
        reg = registrations.get_registration(current_user, reg_id)
        return registrations.cancel_registration(current_user, reg)


@blp.route("/registrations/<int:reg_id>/attendance")
class Attendance(MethodView):
    """Attendance of a participant."""

    @login_required_api
    @blp.arguments(AttendanceSchema)
    @blp.response(200, RegistrationSchema)
    def put(self, data, reg_id):
        """Mark present or absent (provider and staff, once the course has started)."""
        reg = registrations.get_registration(current_user, reg_id)
        return registrations.mark_attendance(current_user, reg, data["attended"])


@blp.route("/suggestions")
class CourseSuggestions(MethodView):
    """The catalogue page's "suggested for your organisation" list."""

    @login_required_api
    @blp.arguments(SuggestionQuerySchema, location="query")
    @blp.response(200, CourseSuggestionsSchema)
    def get(self, args):
        """Upcoming courses that fit one of the caller's organisations (by the matching
        engine, best first; 403 for others' organisations and for users without one)."""
        org = get_org(args["org"]) if args.get("org") else None
        org, found = suggestions_for_org(current_user, org)
        return {
            "org": {"slug": org.slug, "name": org.name},
            "courses": [course_suggestion_dict(s) for s in found],
        }


@blp.route("/services/responses/<int:response_id>")
class ResponseServices(MethodView):
    """The Region's services for a challenge response."""

    @login_required_api
    @blp.response(200, ResponseServicesSchema)
    def get(self, response_id):
        """Courses (profile + challenge text), helpdesk guidelines and computing resources
        (challenge + response text) for a response of the caller's organisation (403 for the
        poster and staff, 404 for everyone else)."""
        return response_services_dict(suggest_for_response(current_user, response_id))
