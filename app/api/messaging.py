"""Conversations, innovation desk and profile claims API: the same services as the pages."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from flask_login import current_user

from app.api.common import STAFF, login_required_api
from app.api.pagination import Blueprint, list_query, paged
from app.messaging import claims, desk, inbox, partnership, prefs, services
from app.messaging.permissions import can_claim
from app.messaging.schemas import (
    AnswerSchema,
    BodySchema,
    ClaimConfirmSchema,
    ClaimCreateSchema,
    ClaimDecideSchema,
    ClaimSchema,
    ConversationSchema,
    DeskActionSchema,
    DeskCreateSchema,
    DeskSchema,
    DuplicateQuerySchema,
    DuplicateSchema,
    EmailSettingsSchema,
    ListQuerySchema,
    MarkSchema,
    MessageSchema,
    StartSchema,
    UnreadSchema,
)
from app.orgs.services import get_org

blp = Blueprint(
    "api_messaging",
    __name__,
    url_prefix="/api/v1",
    description="Conversations between organisations, the innovation desk, profile claims",
)


@blp.route("/conversations")
class Conversations(MethodView):
    """The caller's conversations."""

    @login_required_api
    @blp.arguments(list_query(ListQuerySchema), location="query")
    @blp.response(200, ConversationSchema(many=True))
    @blp.paginate()
    def get(self, args, pagination_parameters):
        """Threads of the caller's organisations, newest activity first (page, page_size)."""
        page = inbox.list_conversations(
            current_user,
            args["folder"],
            pagination_parameters.page,
            unread_only=args["unread"],
            per_page=pagination_parameters.page_size,
        )
        items = [inbox.conversation_dict(c, c.unread) for c in page.items]
        return paged(pagination_parameters, page, items)

    @login_required_api
    @blp.arguments(StartSchema)
    @blp.response(201, ConversationSchema)
    def post(self, data):
        """Open a conversation (409 when nobody represents the organisation: use /desk;
        429 over the hourly limit of new conversations)."""
        target = get_org(data["to_org"])
        conv = services.start_conversation(current_user, target, data)
        return inbox.conversation_dict(conv, False, messages=True)


@blp.route("/conversations/unread")
class Unread(MethodView):
    """The header badge."""

    @login_required_api
    @blp.response(200, UnreadSchema)
    def get(self):
        """How many inbox conversations have something unread."""
        return {"unread": inbox.unread_total(current_user)}


@blp.route("/conversations/<int:conversation_id>")
class ConversationItem(MethodView):
    """One thread (404 unless the caller belongs to one of its two organisations)."""

    @login_required_api
    @blp.response(200, ConversationSchema)
    def get(self, conversation_id):
        """The thread with its messages (reading it does not mark it read: POST /state)."""
        conv = services.get_conversation(current_user, conversation_id)
        left = services.has_left(current_user, conv)
        return inbox.conversation_dict(conv, inbox.is_unread(current_user, conv), True, left=left)


@blp.route("/conversations/<int:conversation_id>/messages")
class Messages(MethodView):
    """Replies."""

    @login_required_api
    @blp.arguments(BodySchema)
    @blp.response(201, MessageSchema)
    def post(self, data, conversation_id):
        """Add a plain-text message to the thread."""
        conv = services.get_conversation(current_user, conversation_id)
        return inbox.message_dict(services.reply(current_user, conv, data))


@blp.route("/conversations/<int:conversation_id>/state")
class State(MethodView):
    """Per-user marks."""

    @login_required_api
    @blp.arguments(MarkSchema)
    @blp.response(200, ConversationSchema)
    def post(self, data, conversation_id):
        """Mark read / unread, archive / unarchive (for the caller only)."""
        conv = services.get_conversation(current_user, conversation_id)
        services.mark(current_user, conv, data["action"])
        return inbox.conversation_dict(conv, inbox.is_unread(current_user, conv))


@blp.route("/conversations/<int:conversation_id>/leave")
class Leave(MethodView):
    """Leaving a thread."""

    @login_required_api
    @blp.response(200, ConversationSchema)
    def post(self, conversation_id):
        """Leave the thread: gone from the caller's inbox and archive (folder=left) until a new
        message from someone else arrives or the caller replies; the others read that the
        caller left (409 when already left)."""
        conv = services.get_conversation(current_user, conversation_id)
        services.leave(current_user, conv)
        return inbox.conversation_dict(conv, False, messages=True, left=True)


