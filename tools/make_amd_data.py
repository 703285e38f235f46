#!/usr/bin/python3
"""Synthetic AMD biomarker maps with ground-truth lesion masks and grades.

    /usr/bin/python3 tools/make_amd_data.py --out DIR --count N --seed S

Each sample is four registered 1-channel 224x224 8-bit maps of one eye, as a
biomarker segmentation pipeline would produce them (bright = biomarker):

    mnv     macular neovascularisation
    fluid   intra/subretinal fluid
    ga      geographic atrophy
    drusen  drusen

and a grade 0..3 that follows from what the maps show, checked in this order:

    3  late wet AMD   the MNV map has an MNV lesion (equivalent radius
                      >= MNV_MIN_RADIUS px); the Fluid map then has fluid
    2  late dry AMD   no MNV; the GA map has a GA region (equivalent radius
                      >= GA_MIN_RADIUS px)
    1  intermediate   no MNV, no GA; the Drusen map has a large druse or
                      confluent drusen (a region of equivalent radius
                      >= LARGE_DRUSEN_RADIUS px)
    0  no/early AMD   otherwise (at most a few small, separate drusen)

The equivalent radius of a region is sqrt(area / pi). Every map also carries
distractors that never count: smooth background shading, fine speckle, small
faint spots, low-contrast haze, vessel-like lines in the MNV map, small drusen.
About BORDERLINE_SHARE of the samples are borderline: a lesion just above its
threshold (small GA, faint small MNV with little fluid, drusen barely large) or
a lesion-like region just below it (drusen barely small, a GA-like patch or an
MNV-like patch too small to count), so that a good model still errs on some.
Grades are balanced (count / 4 each, the remainder spread over the first ones).

Writes
    DIR/manifest.csv   id,mnv,fluid,ga,drusen,label,mask_mnv,mask_fluid,mask_ga,mask_drusen
    DIR/details.csv    id,label,borderline,case + the lesions' equivalent radii
    DIR/images/<id>_<map>.png   the maps (8-bit greyscale)
    DIR/masks/<id>_<map>.png    0/255: the map's lesions that meet the grading
                                criteria (MNV, fluid, GA, large/confluent
                                drusen); empty where the map has none

Paths in the CSV files are relative to DIR. Deterministic: sample i depends
only on (seed, i) and its grade/borderline assignment. Needs only NumPy (the
PNG encoder is below).
"""

import argparse
import csv
import os
import struct
import sys
import time
import zlib
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

import numpy as np

SIZE = 224
MAPS = ("mnv", "fluid", "ga", "drusen")
GRADES = ("No/early AMD", "Intermediate AMD", "Late dry AMD (GA)", "Late wet AMD (MNV)")

# Grading thresholds (pixels of the 224 x 224 map).
LARGE_DRUSEN_RADIUS = 6.0
GA_MIN_RADIUS = 10.0
MNV_MIN_RADIUS = 7.0
BORDERLINE_SHARE = 0.125

DETAIL_FIELDS = ["id", "label", "borderline", "case", "mnv_radius", "fluid_radius", "ga_radius",
                 "drusen_max_radius", "small_drusen", "subthreshold"]


