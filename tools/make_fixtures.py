#!/usr/bin/python3
"""Generate the Grad-CAM test fixtures of gradcam-core.

    /usr/bin/python3 tools/make_fixtures.py [--out packages/gradcam-core/test/fixtures]

For each model of gradcam_models.FIXTURE_SPECS, writes <out>/<model>/:
  model.onnx       calibrated random-weight model, float32, dynamic batch; the
                   Grad-CAM target tensors are named target_<input>
  gradcam.json     the product's model configuration
  reference.json   shapes, op types and the cases below
  cases/<case>/    input_<name>.npy [N,C,H,W], targets.npy (int64 [N]),
                   output.npy [N,K], and per input act_/grad_<name>.npy
                   [N,C,h,w], camraw_<name>.npy [N,h,w], cam_<name>.npy [N,H,W]
                   (Grad-CAM), and cam_<method>_<name>.npy [N,H,W] for each of
                   OTHER_METHODS, as uint16 fixed point (value / 65535)
Cases: b1_pred (batch 1, predicted class), b1_other (same input, another
class), b4_mixed (batch 4; row 0 is the b1 input; >= 3 distinct targets).

References are pytorch-grad-cam's GradCAM (and GradCAMPlusPlus, XGradCAM,
HiResCAM, LayerCAM, EigenCAM) computed on a float64 copy of the model and saved
as float32 (uint16 for the other methods' final maps, which lie in [0, 1]: the
rounding error, <= 7.7e-6, is far below the tests' tolerance and halves the
files). Everything is seeded: reruns give the same files.
"""

import argparse
import os
import shutil
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradcam_models as G  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "packages", "gradcam-core", "test", "fixtures")
SEEDS = {"effnet4": 1001, "resnet_mlp": 2002, "mobilenetv3_softmax": 3003}
MIN_CAM_STD = 0.05  # a normalised map flatter than this is not a useful test
OTHER_METHODS = ["gradcam++", "xgradcam", "hirescam", "layercam", "eigencam"]
# EigenCAM's sign convention (largest-magnitude entry positive) must not hinge
# on a near tie between the projection's maximum and minus its minimum.
MIN_EIGEN_SIGN_MARGIN = 1e-3


def cam_std(res, name, row):
    return float(res["layers"][name]["cam"][row].std(unbiased=False))


def cams_ok(spec, res, rows):
    return all(cam_std(res, s.name, r) > MIN_CAM_STD for s in spec.inputs for r in rows)


class Reference:
    """Float64 Grad-CAM of one model."""

    def __init__(self, spec, model):
        self.spec = spec
        self.model = G.float64_copy(model)
        self.targets = spec.target_modules(self.model)

    def __call__(self, xs, targets=None):
        if targets is not None:
            targets = torch.as_tensor(targets, dtype=torch.int64)
        return G.compute_gradcam(self.model, [x.double() for x in xs], self.targets, targets)


def pick_b1(spec, ref, gen):
    """A sample whose predicted-class CAMs and some other class's CAMs are all
    non-degenerate and differ from each other."""
    for _ in range(100):
        xs = G.synthetic_batch(spec, 1, gen)
        pred = ref(xs)
        if not cams_ok(spec, pred, [0]):
            continue
        for c in pred["output"][0].argsort(descending=True)[1:].tolist():
            other = ref(xs, [c])
            differs = all(
                float((pred["layers"][s.name]["cam"] - other["layers"][s.name]["cam"]).abs().max()) > 0.05
                for s in spec.inputs)
            if cams_ok(spec, other, [0]) and differs:
                return xs, int(pred["targets"][0]), c
    raise RuntimeError(f"{spec.name}: no sample with non-degenerate CAMs")


def pick_b4(spec, ref, gen, xs0, pred0):
    """Row 0 = the b1 sample (predicted class); then rows targeting another
    class, the predicted class and another class, preferring unused classes so
    that the batch has at least 3 distinct targets."""
    rows, targets = [xs0], [pred0]
    for kind in ("other", "pred", "other"):
        for _ in range(100):
            xs = G.synthetic_batch(spec, 1, gen)
            p = int(ref(xs)["targets"][0])
            if kind == "pred":
                cands = [p]
            else:
                cands = sorted((c for c in range(spec.num_classes) if c != p), key=lambda c: c in targets)
            c = next((c for c in cands if cams_ok(spec, ref(xs, [c]), [0])), None)
            if c is not None:
                rows.append(xs)
                targets.append(c)
                break
        else:
            raise RuntimeError(f"{spec.name}: no sample for a '{kind}' row")
    xs = [torch.cat([r[i] for r in rows]) for i in range(len(spec.inputs))]
    return xs, targets


def eigen_sign_margin(act):
    """Per row: |max + min| / max|.| of EigenCAM's projection; 0 would be a tie."""
    p = G.eigencam_map(act).flatten(1)
    return ((p.amax(1) + p.amin(1)).abs() / p.abs().amax(1)).tolist()


