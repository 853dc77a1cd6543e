"""The challenges' blueprint; views.py and views_responses.py add their routes to it."""

from flask import Blueprint

bp = Blueprint("challenges", __name__)
