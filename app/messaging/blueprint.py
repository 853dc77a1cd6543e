"""The messaging blueprint shared by the conversation, desk and claim views."""

from flask import Blueprint

bp = Blueprint("messaging", __name__)
