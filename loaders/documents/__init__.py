"""Documents in: a policy text or news article → paragraphs → candidates with quotes →
a review file → reviewed facts loaded as the document's own named graph.

``extract`` reads .txt/.md/.docx/.pdf/.html; ``propose`` finds entities, relations and
figures by the genre's rules (``rules.py``), each with its quote, confidence and whether it
is stated or inferred; ``review`` writes and edits the review file; ``accept`` loads it
through the curated loader's checks; ``evaluate`` measures the rules leave-one-out.
"""

from loaders.documents.accept import AcceptResult, accept_review
from loaders.documents.extract import SUFFIXES, Document, extract
from loaders.documents.ingest import IngestResult, default_review_path, ingest_file
from loaders.documents.propose import propose

__all__ = [
    "SUFFIXES",
    "AcceptResult",
    "Document",
    "IngestResult",
    "accept_review",
    "default_review_path",
    "extract",
    "ingest_file",
    "propose",
]
