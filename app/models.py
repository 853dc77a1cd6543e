"""Import every model so that Alembic and create_all see the whole schema."""

from app.audit.models import AuditEvent
from app.auth.models import LoginThrottle, User, UserSession
from app.challenges.models import (
    Attachment,
    Challenge,
    ChallengeInvitation,
    ChallengeQuestion,
    ChallengeResponse,
)
from app.datasets.models import AccessRequest, Dataset, Distribution
from app.notifications.models import Notification
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

__all__ = [
    "AccessRequest",
    "Attachment",
    "AuditEvent",
    "Challenge",
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
    "User",
    "UserSession",
]
