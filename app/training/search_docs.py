"""What the course search reads of a course (registered with app.core.search): accent- and
case-blind, Italian and English stems, user input never a LIKE pattern."""

from __future__ import annotations

from app.core import search
from app.training import vocab
from app.training.models import Course


def course_document(course: Course) -> tuple[str, list[str]]:
    """Title, and the summary, description, place, topic and audiences in both languages."""
    labels = [vocab.TOPICS.get(course.topic), vocab.KINDS.get(course.kind)]
    labels += [vocab.AUDIENCES.get(a) for a in course.audience or []]
    texts = [course.summary, course.description, course.place]
    return course.title, texts + search.in_all_languages(*[x for x in labels if x])


search.register(Course, "course", course_document)