def save_case(case_dir, spec, xs, res64, res32):
    os.makedirs(case_dir)

    def save(name, t, dtype=np.float32):
        np.save(os.path.join(case_dir, name + ".npy"), np.ascontiguousarray(t.detach().numpy().astype(dtype)))

    def save_map(name, cam):
        assert float(cam.min()) >= 0 and float(cam.max()) <= 1
        np.save(os.path.join(case_dir, name + ".npy"), np.round(cam.numpy() * 65535).astype("<u2"))

    for s, x in zip(spec.inputs, xs):
        save(f"input_{s.name}", x)
    save("targets", res64["targets"], np.dtype("<i8"))
    save("output", res64["output"])
    n = xs[0].shape[0]
    pred64 = res64["output"].argmax(1).tolist()
    assert pred64 == res32["output"].argmax(1).tolist(), "float32 and float64 predict differently"
    entry = {"batch": n, "targets": res64["targets"].tolist(), "predicted": pred64, "camRaw": {},
             "float32VsFloat64": {"outputMaxAbsDiff": float((res32["output"] - res64["output"]).abs().max()),
                                  "camMaxAbsDiff": {}}}
    for s in spec.inputs:
        layer = res64["layers"][s.name]
        for key, prefix in (("act", "act"), ("grad", "grad"), ("raw", "camraw"), ("cam", "cam")):
            save(f"{prefix}_{s.name}", layer[key])
        raw = layer["raw"].flatten(1)
        entry["camRaw"][s.name] = {"min": raw.min(1).values.tolist(), "max": raw.max(1).values.tolist()}
        cam_diff = float((res32["layers"][s.name]["cam"] - layer["cam"]).abs().max())
        # a float32 engine must be able to reproduce the maps
        assert cam_diff < 1e-4, f"{s.name}: float32 CAM is ill-conditioned ({cam_diff})"
        entry["float32VsFloat64"]["camMaxAbsDiff"][s.name] = cam_diff
    entry["methods"] = {}
    for method in OTHER_METHODS:
        result = entry["methods"][method] = {"camRaw": {}, "float32VsFloat64CamMaxAbsDiff": {}}
        for s, x in zip(spec.inputs, xs):
            l64, l32 = res64["layers"][s.name], res32["layers"][s.name]
            maps64 = G.cam_maps(method, l64["act"], l64["grad"], x.shape[-2:])
            maps32 = G.cam_maps(method, l32["act"], l32["grad"].detach(), x.shape[-2:])
            save_map(f"cam_{method}_{s.name}", maps64["cam"])
            raw = maps64["raw"].flatten(1)
            result["camRaw"][s.name] = {"min": raw.min(1).values.tolist(), "max": raw.max(1).values.tolist()}
            cam_diff = float((maps32["cam"] - maps64["cam"]).abs().max())
            assert cam_diff < 1e-4, f"{method} {s.name}: float32 CAM is ill-conditioned ({cam_diff})"
            result["float32VsFloat64CamMaxAbsDiff"][s.name] = cam_diff
            if method == "eigencam":
                margin = min(eigen_sign_margin(l64["act"]))
                assert margin > MIN_EIGEN_SIGN_MARGIN, f"{s.name}: EigenCAM's sign is a near tie ({margin})"
                result.setdefault("signMargin", {})[s.name] = margin
    return entry


def cam_of(res, method, s, x):
    layer = res["layers"][s.name]
    return G.cam_maps(method, layer["act"], layer["grad"], x.shape[-2:])["cam"]


def compare_methods(spec, results, xs_by_case):
    """Checks where methods must coincide; returns, per method, the largest
    difference from Grad-CAM's map over this model's cases."""
    differences = {}
    for method in OTHER_METHODS:
        d = 0.0
        for case, res in results.items():
            for s, x in zip(spec.inputs, xs_by_case[case]):
                other = cam_of(res, method, s, x)
                gradcam = res["layers"][s.name]["cam"]
                d = max(d, float((other - gradcam).abs().max()))
                if method == "hirescam" and spec.pooled_after_target:
                    # the gradient behind global average pooling is its mean at every position
                    assert torch.allclose(other, gradcam, atol=1e-9), f"{case} {s.name}: HiResCAM != Grad-CAM"
        differences[method] = d
    print("  max |map - Grad-CAM map|: " + ", ".join(f"{m} {d:.3f}" for m, d in differences.items()))
    return differences


