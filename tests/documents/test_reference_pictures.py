"""The pages as a person sees them, against pictures a person looked at (tests/reference/).

When the layout changes on purpose, look at the new pictures this test leaves in its
temporary folder and, if they are right, copy them over the references
(``python tests/documents/test_reference_pictures.py`` rewrites them).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

REFERENCE = Path(__file__).resolve().parents[1] / "reference"
# (picture name, document, page)
PAGES = [("minutes-1", "minutes", 1), ("minutes-2", "minutes", 2), ("pack-1", "pack", 1),
         ("pack-3", "pack", 3), ("pack-7", "pack", 7)]
# Mean difference per pixel channel (0-255) allowed for rasteriser and font hinting
# differences between poppler versions; a moved table or a missing column is far above it.
TOLERANCE = 2.0


def _documents() -> dict[str, bytes]:
    sys.path.insert(0, str(REFERENCE.parents[1]))
    from rrdesk.documents.minutes import render_minutes
    from rrdesk.documents.pack import render_pack
    from tests.documents.samples import info, minutes, pack

    return {"minutes": render_minutes(minutes(cases=3), info("Meeting 42"), True),
            "pack": render_pack(pack(cases=3), info("Meeting 42"), True)}


def render_pictures(folder: Path) -> dict[str, Path]:
    out = {}
    for name, data in _documents().items():
        pdf = folder / f"{name}.pdf"
        pdf.write_bytes(data)
        for picture, doc, page in PAGES:
            if doc == name:
                stem = folder / picture
                subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l",
                                str(page), "-singlefile", str(pdf), str(stem)], check=True)
                out[picture] = stem.with_suffix(".png")
    return out


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_minutes_and_pack_pages_look_as_they_did(tmp_path: Path) -> None:
    for picture, path in render_pictures(tmp_path).items():
        reference = REFERENCE / f"{picture}.png"
        assert reference.exists(), f"no reference picture {reference.name}"
        new, old = Image.open(path).convert("RGB"), Image.open(reference).convert("RGB")
        assert new.size == old.size, f"{picture}: page size changed"
        difference = sum(ImageStat.Stat(ImageChops.difference(new, old)).mean) / 3
        assert difference <= TOLERANCE, (
            f"{picture} looks different from tests/reference/{picture}.png (mean difference "
            f"{difference:.2f}); look at {path} and replace the reference if it is right")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for picture, path in render_pictures(Path(tmp)).items():
            shutil.copyfile(path, REFERENCE / f"{picture}.png")
            print(f"wrote tests/reference/{picture}.png")
