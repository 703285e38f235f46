#!/usr/bin/python3
"""Score-CAM and Ablation-CAM references for the gradcam-core fixtures.

    /usr/bin/python3 tools/forward_cam_reference.py [--fixtures packages/gradcam-core/test/fixtures]

Rebuilds each fixture's PyTorch model exactly as make_fixtures.py does (same
seed, same weights), checks that it reproduces the fixture's output.npy, then
writes for every case and input:

  cases/<case>/cam_scorecam_<input>.npy     final map [N,H,W]
  cases/<case>/cam_ablationcam_<input>.npy  final map [N,H,W]

as uint16 fixed point (value = q / 65535, rounding error <= 7.7e-6), like the
other methods' maps. Run it again after make_fixtures.py, which rewrites the
fixture folders.

Both methods are computed in float64, per sample and per input branch, with
the target score of the fixture (the raw logit, or the probability for a model
that outputs probabilities):

  Score-CAM (Wang et al., CVPR-W 2020): M_k = bilinear upsample of A_k to the
  input size (half-pixel centres), min-max normalised to [0, 1] (all zeros
  when A_k is constant); s_k = score of the forward pass with the branch's
  input multiplied by M_k, the other inputs unchanged; w = softmax_k(s).
  Ablation-CAM (Desai & Ramaswamy, WACV 2020, eq. 3): w_k = (y_c - y_c^k) /
  y_c, y_c^k the score with channel k of the branch's target activation set
  to zero, the other branches untouched.

Then the map Grad-CAM uses: relu(sum_k w_k A_k), min-max normalisation,
bilinear resize to H x W (half-pixel centres), normalisation again.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradcam_models as G  # noqa: E402
from make_fixtures import DEFAULT_OUT, SEEDS  # noqa: E402

CHUNK = 64  # rows per forward pass; the results do not depend on it
OUTPUT_TOLERANCE = 1e-5


def load_case(case_dir, spec):
    xs = [torch.from_numpy(np.load(os.path.join(case_dir, f"input_{s.name}.npy"))) for s in spec.inputs]
    targets = np.load(os.path.join(case_dir, "targets.npy")).tolist()
    output = torch.from_numpy(np.load(os.path.join(case_dir, "output.npy")))
    return xs, targets, output


class ForwardCams:
    """Score-CAM and Ablation-CAM weights of one float64 model, one sample at a time."""

    def __init__(self, spec, model64):
        self.spec = spec
        self.model = model64
        self.modules = spec.target_modules(model64)
        self.names = [s.name for s in spec.inputs]
        self.ablate = None  # (branch name, channel per row) while an ablation pass runs
        for name, module in self.modules.items():
            module.register_forward_hook(self._hook(name))

    def _hook(self, name):
        def on_forward(mod, inp, out):
            self.acts[name] = out.detach()
            if self.ablate is not None and self.ablate[0] == name:
                out = out.clone()
                out[torch.arange(out.shape[0]), self.ablate[1]] = 0
                return out
            return None
        return on_forward

    @torch.no_grad()
    def forward(self, xs):
        self.acts = {}
        return self.model(*xs)

    @torch.no_grad()
    def activations(self, xs):
        """Scores [N,K] and target activations per input [N,C,h,w]."""
        out = self.forward(xs)
        return out, dict(self.acts)

    def _repeat(self, xs, n, rows):
        return [x[n:n + 1].expand(rows, *x.shape[1:]) for x in xs]

    @torch.no_grad()
    def score_cam(self, xs, n, acts):
        """Per input: the scores of every class for every masked pass, [C,K]."""
        result = {}
        for i, name in enumerate(self.names):
            a = acts[name][n]  # [C,h,w]
            size = xs[i].shape[-2:]
            up = F.interpolate(a[:, None], size=tuple(size), mode="bilinear", align_corners=False)[:, 0]
            lo, hi = up.amin(dim=(1, 2), keepdim=True), up.amax(dim=(1, 2), keepdim=True)
            # Constant maps are tested on A_k, where it is exact: resizing a constant map can
            # leave rounding noise that normalisation would blow up to [0, 1].
            constant = (a.amax(dim=(1, 2)) == a.amin(dim=(1, 2)))[:, None, None]
            masks = torch.where(constant, torch.zeros_like(up), (up - lo) / torch.where(constant, torch.ones_like(hi), hi - lo))
            scores = []
            for k0 in range(0, masks.shape[0], CHUNK):
                m = masks[k0:k0 + CHUNK]
                batch = self._repeat(xs, n, m.shape[0])
                batch[i] = xs[i][n:n + 1] * m[:, None]
                scores.append(self.forward(batch))
            result[name] = torch.cat(scores)
        return result

    @torch.no_grad()
    def ablation_cam(self, xs, n, acts):
        """Per input: the scores of every class with channel k ablated, [C,K]."""
        result = {}
        for name in self.names:
            channels = acts[name].shape[1]
            scores = []
            for k0 in range(0, channels, CHUNK):
                ks = torch.arange(k0, min(k0 + CHUNK, channels))
                self.ablate = (name, ks)
                try:
                    scores.append(self.forward(self._repeat(xs, n, len(ks))))
                finally:
                    self.ablate = None
            result[name] = torch.cat(scores)
        return result


def final_map(act, weights, size):
    """[N,C,h,w] activations and [N,C] weights -> final map [N,H,W]."""
    raw = F.relu((weights[:, :, None, None] * act).sum(dim=1))
    up = F.interpolate(G._minmax(raw)[:, None], size=tuple(size), mode="bilinear", align_corners=False, antialias=False)[:, 0]
    return G._minmax(up)


def save_map(path, cam):
    assert float(cam.min()) >= 0 and float(cam.max()) <= 1
    np.save(path, np.round(cam.numpy() * 65535).astype("<u2"))


def make_model_references(spec, root):
    folder = os.path.join(root, spec.name)
    with open(os.path.join(folder, "reference.json")) as f:
        reference = json.load(f)
    model = G.build_calibrated(spec, SEEDS[spec.name])
    model64 = G.float64_copy(model)
    cams = ForwardCams(spec, model64)
    cache = {}  # the b1 cases share their input: its passes are run once
    for case in reference["cases"]:
        started = time.time()
        case_dir = os.path.join(folder, case["dir"])
        xs, targets, expected = load_case(case_dir, spec)
        with torch.no_grad():
            d32 = float((model(*xs) - expected).abs().max())
        out, acts = cams.activations([x.double() for x in xs])
        d64 = float((out - expected.double()).abs().max())
        # output.npy holds the float64 model's output: float32 is only reported (it is ~1e-5 off by itself)
        assert d64 < OUTPUT_TOLERANCE, f"{spec.name}/{case['name']}: the rebuilt model differs from the fixture ({d64:.2e})"
        x64 = [x.double() for x in xs]
        maps = {"scorecam": {s.name: [] for s in spec.inputs}, "ablationcam": {s.name: [] for s in spec.inputs}}
        for n, target in enumerate(targets):
            key = b"".join(x[n].numpy().tobytes() for x in xs)
            if key not in cache:
                cache[key] = (cams.score_cam(x64, n, acts), cams.ablation_cam(x64, n, acts))
            masked, ablated = cache[key]
            y = out[n, target]
            for i, s in enumerate(spec.inputs):
                a = acts[s.name][n:n + 1]
                w_score = torch.softmax(masked[s.name][:, target], dim=0)
                w_ablation = (y - ablated[s.name][:, target]) / y
                maps["scorecam"][s.name].append(final_map(a, w_score[None], xs[i].shape[-2:]))
                maps["ablationcam"][s.name].append(final_map(a, w_ablation[None], xs[i].shape[-2:]))
        for method, per_input in maps.items():
            for name, rows in per_input.items():
                save_map(os.path.join(case_dir, f"cam_{method}_{name}.npy"), torch.cat(rows))
        print(f"{spec.name}/{case['name']}: output vs fixture {d64:.1e} (float32 model {d32:.1e}); {time.time() - started:.0f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", default=DEFAULT_OUT)
    parser.add_argument("--model", action="append", help="only these fixture models (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(2)  # as make_fixtures.py: the calibration's float32 sums then match
    for spec in G.FIXTURE_SPECS:
        if args.model and spec.name not in args.model:
            continue
        make_model_references(spec, args.fixtures)


if __name__ == "__main__":
    main()
