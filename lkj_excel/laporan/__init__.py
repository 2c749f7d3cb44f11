"""The LKj document on disk: the `Document` model rendered through a Word template (docxtpl), and
optionally printed to PDF by LibreOffice. The model itself (lkj_excel/document) does no I/O.
"""

from .render import TemplateError, default_template_path, render_docx

__all__ = ["TemplateError", "default_template_path", "render_docx"]