# --------------------------------------------------------------------------
# PNG (8-bit greyscale), NumPy + zlib only
# --------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(img: np.ndarray) -> bytes:
    """Encode a uint8 [H,W] array as an 8-bit greyscale PNG.

    Each row gets the filter (None, Sub, Up, Average, Paeth) whose output has
    the smallest sum of absolute signed bytes, the usual heuristic; filters
    work on the raw bytes, so all five are computed for the whole image at once.
    """
    assert img.dtype == np.uint8 and img.ndim == 2
    h, w = img.shape
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    if img.min() == img.max() or np.isin(img, (0, 255)).all():
        # constant or binary (masks): filter None everywhere compresses best
        raw = np.concatenate([np.zeros((h, 1), np.uint8), img], axis=1).tobytes()
        return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b"")
    x = img.astype(np.int16)
    a = np.zeros_like(x)
    a[:, 1:] = x[:, :-1]
    b = np.zeros_like(x)
    b[1:] = x[:-1]
    c = np.zeros_like(x)
    c[1:, 1:] = x[:-1, :-1]
    p = a + b - c
    pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
    paeth = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
    predictions = np.stack([np.zeros_like(x), a, b, (a + b) >> 1, paeth])
    residual = ((x - predictions + 128) & 255) - 128  # as signed bytes
    kind = np.abs(residual).sum(axis=2, dtype=np.int32).argmin(axis=0)
    rows = (residual[kind, np.arange(h)] & 255).astype(np.uint8)
    raw = np.concatenate([kind.astype(np.uint8)[:, None], rows], axis=1).tobytes()
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b"")


def write_png(path: str, img: np.ndarray) -> None:
    with open(path, "wb") as f:
        f.write(png_bytes(img))


# --------------------------------------------------------------------------
# Drawing primitives (float maps, 0 = black, 1 = white)
# --------------------------------------------------------------------------

_YY, _XX = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32)


@lru_cache(maxsize=None)
def _upsampler(grid: int) -> np.ndarray:
    """[SIZE, grid] Gaussian-kernel interpolation: coarse grid -> smooth map."""
    pos = np.linspace(0, grid - 1, SIZE)[:, None]
    k = np.exp(-((pos - np.arange(grid)[None, :]) ** 2) / (2 * 0.7 ** 2))
    return (k / k.sum(axis=1, keepdims=True)).astype(np.float32)


def smooth_noise(rng: np.random.Generator, grid: int) -> np.ndarray:
    """Smooth noise with features ~SIZE/grid px, scaled to unit std."""
    m = _upsampler(grid)
    n = m @ rng.standard_normal((grid, grid)).astype(np.float32) @ m.T
    return n / (n.std() + 1e-6)


def _window(cy: float, cx: float, reach: float) -> Tuple[slice, slice]:
    y0, y1 = max(0, int(cy - reach)), min(SIZE, int(cy + reach) + 2)
    x0, x1 = max(0, int(cx - reach)), min(SIZE, int(cx + reach) + 2)
    return slice(y0, y1), slice(x0, x1)


def _smoothstep(t: np.ndarray) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3 - 2 * t)


def gaussian_spot(img: np.ndarray, cy: float, cx: float, sigma: float, amp: float) -> None:
    sy, sx = _window(cy, cx, 3.5 * sigma)
    d2 = (_YY[sy, sx] - cy) ** 2 + (_XX[sy, sx] - cx) ** 2
    img[sy, sx] += amp * np.exp(-d2 / (2 * sigma ** 2))


