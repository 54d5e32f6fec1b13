"""Time and peak memory of processing the worst photos the upload limits accept (and the
bomb from issue 8, which they must refuse cheaply), each in a fresh process.

The peak is the process's maximum resident set size during `process_bytes` minus what it held
before (Python, Django, Pillow and the file's bytes). Files are made in a separate process
first, so making them costs the measured process nothing.

    .venv/bin/python bench/image_decode.py            # 3 runs per case, prints a Markdown table
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# name → (format, width, height, mode); sizes at the limits of marketplace/settings.py defaults.
CASES = {
    "jpeg_40mp": ("JPEG", 7300, 5475, "RGB"),  # IMAGE_MAX_PIXELS: decoded at a reduced size
    "png_12_5mp_rgba": ("PNG", 4082, 3062, "RGBA"),  # IMAGE_MAX_PIXELS_FULL_DECODE, with alpha
    "webp_12_5mp_rgba": ("WEBP", 4082, 3062, "RGBA"),
    "png_39_7mp_bomb": ("PNG", 7280, 5456, "RGB"),  # issue 8: 131 KB, 39.7 MP; now refused
}


def _make(case: str, path: Path) -> None:
    from PIL import Image, ImageDraw

    fmt, width, height, mode = CASES[case]
    image = Image.new(mode, (width, height), (90, 140, 60, 200) if mode == "RGBA" else (90, 140, 60))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 97):  # some structure, so the encoders have work to undo
        draw.line([(x, 0), (width - x, height)], fill=(200, 40, 40, 255) if mode == "RGBA" else (200, 40, 40))
    options = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
    image.save(path, fmt, **options)


def _measure(path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    from catalog.images import ImageTooManyPixels, process_bytes

    data = path.read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        processed = process_bytes(data)
        outcome = f"accepted, stored {processed.width}×{processed.height}"
    except ImageTooManyPixels:
        outcome = "refused IMAGE_TOO_MANY_PIXELS"
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # KiB on Linux
    print(f"{elapsed:.4f} {peak / 1024:.1f} {len(data)} {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--make", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--measure", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        return _make(args.make[0], Path(args.make[1]))
    if args.measure:
        return _measure(Path(args.measure))
    print("| case | file | outcome | time (s, median) | peak memory (MB, median) |")
    print("|---|---:|---|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            path = Path(folder) / case
            subprocess.run([sys.executable, __file__, "--make", case, str(path)], check=True)
            runs = [
                subprocess.run(
                    [sys.executable, __file__, "--measure", str(path)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.split(maxsplit=3)
                for _ in range(args.runs)
            ]
            seconds = statistics.median(float(run[0]) for run in runs)
            megabytes = statistics.median(float(run[1]) for run in runs)
            size = int(runs[0][2])
            print(
                f"| {case} | {size / 1024:,.0f} KB | {runs[0][3].strip()} | {seconds:.2f} | {megabytes:.0f} |"
            )


if __name__ == "__main__":
    main()
