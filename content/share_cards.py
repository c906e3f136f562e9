"""Share images drawn by the site itself: a page's title on the brand's
colour, at the 1200×630 that LinkedIn, WhatsApp, Facebook and X show best.
No stock pictures. The text is set in DejaVu Sans (Debian's fonts-dejavu-core,
which covers Spanish, Indonesian and Russian) where the machine has it, else
in Pillow's bundled font, which knows plain ASCII only."""

from functools import cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
BRAND = "#0b6e4f"  # --brand in static/css/site.css
BRAND_DARK = "#07513a"
MARGIN = 80
TITLE_SIZES = (76, 66, 56, 48)  # the largest whose lines fit
MAX_LINES = 4
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def share_card_png(title: str, *, site_name: str) -> bytes:
    """`title` in white on the brand colour, `site_name` below a rule."""
    image = Image.new("RGB", SIZE, BRAND)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    draw.rectangle((0, height - 150, width, height), fill=BRAND_DARK)
    font, lines = _fit(draw, title, width - 2 * MARGIN)
    line_height = round(font.size * 1.2)
    top = (height - 150 - line_height * len(lines)) // 2
    for n, line in enumerate(lines):
        draw.text((MARGIN, top + n * line_height), line, font=font, fill="white")
    small = _font(40)
    draw.text((MARGIN, height - 100), site_name, font=small, fill="white")
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _fit(draw, text: str, width: int):
    for size in TITLE_SIZES:
        font = _font(size)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= MAX_LINES:
            return font, lines
    return font, lines[:MAX_LINES]


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


@cache
def _font(size: int):
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)
