"""Readers that turn one source file into titled sections.

Each reader takes the file's text and returns a :class:`~retrieval.formats.section.Page`:
a title, front-matter metadata and the sections under its headings. Readers do no
I/O and raise :class:`~retrieval.formats.section.FormatError` for malformed input.
"""

from retrieval.formats.faq import read_faq
from retrieval.formats.html_page import read_html
from retrieval.formats.markdown import read_markdown, read_mdx
from retrieval.formats.section import FaqEntry, FormatError, Page, Section

__all__ = [
    "FaqEntry",
    "FormatError",
    "Page",
    "Section",
    "read_faq",
    "read_html",
    "read_markdown",
    "read_mdx",
]