@blp.route("/messaging/settings")
class EmailSettings(MethodView):
    """The caller's e-mail choice for new messages."""

    @login_required_api
    @blp.response(200, EmailSettingsSchema)
    def get(self):
        """'each' (one e-mail per message, the default) or 'digest'."""
        return prefs.settings_dict(current_user)

    @login_required_api
    @blp.arguments(EmailSettingsSchema)
    @blp.response(200, EmailSettingsSchema)
    def put(self, data):
        """Choose one e-mail per message or the digest of unread messages."""
        prefs.set_email_mode(current_user, data)
        return prefs.settings_dict(current_user)


@blp.route("/conversations/<int:conversation_id>/answer")
class Answer(MethodView):
    """The partnership request of a thread."""

    @login_required_api
    @blp.arguments(AnswerSchema)
    @blp.response(200, ConversationSchema)
    def post(self, data, conversation_id):
        """Accept or decline (the addressed organisation; 409 when already answered)."""
        conv = services.get_conversation(current_user, conversation_id)
        partnership.answer_request(current_user, conv, data["decision"], data["note"])
        return inbox.conversation_dict(conv, messages=True)


@blp.route("/desk")
class Desk(MethodView):
    """The innovation desk."""

    @login_required_api(roles=STAFF)
    @blp.response(200, DeskSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """Open requests, oldest first (staff; page, page_size)."""
        page = desk.list_desk(
            current_user,
            "open",
            pagination_parameters.page,
            per_page=pagination_parameters.page_size,
        )
        return paged(pagination_parameters, page, [desk.desk_dict(r) for r in page.items])

    @login_required_api
    @blp.arguments(DeskCreateSchema)
    @blp.response(201, DeskSchema)
    def post(self, data):
        """Ask the desk to pass a request on to an organisation nobody represents."""
        req = desk.send_to_desk(current_user, get_org(data["to_org"]), data)
        return desk.desk_dict(req)


@blp.route("/desk/<int:request_id>/<action>")
class DeskAction(MethodView):
    """Staff handling."""

    @login_required_api(roles=STAFF)
    @blp.arguments(DeskActionSchema)
    @blp.response(200, DeskSchema)
    def post(self, data, request_id, action):
        """`forward` (email, note) or `close` (note) a desk request (staff)."""
        req = desk.get_desk_request(current_user, request_id)
        handlers = {"forward": desk.forward_desk_request, "close": desk.close_desk_request}
        if action not in handlers:
            abort(404)
        return desk.desk_dict(handlers[action](current_user, req, data))


@blp.route("/claims")
class Claims(MethodView):
    """Profile claims."""

    @login_required_api(roles=STAFF)
    @blp.response(200, ClaimSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """Claims waiting for staff (staff; page, page_size)."""
        page = claims.list_claims(
            current_user,
            "pending",
            pagination_parameters.page,
            per_page=pagination_parameters.page_size,
        )
        return paged(pagination_parameters, page, [claims.claim_dict(c) for c in page.items])

    @login_required_api
    @blp.arguments(ClaimCreateSchema)
    @blp.response(201, ClaimSchema)
    def post(self, data):
        """Claim an organisation nobody represents (email_domain: a link is mailed; staff: a
        reason)."""
        return claims.claim_dict(claims.start_claim(current_user, get_org(data["org"]), data))


@blp.route("/claims/confirm")
class ClaimConfirm(MethodView):
    """The mailed link, for API clients."""

    @login_required_api
    @blp.arguments(ClaimConfirmSchema)
    @blp.response(200, ClaimSchema)
    def post(self, data):
        """Confirm a claim with the token of the mailed link; the caller becomes owner."""
        return claims.claim_dict(claims.confirm_claim(current_user, data["token"]))


@blp.route("/claims/<int:claim_id>/decide")
class ClaimDecide(MethodView):
    """Staff decision."""

    @login_required_api(roles=STAFF)
    @blp.arguments(ClaimDecideSchema)
    @blp.response(200, ClaimSchema)
    def post(self, data, claim_id):
        """Approve or reject a claim with a reason (staff)."""
        found = claims.get_claim(current_user, claim_id)
        return claims.claim_dict(claims.decide_claim(current_user, found, data))


@blp.route("/claims/duplicates")
class Duplicates(MethodView):
    """Before registering an organisation."""

    @login_required_api
    @blp.arguments(DuplicateQuerySchema, location="query")
    @blp.response(200, DuplicateSchema(many=True))
    def get(self, args):
        """Existing organisations a new one would probably duplicate, and why."""
        return [
            {
                "id": o.id,
                "slug": o.slug,
                "name": o.name,
                "source": o.source,
                "claimable": can_claim(current_user, o),
                "reasons": reasons,
            }
            for o, reasons in claims.likely_duplicates(args)
        ]
