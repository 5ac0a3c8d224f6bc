"""Checking files people upload to a child's record: kind, size and content.

A file is accepted only when its extension is one we take and its first bytes say it really is that kind
of file, so a renamed text file or program is refused before it reaches storage. The content type stored
and served with it is the one its content proves, never what the browser claimed.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from sendcase.core.errors import ServiceError

# What families, schools and advisers may send: each extension with the content type we store and serve
# (never the browser's claim) and a check of the file's first bytes.
_PDF, _DOC, _DOCX, _JPEG, _PNG = "pdf", "doc", "docx", "jpeg", "png"
DOCUMENT_EXTENSIONS = {
    ".pdf": _PDF,
    ".doc": _DOC,
    ".docx": _DOCX,
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".png": _PNG,
}
DOCUMENT_CONTENT_TYPES = {
    _PDF: "application/pdf",
    _DOC: "application/msword",
    _DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    _JPEG: "image/jpeg",
    _PNG: "image/png",
}
_MAGIC = {
    _PDF: (b"%PDF-",),
    # Word 97-2003 files are OLE2 compound documents (so are old Excel files: the header cannot tell them
    # apart, and both are harmless to store and download).
    _DOC: (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    _DOCX: (b"PK\x03\x04",),
    _JPEG: (b"\xff\xd8\xff",),
    _PNG: (b"\x89PNG\r\n\x1a\n",),
}
FILE_TYPE_MESSAGE = "The selected file must be a PDF, Word document, JPG or PNG"


def document_size_limit() -> str:
    """The upload limit as people read it: '20MB', '500KB'."""
    limit = settings.DOCUMENT_MAX_BYTES
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g}MB"
    return f"{limit / 1024:g}KB" if limit >= 1024 else f"{limit} bytes"


def _is_word_package(uploaded_file: UploadedFile) -> bool:
    """A .docx is a zip; a real one holds word/document.xml. Only the zip's directory is read."""
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded_file.seek(0)


def check_upload(uploaded_file: UploadedFile | None) -> str:
    """The content type to store and serve the file with, once its extension and its first bytes agree
    that it is one of the accepted kinds; otherwise ServiceError naming the field `file`."""
    if uploaded_file is None or not getattr(uploaded_file, "name", ""):
        raise ServiceError("Select a file", field="file")
    if not uploaded_file.size:
        raise ServiceError("The selected file is empty", field="file")
    if uploaded_file.size > settings.DOCUMENT_MAX_BYTES:
        raise ServiceError(f"The selected file must be smaller than {document_size_limit()}", field="file")
    kind = DOCUMENT_EXTENSIONS.get(PurePath(uploaded_file.name).suffix.lower())
    if kind is None:
        raise ServiceError(FILE_TYPE_MESSAGE, field="file")
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    genuine = any(head.startswith(magic) for magic in _MAGIC[kind])
    if genuine and kind == _DOCX:
        genuine = _is_word_package(uploaded_file)
    if not genuine:
        raise ServiceError(
            f"The selected file is not a real {kind.upper()} file. {FILE_TYPE_MESSAGE}", field="file"
        )
    return DOCUMENT_CONTENT_TYPES[kind]


def original_name(name: str) -> str:
    # Some browsers send the full local path; keep only the file's own name, for display and download.
    return PurePath(name.replace("\\", "/")).name[:255] or "document"
