"""What the Qwen2.5-VL processor makes of our frames, and how far other frames are from it.

Usage: pil-reference.py SRC.rgb WIDTH HEIGHT OUT_WIDTH OUT_HEIGHT CANDIDATE.rgb...

SRC.rgb holds rgb24 frames of WIDTH x HEIGHT (the decord-sized frames). Each is resized with
PIL's BICUBIC to OUT_WIDTH x OUT_HEIGHT, as the HF image processor does. Every candidate holds
frames of the output size; prints, per candidate, the max and mean absolute error per channel
(R, G, B) against those reference frames, as JSON.
Needs Debian's python3-pil and python3-numpy (run with /usr/bin/python3).
"""
import json
import sys

import numpy as np
from PIL import Image


def frames(path, width, height):
    data = np.fromfile(path, dtype=np.uint8)
    size = width * height * 3
    if data.size == 0 or data.size % size:
        sys.exit(f"{path}: {data.size} bytes is not a whole number of {width}x{height} rgb24 frames")
    return data.reshape(-1, height, width, 3)


def main():
    if len(sys.argv) < 7:
        sys.exit(__doc__)
    src, width, height, out_width, out_height = sys.argv[1], *map(int, sys.argv[2:6])
    reference = np.stack([
        np.asarray(Image.fromarray(f).resize((out_width, out_height), Image.BICUBIC))
        for f in frames(src, width, height)
    ]).astype(np.int16)
    results = []
    for path in sys.argv[6:]:
        candidate = frames(path, out_width, out_height)
        if candidate.shape != reference.shape:
            sys.exit(f"{path}: {candidate.shape[0]} frames, the reference has {reference.shape[0]}")
        error = np.abs(candidate.astype(np.int16) - reference).reshape(-1, 3)
        results.append({
            "file": path,
            "max": error.max(axis=0).tolist(),
            "mean": error.mean(axis=0).tolist(),
        })
    print(json.dumps(results))


main()
