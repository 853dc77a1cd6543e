"""The account package's blueprint: the personal area, the digest, the GDPR pages."""

from flask import Blueprint

bp = Blueprint("account", __name__)
