"""What ingest reports for each file, and the plan a file already stored is: shared by
documents (``plans.ingest``) and exports (``plans.archive``), since a file whose content
(sha256) is stored is never stored again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from eduplan.store.repositories import plans as plan_repo


@dataclass(slots=True)
class IngestResult:
    source: str
    plan_id: int
    title: str
    created: bool
    sections: int
    targets: int
    tasks: int
    projects: int


def already_stored(session: Session, sha256: str, *, source: str) -> IngestResult | None:
    """What is stored for a file whose content (sha256) is in the database already, or
    None; such a file is not stored again."""
    existing = plan_repo.by_sha256(session, sha256)
    if existing is None:
        return None
    c = plan_repo.counts(session, existing.id)
    return IngestResult(source, existing.id, existing.title, False, c["sections"], c["targets"], c["tasks"], 0)
