"""PDF pages as images, for the preview and for printing (pypdfium2; no files written).

PySide6-Essentials has no QtPdf; pypdfium2 (PDFium, the engine QtPdf itself wraps) draws
the pages from the bytes in memory, so no plaintext copy of a document touches the disk.
PDFium is not thread-safe: every call into it holds ``PDFIUM`` (a preview built on a worker
thread may meet a print running on another).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

POINTS_PER_INCH = 72
PDFIUM = threading.Lock()


def page_count(data: bytes) -> int:
    with PDFIUM:
        doc = pdfium.PdfDocument(data)
        try:
            return len(doc)
        finally:
            doc.close()


def _render(doc: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    page = doc[index]
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB888).copy()  # the buffer goes with bitmap
    bitmap.close()
    page.close()
    return image


def page_images(data: bytes, dpi: float, pages: range | None = None) -> Iterator[QImage]:
    """Each page (or those in ``pages``) drawn at ``dpi``, white background; one page in
    memory at a time (the lock is held while a page is drawn, not between pages)."""
    with PDFIUM:
        doc = pdfium.PdfDocument(data)
        count = len(doc)
    try:
        for index in pages if pages is not None else range(count):
            with PDFIUM:
                image = _render(doc, index, dpi)
            yield image
    finally:
        with PDFIUM:
            doc.close()