class Shape:
    """An irregular region: union of star-shaped lobes whose boundary radius
    is R(theta) = R * (1 + sum_k a_k cos(k theta + phi_k))."""

    def __init__(self, rng: np.random.Generator, cy: float, cx: float, radius: float,
                 irregularity: float, lobes: int = 1):
        self.cy, self.cx = cy, cx
        self.lobes = []
        for i in range(lobes):
            if i == 0:
                oy = ox = 0.0
                r = radius
            else:
                ang = rng.uniform(0, 2 * np.pi)
                dist = radius * rng.uniform(0.5, 0.9)
                oy, ox = dist * np.sin(ang), dist * np.cos(ang)
                r = radius * rng.uniform(0.45, 0.75)
            ks = np.arange(2, 7)
            amps = irregularity * rng.uniform(0.3, 1.0, ks.size) / ks ** 0.8
            phases = rng.uniform(0, 2 * np.pi, ks.size)
            self.lobes.append((oy, ox, r, ks, amps, phases))
        self.scale = 1.0

    def reach(self) -> float:
        return self.scale * max(np.hypot(oy, ox) + r * (1 + a.sum()) for oy, ox, r, _, a, _ in self.lobes)

    def signed_depth(self, sy: slice, sx: slice) -> np.ndarray:
        """R(theta) - d in px for the window (positive inside), max over lobes."""
        best = None
        for oy, ox, r, ks, amps, phases in self.lobes:
            dy = _YY[sy, sx] - (self.cy + self.scale * oy)
            dx = _XX[sy, sx] - (self.cx + self.scale * ox)
            th = np.arctan2(dy, dx)[..., None]
            rt = self.scale * r * (1 + (amps * np.cos(ks * th + phases)).sum(-1))
            depth = rt - np.hypot(dy, dx)
            best = depth if best is None else np.maximum(best, depth)
        return best

    def mask(self) -> np.ndarray:
        out = np.zeros((SIZE, SIZE), bool)
        sy, sx = _window(self.cy, self.cx, self.reach() + 2)
        out[sy, sx] = self.signed_depth(sy, sx) >= 0
        return out

    def equivalent_radius(self) -> float:
        return float(np.sqrt(self.mask().sum() / np.pi))

    def fit_radius(self, target: float) -> float:
        """Scale the shape so that its equivalent radius is ~target."""
        for _ in range(4):
            r = self.equivalent_radius()
            if abs(r - target) < 0.05:
                break
            self.scale *= target / max(r, 0.5)
        return self.equivalent_radius()

    def paint(self, img: np.ndarray, amp, edge: float, combine=np.add) -> None:
        """img = combine(img, amp * soft mask); edge: softness in px; amp may be a map."""
        sy, sx = _window(self.cy, self.cx, self.reach() + 3 * edge + 2)
        soft = _smoothstep(0.5 + self.signed_depth(sy, sx) / (2 * edge))
        img[sy, sx] = combine(img[sy, sx], (amp[sy, sx] if isinstance(amp, np.ndarray) else amp) * soft)


def shape_with_radius(rng, cy, cx, target: float, irregularity: float, lobes: int,
                      above: Optional[float] = None, below: Optional[float] = None) -> Tuple[Shape, float]:
    """A Shape whose equivalent radius is ~target and, strictly, >= above /
    < below (retries with fresh shapes until it is)."""
    for _ in range(20):
        s = Shape(rng, cy, cx, target, irregularity, lobes)
        r = s.fit_radius(target)
        if (above is None or r >= above) and (below is None or r < below):
            return s, r
    raise RuntimeError(f"could not draw a region of radius {target} within [{above}, {below})")


def place(rng, margin: float, taken: List[Tuple[float, float, float]], gap: float = 0.0,
          near: Optional[Tuple[float, float, float]] = None) -> Tuple[float, float]:
    """A centre at least `margin` from the border, farther than r + gap from
    every `taken` disc (cy, cx, r); within near=(cy, cx, dist) when given."""
    for _ in range(200):
        if near is None:
            cy, cx = rng.uniform(margin, SIZE - margin, 2)
        else:
            ang, dist = rng.uniform(0, 2 * np.pi), rng.uniform(0, near[2])
            cy = float(np.clip(near[0] + dist * np.sin(ang), margin, SIZE - margin))
            cx = float(np.clip(near[1] + dist * np.cos(ang), margin, SIZE - margin))
        if all(np.hypot(cy - y, cx - x) >= r + gap for y, x, r in taken):
            return float(cy), float(cx)
    raise RuntimeError("no free position left in the map")


def background(rng: np.random.Generator) -> np.ndarray:
    base = rng.uniform(0.06, 0.14)
    img = base + rng.uniform(0.015, 0.035) * smooth_noise(rng, 5)
    return img.astype(np.float32)


