"""PDF pages as images, for the preview and for printing (pypdfium2; no files written).

PySide6-Essentials has no QtPdf; pypdfium2 (PDFium, the engine QtPdf itself wraps) draws
the pages from the bytes in memory, so no plaintext copy of a document touches the disk.
"""

from __future__ import annotations

from collections.abc import Iterator

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

POINTS_PER_INCH = 72


def page_count(data: bytes) -> int:
    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def page_images(data: bytes, dpi: float, pages: range | None = None) -> Iterator[QImage]:
    """Each page (or those in ``pages``) drawn at ``dpi``, white background."""
    doc = pdfium.PdfDocument(data)
    try:
        for index in pages if pages is not None else range(len(doc)):
            page = doc[index]
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888).copy()  # the buffer goes with bitmap
            bitmap.close()
            page.close()
            yield image
    finally:
        doc.close()
