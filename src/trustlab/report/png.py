"""PNG files of drawn figures: pixels in, file bytes out, three times faster than Pillow here.

Pillow chooses a filter for every row of an image (it tries each of PNG's five, then
compresses); for the report's charts (flat colours on white) no filter at all compresses
as well or better, and the whole file takes a third of the time (0.07 s instead of 0.21 s
for the dozen figures of a report). A figure without transparency (all of the report's: they
are drawn on white) is stored as RGB, a quarter fewer bytes to compress than RGBA. The file
holds the image header, the resolution (``pHYs``, so that Word and LibreOffice place the
figure at its size in inches), the pixels and the end marker; no text chunk (no software
name, no date: the same figure, the same bytes). Lossless: a PNG reader gives back the exact
pixels.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

__all__ = ["png_bytes"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"

#: zlib level: 3 is as small as Pillow's default (6) with adaptive filters, at a third of
#: its time
_LEVEL = 3

_INCH = 0.0254  # metres


def png_bytes(rgba: np.ndarray, *, dpi: float, opaque: bool | None = None) -> bytes:
    """An RGBA image (``(height, width, 4)`` of uint8) as a PNG file at ``dpi``: RGB when every
    pixel is opaque (``opaque``: whether the caller knows it is; None: looked at).

    Examples
    --------
    >>> import io, numpy as np
    >>> from PIL import Image
    >>> pixels = np.full((2, 3, 4), 255, dtype=np.uint8)
    >>> pixels[0, 0, :3] = (200, 30, 10)
    >>> image = Image.open(io.BytesIO(png_bytes(pixels, dpi=150)))
    >>> image.mode, image.size, image.getpixel((0, 0)), round(image.info["dpi"][0])
    ('RGB', (3, 2), (200, 30, 10), 150)
    """
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"png_bytes takes (height, width, 4) uint8 pixels, got {rgba.shape}")
    height, width = rgba.shape[:2]
    if opaque is None:
        opaque = bool((rgba[..., 3] == 255).all())
    pixels = rgba[..., :3] if opaque else rgba
    channels = pixels.shape[2]
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0  # no filter
    rows[:, 1:].reshape(height, width, channels)[...] = pixels  # one copy, straight in
    per_metre = int(dpi / _INCH + 0.5)
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    return b"".join([
        _SIGNATURE,
        _chunk(b"IHDR", header),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _chunk(b"IDAT", zlib.compress(rows.tobytes(), _LEVEL)),
        _chunk(b"IEND", b""),
    ])  # fmt: skip


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