def add_noise(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """Fine speckle (features of a few px). Smooth rather than per-pixel, so
    the PNGs stay small."""
    return img + rng.uniform(0.006, 0.012) * smooth_noise(rng, 56)


def to_u8(img: np.ndarray) -> np.ndarray:
    return np.round(np.clip(img, 0.0, 1.0) * 255).astype(np.uint8)


# --------------------------------------------------------------------------
# Lesions and distractors
# --------------------------------------------------------------------------


class Druse:
    """Dome-shaped druse, slightly elliptical, area ~ pi r^2."""

    def __init__(self, rng, cy, cx, r):
        aspect = rng.uniform(0.8, 1.25)
        ang = rng.uniform(0, np.pi)
        ry, rx = r * np.sqrt(aspect), r / np.sqrt(aspect)
        self.window = _window(cy, cx, max(ry, rx) + 2)
        sy, sx = self.window
        dy, dx = _YY[sy, sx] - cy, _XX[sy, sx] - cx
        u = (dy * np.cos(ang) + dx * np.sin(ang)) / ry
        v = (-dy * np.sin(ang) + dx * np.cos(ang)) / rx
        self.q = u * u + v * v
        self.cy, self.cx, self.r = cy, cx, r
        self.radius = float(np.sqrt((self.q <= 1).sum() / np.pi))  # equivalent radius

    def paint(self, img, mask, amp):
        """Overlapping drusen merge (maximum), they do not add up."""
        sy, sx = self.window
        img[sy, sx] = np.maximum(img[sy, sx], amp * np.clip(1 - self.q, 0, 1) ** 0.6)
        if mask is not None:
            mask[sy, sx] |= self.q <= 1


def druse_sized(rng, cy, cx, rmin, rmax, above=None, below=None) -> Druse:
    """A druse of radius in [rmin, rmax] whose equivalent radius (pixel count)
    is >= above / < below."""
    for _ in range(50):
        d = Druse(rng, cy, cx, rng.uniform(rmin, rmax))
        if (above is None or d.radius >= above) and (below is None or d.radius < below):
            return d
    raise RuntimeError(f"could not draw a druse within [{above}, {below})")


def small_drusen(rng, img, n, taken, rmin=1.5, rmax=4.0) -> List[float]:
    """Separate small drusen (equivalent radius < LARGE_DRUSEN_RADIUS), never
    touching each other or `taken`. Returns their equivalent radii."""
    radii = []
    for _ in range(n):
        cy, cx = place(rng, 12, taken, gap=rmax + 3)
        d = druse_sized(rng, cy, cx, rmin, rmax, below=LARGE_DRUSEN_RADIUS)
        d.paint(img, None, rng.uniform(0.2, 0.45))
        taken.append((cy, cx, rmax))
        radii.append(d.radius)
    return radii


def mnv_texture(rng) -> np.ndarray:
    """Lacy vascular network in [0.3, 1]: ridges along the zero lines of smooth noise."""
    n = smooth_noise(rng, 40) + 0.5 * smooth_noise(rng, 16)
    return 0.3 + 0.7 * (1 - np.abs(np.tanh(1.5 * n))) ** 2


def vessel(rng, img, amp):
    """A faint, thin, gently curved line across part of the map."""
    ang = rng.uniform(0, np.pi)
    cy, cx = rng.uniform(30, SIZE - 30, 2)
    u = (_YY - cy) * np.sin(ang) + (_XX - cx) * np.cos(ang)   # along the line
    v = -(_YY - cy) * np.cos(ang) + (_XX - cx) * np.sin(ang)  # across
    bend = rng.uniform(10, 30) * np.sin(u / rng.uniform(25, 60) + rng.uniform(0, 2 * np.pi))
    half = rng.uniform(40, 110)
    width = rng.uniform(0.8, 1.6)
    img += amp * np.exp(-((v - bend) ** 2) / (2 * width ** 2)) * _smoothstep((half - np.abs(u)) / 15)


def faint_spots(rng, img, n, rmax, amp_max):
    for _ in range(n):
        cy, cx = rng.uniform(8, SIZE - 8, 2)
        gaussian_spot(img, cy, cx, rng.uniform(1.0, rmax / 2), rng.uniform(0.05, amp_max))


def haze(rng, img, n):
    """Large, low-contrast diffuse patches."""
    for _ in range(n):
        cy, cx = rng.uniform(20, SIZE - 20, 2)
        gaussian_spot(img, cy, cx, rng.uniform(10, 30), rng.uniform(0.04, 0.10))


# --------------------------------------------------------------------------
# One sample
# --------------------------------------------------------------------------


def make_sample(seed: int, index: int, label: int, borderline: bool):
    """Returns (maps uint8 [4,H,W] in MAPS order, masks bool [4,H,W], details dict)."""
    rng = np.random.default_rng([seed, index, 0xA3D])
    img = {k: background(rng) for k in MAPS}
    msk = {k: np.zeros((SIZE, SIZE), bool) for k in MAPS}
    info = {"mnv_radius": 0.0, "fluid_radius": 0.0, "ga_radius": 0.0, "drusen_max_radius": 0.0,
            "small_drusen": 0, "subthreshold": ""}
    taken: List[Tuple[float, float, float]] = []  # drusen discs (cy, cx, r)

    # Which borderline case (one per sample), by grade.
    case = "clear"
    if borderline:
        case = {0: ["drusen_below", "drusen_below", "ga_below"],
                1: ["drusen_above", "drusen_above", "ga_below"],
                2: ["ga_above", "ga_above", "mnv_below"],
                3: ["mnv_faint"]}[label][rng.integers(0, 3 if label < 3 else 1)]

    # --- MNV (grade 3) and fluid -------------------------------------------
    if label == 3:
        faint = case == "mnv_faint"
        target = rng.uniform(MNV_MIN_RADIUS, MNV_MIN_RADIUS + 2.5) if faint else rng.uniform(12, 30)
        cy, cx = place(rng, target * 1.6 + 6, [])
        shape, r = shape_with_radius(rng, cy, cx, target, 0.35, 1 if faint else int(rng.integers(1, 4)),
                                     above=MNV_MIN_RADIUS)
        amp = rng.uniform(0.2, 0.3) if faint else rng.uniform(0.4, 0.75)
        shape.paint(img["mnv"], amp * mnv_texture(rng), edge=1.5)
        msk["mnv"] |= shape.mask()
        info["mnv_radius"] = round(r, 2)
        # fluid pools around the lesion (overlapping pools do not add up)
        pools = 1 if faint else int(rng.integers(1, 4))
        layer = np.zeros((SIZE, SIZE), np.float32)
        for _ in range(pools):
            pr = rng.uniform(4, 7) if faint else rng.uniform(7, 22)
            py, px = place(rng, pr * 1.5 + 4, [], near=(cy, cx, 10 + r))
            pool, _ = shape_with_radius(rng, py, px, pr, 0.25, 1)
            pool.paint(layer, rng.uniform(0.18, 0.3) if faint else rng.uniform(0.3, 0.6), edge=3.0, combine=np.maximum)
            msk["fluid"] |= pool.mask()
        img["fluid"] += layer
        info["fluid_radius"] = round(float(np.sqrt(msk["fluid"].sum() / np.pi)), 2)
    elif case == "mnv_below":
        target = rng.uniform(4.5, MNV_MIN_RADIUS - 0.4)
        cy, cx = place(rng, 16, [])
        shape, r = shape_with_radius(rng, cy, cx, target, 0.35, 1, below=MNV_MIN_RADIUS)
        shape.paint(img["mnv"], rng.uniform(0.15, 0.28) * mnv_texture(rng), edge=1.5)
        info["subthreshold"] = f"mnv {r:.2f}"

    # --- GA (grade 2; a quarter of grade 3) -------------------------------
    if label == 2 or (label == 3 and rng.random() < 0.25) or case == "ga_below":
        if case == "ga_above":
            target, above, below = rng.uniform(GA_MIN_RADIUS, GA_MIN_RADIUS + 2.5), GA_MIN_RADIUS, None
        elif case == "ga_below":
            target, above, below = rng.uniform(7.0, GA_MIN_RADIUS - 0.5), None, GA_MIN_RADIUS
        else:
            target, above, below = rng.uniform(13, 36), GA_MIN_RADIUS, None
        cy, cx = place(rng, target * 1.6 + 6, [])
        lobes = 1 if target < 13 else int(rng.integers(1, 4))
        shape, r = shape_with_radius(rng, cy, cx, target, 0.4, lobes, above=above, below=below)
        amp = rng.uniform(0.3, 0.55) * (1 + 0.15 * smooth_noise(rng, 20))
        shape.paint(img["ga"], amp, edge=1.0)
        if case == "ga_below":
            info["subthreshold"] = f"ga {r:.2f}"
        else:
            msk["ga"] |= shape.mask()
            info["ga_radius"] = round(r, 2)

    # --- Drusen ----------------------------------------------------------
    background_drusen = img["drusen"]
    img["drusen"] = np.zeros((SIZE, SIZE), np.float32)  # drusen layer, added below
    large = label == 1 or (label >= 2 and rng.random() < 0.5)
    regions = []  # equivalent radii of the large/confluent drusen regions
    if large:
        amp = rng.uniform(0.3, 0.6)
        if case == "drusen_above":
            for _ in range(int(rng.integers(1, 3))):
                cy, cx = place(rng, 14, taken, gap=LARGE_DRUSEN_RADIUS + 4)
                d = druse_sized(rng, cy, cx, LARGE_DRUSEN_RADIUS, LARGE_DRUSEN_RADIUS + 1.0,
                                above=LARGE_DRUSEN_RADIUS)
                d.paint(img["drusen"], msk["drusen"], amp * rng.uniform(0.8, 1.1))
                taken.append((cy, cx, d.r + 1))
                regions.append(d.radius)
        elif rng.random() < 0.3:
            # confluent drusen: medium drusen that all cover the cluster centre
            cy, cx = place(rng, 30, taken, gap=16)
            cluster = np.zeros((SIZE, SIZE), bool)
            while cluster.sum() < np.pi * (LARGE_DRUSEN_RADIUS + 1) ** 2 or len(regions) < 3:
                rr = rng.uniform(3.5, 5.5)
                ang, dist = rng.uniform(0, 2 * np.pi), rng.uniform(0, 0.8 * rr)
                d = Druse(rng, cy + dist * np.sin(ang), cx + dist * np.cos(ang), rr)
                d.paint(img["drusen"], cluster, amp * rng.uniform(0.8, 1.1))
                regions.append(d.radius)
            msk["drusen"] |= cluster
            regions = [float(np.sqrt(cluster.sum() / np.pi))]
            taken.append((cy, cx, regions[0] + 4))
        else:
            for _ in range(int(rng.integers(1, 7))):
                cy, cx = place(rng, 22, taken, gap=17)
                d = druse_sized(rng, cy, cx, 7.0, 13.0, above=LARGE_DRUSEN_RADIUS)
                d.paint(img["drusen"], msk["drusen"], amp * rng.uniform(0.8, 1.15))
                taken.append((cy, cx, d.r + 1))
                regions.append(d.radius)
        info["drusen_max_radius"] = round(max(regions), 2)
    if case == "drusen_below":
        radii = small_drusen(rng, img["drusen"], int(rng.integers(1, 4)), taken, rmin=4.8,
                             rmax=LARGE_DRUSEN_RADIUS)
        info["subthreshold"] = "drusen " + " ".join(f"{r:.2f}" for r in radii)
    n_small = int(rng.integers(0, 7))
    small_drusen(rng, img["drusen"], n_small, taken)
    info["small_drusen"] = n_small
    img["drusen"] += background_drusen

    # --- Distractors, every map --------------------------------------------
    for _ in range(int(rng.integers(1, 4))):
        vessel(rng, img["mnv"], rng.uniform(0.08, 0.2))
    faint_spots(rng, img["mnv"], int(rng.integers(2, 6)), 8.0, 0.18)
    faint_spots(rng, img["fluid"], int(rng.integers(1, 5)), 7.0, 0.16)
    faint_spots(rng, img["ga"], int(rng.integers(2, 6)), 6.0, 0.3)
    faint_spots(rng, img["drusen"], int(rng.integers(0, 4)), 6.0, 0.12)
    for k in MAPS:
        haze(rng, img[k], int(rng.integers(0, 3)))

    maps = np.stack([to_u8(add_noise(rng, img[k])) for k in MAPS])
    masks = np.stack([msk[k] for k in MAPS])
    info.update(label=label, borderline=int(borderline), case=case)
    return maps, masks, info


def assignment(count: int, seed: int) -> Tuple[np.ndarray, np.ndarray]:
    """Balanced grades and borderline flags (BORDERLINE_SHARE of each grade)."""
    rng = np.random.default_rng([seed, 0xB0D])
    order = rng.permutation(count)
    labels = np.empty(count, np.int64)
    labels[order] = np.arange(count) % 4
    per_grade = np.bincount(labels, minlength=4)
    borderline = np.zeros(count, bool)
    rank = np.empty(count, np.int64)
    rank[order] = np.arange(count) // 4  # rank of the sample within its grade, in `order`
    for g in range(4):
        sel = labels == g
        borderline[sel] = rank[sel] < int(round(BORDERLINE_SHARE * per_grade[g]))
    return labels, borderline


def generate(count: int, seed: int):
    """Yields (index, maps, masks, details) for count samples."""
    labels, borderline = assignment(count, seed)
    for i in range(count):
        maps, masks, info = make_sample(seed, i, int(labels[i]), bool(borderline[i]))
        yield i, maps, masks, info


def generate_arrays(count: int, seed: int):
    """All samples in memory: maps uint8 [N,4,H,W], labels int64 [N], details."""
    maps = np.empty((count, 4, SIZE, SIZE), np.uint8)
    labels = np.empty(count, np.int64)
    details = []
    for i, m, _, info in generate(count, seed):
        maps[i] = m
        labels[i] = info["label"]
        details.append(info)
    return maps, labels, details


def sample_id(i: int, count: int) -> str:
    return f"s{i + 1:0{max(4, len(str(count)))}d}"


def write_dataset(out: str, count: int, seed: int) -> Dict[str, object]:
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    os.makedirs(os.path.join(out, "masks"), exist_ok=True)
    rows, details = [], []
    for i, maps, masks, info in generate(count, seed):
        sid = sample_id(i, count)
        row = {"id": sid}
        for k, m, mk in zip(MAPS, maps, masks):
            row[k] = f"images/{sid}_{k}.png"
            row[f"mask_{k}"] = f"masks/{sid}_{k}.png"
            write_png(os.path.join(out, row[k]), m)
            write_png(os.path.join(out, row[f"mask_{k}"]), mk.astype(np.uint8) * 255)
        row["label"] = info["label"]
        rows.append(row)
        details.append({"id": sid, **info})
    header = ["id", *MAPS, "label", *[f"mask_{k}" for k in MAPS]]
    with open(os.path.join(out, "manifest.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(out, "details.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=DETAIL_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(details)
    labels = [r["label"] for r in rows]
    return {"count": count, "per_grade": [labels.count(g) for g in range(4)],
            "borderline": sum(d["borderline"] for d in details)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--count", type=int, required=True, help="number of samples")
    parser.add_argument("--seed", type=int, required=True, help="random seed")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be positive")
    t0 = time.time()
    summary = write_dataset(args.out, args.count, args.seed)
    print(f"{summary['count']} samples (per grade {summary['per_grade']}, {summary['borderline']} borderline) "
          f"written to {args.out} in {time.time() - t0:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
