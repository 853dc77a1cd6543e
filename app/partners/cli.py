"""`flask match ...` commands (embeddings and ranker upkeep)."""

from flask.cli import AppGroup

match_cli = AppGroup("match", help="Matching engine upkeep: embeddings, ranker.")
