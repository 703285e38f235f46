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
Cases: b1_pred (batch 1, predicted class), b1_other (same input, another
class), b4_mixed (batch 4; row 0 is the b1 input; >= 3 distinct targets).

References are pytorch-grad-cam's GradCAM computed on a float64 copy of the
model and saved as float32. Everything is seeded: reruns give the same files.
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


def save_case(case_dir, spec, xs, res64, res32):
    os.makedirs(case_dir)

    def save(name, t, dtype=np.float32):
        np.save(os.path.join(case_dir, name + ".npy"), np.ascontiguousarray(t.detach().numpy().astype(dtype)))

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
    return entry


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
    cases, results = [], {}
    for case, xs, targets in (("b1_pred", xs1, [pred]), ("b1_other", xs1, [other]), ("b4_mixed", xs4, targets4)):
        res64 = ref(xs, targets)
        res32 = G.compute_gradcam(model, xs, targets32, torch.tensor(targets))
        assert cams_ok(spec, res64, range(len(targets))), f"{case}: degenerate CAM"
        entry = save_case(os.path.join(out, "cases", case), spec, xs, res64, res32)
        cases.append({"name": case, "dir": f"cases/{case}", **entry})
        results[case] = res64
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
        "exportNotes": export["notes"],
        "cases": cases,
    }
    G.write_json(os.path.join(out, "reference.json"), reference)
    print(f"  opset {export['opset']}; ops {' '.join(export['opTypes'])}")
    for t in reference["targetLayers"]:
        print(f"  {t['tensor']} = {t['module']} {t['shape']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    torch.set_num_threads(2)
    for spec in G.FIXTURE_SPECS:
        make_model_fixture(spec, args.out)


if __name__ == "__main__":
    main()
