#!/usr/bin/env python3
"""Draws the studio's icon (a clip frame over caption lines) into build/: icon.png, icon.ico, icon.icns.

Needs Pillow (Debian: apt-get install python3-pil; run it with /usr/bin/python3 there).
  python3 scripts/make-icons.py
"""
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 1024  # drawn large, scaled down for smooth edges
OUT = Path(__file__).resolve().parent.parent / "build"

NIGHT = (22, 34, 58, 255)
SKY = (86, 170, 235, 255)
DAWN = (255, 196, 92, 255)
PAPER = (236, 242, 250, 255)


def draw() -> Image.Image:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((40, 40, SIZE - 40, SIZE - 40), radius=200, fill=NIGHT)
    # the clip: a frame with a horizon and a sun
    frame = (170, 170, SIZE - 170, 600)
    d.rounded_rectangle(frame, radius=48, fill=SKY)
    d.ellipse((560, 250, 700, 390), fill=DAWN)
    d.polygon([(170, 600), (170, 500), (380, 380), (560, 520), (700, 450), (SIZE - 170, 560), (SIZE - 170, 600)], fill=NIGHT)
    d.rounded_rectangle(frame, radius=48, outline=PAPER, width=22)
    # the structural caption: three lines of decreasing length
    for row, length in enumerate((684, 560, 400)):
        top = 680 + row * 84
        d.rounded_rectangle((170, top, 170 + length, top + 44), radius=22, fill=PAPER if row == 0 else SKY)
    return img


def main() -> None:
    OUT.mkdir(exist_ok=True)
    icon = draw().resize((512, 512), Image.LANCZOS)
    icon.save(OUT / "icon.png")
    icon.save(OUT / "icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    icon.save(OUT / "icon.icns")


if __name__ == "__main__":
    main()
