"""PNG files written by trustlab.report.png: read back by Pillow (which checks every chunk's
CRC) to the exact pixels, at the stated resolution, RGB when nothing is transparent."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from trustlab.report.png import png_bytes


def _read(data: bytes) -> Image.Image:
    check = Image.open(io.BytesIO(data))
    check.verify()  # signature, chunk lengths and CRCs
    return Image.open(io.BytesIO(data))


def _pixels(seed: int, alpha: bool) -> np.ndarray:
    rng = np.random.default_rng(seed)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    if not alpha:
        rgba[..., 3] = 255
    return rgba


def test_opaque_pixels_come_back_exactly_as_rgb():
    rgba = _pixels(1, alpha=False)
    image = _read(png_bytes(rgba, dpi=150))
    assert image.mode == "RGB" and image.size == (53, 37)
    np.testing.assert_array_equal(np.asarray(image), rgba[..., :3])


def test_transparent_pixels_come_back_exactly_as_rgba():
    rgba = _pixels(2, alpha=True)
    image = _read(png_bytes(rgba, dpi=150))
    assert image.mode == "RGBA"
    np.testing.assert_array_equal(np.asarray(image), rgba)


def test_a_cut_out_of_a_larger_canvas_is_written_as_it_shows():
    canvas = _pixels(3, alpha=False)
    cut = canvas[5:30, 7:40]  # not contiguous in memory
    np.testing.assert_array_equal(np.asarray(_read(png_bytes(cut, dpi=150))), cut[..., :3])


@pytest.mark.parametrize(("dpi", "per_metre"), [(150, 5906), (72, 2835), (300, 11811)])
def test_the_resolution_is_stored_in_pixels_per_metre(dpi, per_metre):
    data = png_bytes(_pixels(4, alpha=False), dpi=dpi)
    at = data.index(b"pHYs")
    assert data[at + 4 : at + 13] == per_metre.to_bytes(4, "big") * 2 + b"\x01"  # 1: metre
    # whole pixels per metre: 5906 of them are 150.0124 dots per inch, as Pillow writes them
    assert _read(data).info["dpi"] == pytest.approx((per_metre * 0.0254,) * 2, rel=1e-12)


def test_no_text_chunk_and_the_same_bytes_every_time():
    rgba = _pixels(5, alpha=False)
    data = png_bytes(rgba, dpi=150)
    assert data == png_bytes(rgba.copy(), dpi=150)
    for kind in (b"tEXt", b"zTXt", b"iTXt", b"tIME"):
        assert kind not in data


def test_anything_but_rgba_bytes_is_refused():
    with pytest.raises(ValueError, match="uint8"):
        png_bytes(np.zeros((4, 4, 3), dtype=np.uint8), dpi=150)
    with pytest.raises(ValueError, match="uint8"):
        png_bytes(np.zeros((4, 4, 4), dtype=np.float64), dpi=150)


def test_a_caller_that_knows_the_image_is_opaque_gets_the_same_file():
    rgba = _pixels(7, alpha=False)
    assert png_bytes(rgba, dpi=150, opaque=True) == png_bytes(rgba, dpi=150)
    assert _read(png_bytes(rgba, dpi=150, opaque=True)).mode == "RGB"
    cut = np.ascontiguousarray(_pixels(8, alpha=False))[3:30, 5:40]  # strided rows
    assert png_bytes(cut, dpi=150, opaque=True) == png_bytes(cut, dpi=150)
    assert np.array_equal(np.asarray(_read(png_bytes(cut, dpi=150))), cut[..., :3])
    transparent = _pixels(9, alpha=True)
    assert png_bytes(transparent, dpi=150, opaque=False) == png_bytes(transparent, dpi=150)