def make_model_fixture(spec, out_root):
    out = os.path.join(out_root, spec.name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    seed = SEEDS[spec.name]
    model = G.build_calibrated(spec, seed)

    # Calibration must leave the classifier input-dependent.
    gen = torch.Generator().manual_seed(seed + 2)
    with torch.no_grad():
        preds = model(*G.synthetic_batch(spec, 32, gen)).argmax(1)
    print(f"{spec.name}: predicted classes of 32 synthetic samples {preds.tolist()}")
    assert len(set(preds.tolist())) >= 3, "predictions do not vary across inputs"

    export = G.export_onnx(model, spec, os.path.join(out, "model.onnx"))
    G.write_json(os.path.join(out, "gradcam.json"), G.gradcam_config(spec))

    ref = Reference(spec, model)
    targets32 = spec.target_modules(model)
    xs1, pred, other = pick_b1(spec, ref, gen)
    xs4, targets4 = pick_b4(spec, ref, gen, xs1, pred)
    assert len(set(targets4)) >= 3

    module_names = {id(m): n for n, m in model.named_modules()}
    cases, results, xs_by_case = [], {}, {}
    for case, xs, targets in (("b1_pred", xs1, [pred]), ("b1_other", xs1, [other]), ("b4_mixed", xs4, targets4)):
        res64 = ref(xs, targets)
        res32 = G.compute_gradcam(model, xs, targets32, torch.tensor(targets))
        assert cams_ok(spec, res64, range(len(targets))), f"{case}: degenerate CAM"
        entry = save_case(os.path.join(out, "cases", case), spec, xs, res64, res32)
        cases.append({"name": case, "dir": f"cases/{case}", **entry})
        results[case] = res64
        xs_by_case[case] = xs
        print(f"  {case}: targets {entry['targets']} predicted {entry['predicted']} "
              f"f32-f64 output {entry['float32VsFloat64']['outputMaxAbsDiff']:.2e} "
              f"cam {max(entry['float32VsFloat64']['camMaxAbsDiff'].values()):.2e}")

    # Rows are independent: b4 row 0 must reproduce b1_pred; the other class
    # must give a different map.
    for s in spec.inputs:
        a, b = results["b1_pred"]["layers"][s.name], results["b4_mixed"]["layers"][s.name]
        assert torch.allclose(a["cam"][0], b["cam"][0], atol=1e-9), "batch rows interact"
        d = (a["cam"] - results["b1_other"]["layers"][s.name]["cam"]).abs().max()
        assert d > 0.05, "predicted and other class give the same map"
    differences = compare_methods(spec, results, xs_by_case)

    act_shapes = {s.name: list(results["b1_pred"]["layers"][s.name]["act"].shape[1:]) for s in spec.inputs}
    reference = {
        "model": spec.name,
        "onnx": "model.onnx",
        "opset": export["opset"],
        "opTypes": export["opTypes"],
        "inputs": [{"name": s.name, "shape": ["batch", s.channels, s.height, s.width]} for s in spec.inputs],
        "output": {"name": spec.output, "kind": spec.output_kind, "shape": ["batch", spec.num_classes]},
        "classes": spec.classes,
        "targetLayers": [{"input": s.name, "tensor": spec.target_tensor(s.name),
                          "module": module_names[id(targets32[s.name])],
                          "shape": ["batch"] + act_shapes[s.name]} for s in spec.inputs],
        "gradcam": ("pytorch-grad-cam GradCAM, float64: score = sum_n output[n, targets[n]] (output as exported); "
                    "w = mean_hw d(score)/d(act); camraw = relu(sum_c w_c act_c); per map: x -= min, "
                    "x /= 1e-7 + max; bilinear resize to HxW (align_corners=False); x -= min, x /= 1e-7 + max"),
        "methods": {
            "gradcam++": "pytorch-grad-cam GradCAMPlusPlus: g2 = g^2, g3 = g^3, a = g2 / (2 g2 + sum_hw(act) g3 + 1e-6), "
                         "a = 0 where g = 0; w = sum_hw relu(g) a; camraw = relu(sum_c w_c act_c)",
            "xgradcam": "pytorch-grad-cam XGradCAM: w = sum_hw(g act / (sum_hw(act) + 1e-7)); camraw = relu(sum_c w_c act_c)",
            "hirescam": "pytorch-grad-cam HiResCAM: camraw = relu(sum_c g act)",
            "layercam": "pytorch-grad-cam LayerCAM: camraw = relu(sum_c relu(g) act)",
            "eigencam": "pytorch-grad-cam EigenCAM (get_2d_projection): per row X = act as [h*w, C] minus the mean "
                        "over positions; p = X v1 (v1 first right-singular vector, torch.linalg.svd), signed so "
                        "that max(p) + min(p) >= 0; camraw = relu(p)",
            "files": "cam_<method>_<input>.npy: final map [N,H,W] as uint16, value = q / 65535; the same "
                     "normalisation and resize as Grad-CAM",
        },
        "exportNotes": export["notes"],
        "cases": cases,
    }
    G.write_json(os.path.join(out, "reference.json"), reference)
    print(f"  opset {export['opset']}; ops {' '.join(export['opTypes'])}")
    for t in reference["targetLayers"]:
        print(f"  {t['tensor']} = {t['module']} {t['shape']}")
    return differences


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    torch.set_num_threads(2)
    differences = [make_model_fixture(spec, args.out) for spec in G.FIXTURE_SPECS]
    # These are genuinely other methods: each must change some map.
    for method in ("gradcam++", "xgradcam", "layercam"):
        d = max(m[method] for m in differences)
        assert d > 0.05, f"{method} gives Grad-CAM's maps on every fixture (max difference {d})"


if __name__ == "__main__":
    main()
