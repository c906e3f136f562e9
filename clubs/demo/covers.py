"""Cover images for the demo clubs, drawn here with Pillow: no stock photos
to download, and the same picture on every run (found again by title)."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as Picture
from PIL import ImageDraw
from wagtail.images import get_image_model

WIDTH, HEIGHT = 1440, 600


def cover(*, title: str, description: str, palette: tuple[str, str, str], seed: int):
    """A Wagtail image of soft circles on a two-tone band; `description` is
    its alt text."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = Image(title=title, description=description)
    image.file = ImageFile(io.BytesIO(_draw(palette, seed)), name=f"{seed}-cover.png")
    image.save()
    return image


def _draw(palette: tuple[str, str, str], seed: int) -> bytes:
    back, middle, front = palette
    rng = random.Random(seed)
    picture = Picture.new("RGB", (WIDTH, HEIGHT), back)
    draw = ImageDraw.Draw(picture, "RGBA")
    draw.polygon([(0, HEIGHT), (WIDTH, HEIGHT * 0.35), (WIDTH, HEIGHT)], fill=middle)
    for _ in range(14):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        radius = rng.randrange(40, 170)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=_with_alpha(front, rng.randrange(50, 130)),
        )
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def _with_alpha(colour: str, alpha: int) -> tuple[int, int, int, int]:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue, alpha
