"""Import every model so that Alembic and create_all see the whole schema."""

from app.account.models import SeenProposals
from app.audit.models import AuditEvent
from app.auth.models import LoginThrottle, User, UserSession
from app.challenges.models import (
    Attachment,
    Challenge,
    ChallengeInvitation,
    ChallengeQuestion,
    ChallengeResponse,
)
from app.compliance.models import (  # noqa: F401
    Assessment,
    Consultation,
    ConsultationFile,
    ConsultationMessage,
    Expert,
    Guideline,
)
from app.compute.models import ComputeRequest, ComputeResource, ComputeUsage  # noqa: F401
from app.core.search import SearchDoc
from app.datasets.models import AccessRequest, Dataset, Distribution
from app.messaging.models import (
    Conversation,
    ConversationState,
    DeskRequest,
    Message,
    ProfileClaim,
)
from app.notifications.models import Notification
from app.offers.models import CollaborationOffer
from app.orgs.models import Invitation, Membership, Organisation, OrgArea
from app.partners.models import ContactRequest, Embedding, IndexVersion, PartnershipProposal
from app.projects.models import (
    FundedProject,
    FundingCall,
    Milestone,
    ProgressReport,
    ProjectOutput,
    ProjectPartner,
)
from app.training.models import Course, Registration  # noqa: F401

__all__ = [
    "AccessRequest",
    "Attachment",
    "AuditEvent",
    "Challenge",
    "CollaborationOffer",
    "Conversation",
    "ConversationState",
    "DeskRequest",
    "Message",
    "ProfileClaim",
    "ChallengeInvitation",
    "ChallengeQuestion",
    "ChallengeResponse",
    "ContactRequest",
    "Dataset",
    "Distribution",
    "Embedding",
    "FundedProject",
    "FundingCall",
    "IndexVersion",
    "Invitation",
    "LoginThrottle",
    "Membership",
    "Milestone",
    "Notification",
    "OrgArea",
    "Organisation",
    "PartnershipProposal",
    "ProgressReport",
    "ProjectOutput",
    "ProjectPartner",
    "SeenProposals",
    "SearchDoc",
    "User",
    "UserSession",
]
