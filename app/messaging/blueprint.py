"""The messaging blueprint shared by the conversation, desk and claim views (and `flask
messaging ...` commands)."""

from flask import Blueprint

bp = Blueprint("messaging", __name__, cli_group="messaging")
