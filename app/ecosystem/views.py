"""Ecosystem pages."""

from flask import Blueprint

bp = Blueprint("ecosystem", __name__)
