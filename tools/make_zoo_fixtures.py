#!/usr/bin/python3
"""Grad-CAM fixtures of gradcam-core for other model families (the zoo).

    /usr/bin/python3 tools/make_zoo_fixtures.py [--timm-src DIR] [--out DIR] [--model NAME ...]

For each family of zoo_models.ZOO_SPECS (default: all, in order of
importance), writes <out>/<name>/ (default out:
packages/gradcam-core/test/fixtures/zoo) in the format of make_fixtures.py:
model.onnx, gradcam.json, reference.json and cases/{b1_pred,b1_other,b4_mixed}/
with input_*.npy, targets.npy, output.npy, act_/grad_<input>.npy (no
camraw_: reference.json's camRaw holds the raw maps' extremes) and the final maps cam_<method>_<input>.npy (uint16, value / 65535) for
gradcam (Grad-CAM), gradcam++, xgradcam, hirescam, layercam and eigencam; for the families with forward_cams (vit,
swin) also cam_scorecam_<input>.npy and cam_ablationcam_<input>.npy.

The target layer's activation and gradient are seen through pytorch-grad-cam's
reshape_transform: act_/grad_ hold the transformed [N,C,h,w] tensors
(tokens [N,P+h*w,C]: prefix tokens dropped, reshaped, channels first;
channels-last [N,H,W,C]: permuted). Gradients: of the raw output of the
target (binary: +z for class 1 and -z for class 0, pytorch-grad-cam's
BinaryClassifierOutputTarget), summed over the batch, in float64.

The timm-based families need timm's source: --timm-src DIR (the folder that
holds timm/) or $TIMM_SRC; without it such a family fails with a one-line
error (exit status 2). Checks (asserts): ONNX Runtime (tools/ort_logits.js,
node) reproduces torch's output within 1e-4 on a batch of 3; float32 and
float64 agree; b4 row 0 equals b1_pred; another target gives another map.
Seeded: reruns give the same files.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forward_cam_reference as FC  # noqa: E402
import gradcam_models as G  # noqa: E402
import zoo_models as Z  # noqa: E402
from make_fixtures import MIN_CAM_STD, MIN_EIGEN_SIGN_MARGIN, OTHER_METHODS, eigen_sign_margin  # noqa: E402

TOOLS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TOOLS)
DEFAULT_OUT = os.path.join(ROOT, "packages", "gradcam-core", "test", "fixtures", "zoo")
ORT_LOGITS = os.path.join(TOOLS, "ort_logits.js")
ORT_ATOL = 1e-4
F32_MARGIN = 3e-5  # case selection: float32 maps this close to float64 (save_case asserts 1e-4)


# --------------------------------------------------------------------------
# Tasks: score of a target, default target, what reference.json records
# --------------------------------------------------------------------------


def score_fn(spec):
    """Per-row score of the targets: the raw output of the target (binary: the
    sign of BinaryClassifierOutputTarget)."""
    if spec.task == "binary":
        return lambda out, t: out[:, 0] * (2 * t.to(out.dtype) - 1)
    return lambda out, t: out.gather(1, t[:, None])[:, 0]


def predict_fn(spec):
    """Default targets: argmax (multilabel: the most probable label); binary:
    class 1 where sigmoid(z) >= 0.5; regression: output 0."""
    if spec.task == "binary":
        return lambda out: (out[:, 0] >= 0).long()
    if spec.task == "regression":
        return lambda out: torch.zeros(out.shape[0], dtype=torch.int64)
    return lambda out: out.argmax(1)


def n_targets(spec):
    return 2 if spec.task == "binary" else spec.num_classes


def other_targets(spec, out_row, predicted):
    """The targets other than `predicted`, the highest-scoring first."""
    if spec.task == "binary":
        return [1 - predicted]
    if spec.task == "regression":
        return [k for k in range(spec.num_classes) if k != predicted]
    return [c for c in out_row.argsort(descending=True).tolist() if c != predicted]


class Reference:
    """Float64 (or float32) Grad-CAM of one zoo model, through reshape_transform."""

    def __init__(self, spec, model, dtype=torch.float64):
        self.spec = spec
        self.dtype = dtype
        self.model = G.float64_copy(model) if dtype == torch.float64 else model
        self.targets = spec.target_modules(self.model)
        self.transforms = {s.name: Z.reshape_transform(spec) for s in spec.inputs}

    def __call__(self, xs, targets=None):
        if targets is not None:
            targets = torch.as_tensor(targets, dtype=torch.int64)
        return G.compute_gradcam(self.model, [x.to(self.dtype) for x in xs], self.targets, targets,
                                 reshape_transforms=self.transforms, score_fn=score_fn(self.spec),
                                 predict_fn=predict_fn(self.spec))


def cams_ok(spec, res, rows):
    return all(float(res["layers"][s.name]["cam"][r].std(unbiased=False)) > MIN_CAM_STD
               for s in spec.inputs for r in rows)


class SampleCheck:
    """Whether a sample [1,...] and target make a useful case: every method's
    map non-degenerate (Grad-CAM's, and Score-CAM's and Ablation-CAM's with
    `forward`) and reproducible in float32 (each method's float32 map within
    F32_MARGIN of the float64 one, well inside save_case's 1e-4)."""

    def __init__(self, spec, ref, ref32, forward=None):
        self.spec, self.ref, self.ref32, self.forward = spec, ref, ref32, forward

    def __call__(self, xs, target, res=None):
        res = res if res is not None else self.ref(xs, [target])
        if not cams_ok(self.spec, res, [0]):
            return False
        res32 = self.ref32(xs, [target])
        for s in self.spec.inputs:
            l64, l32 = res["layers"][s.name], res32["layers"][s.name]
            for method in OTHER_METHODS:
                m64 = G.cam_maps(method, l64["act"], l64["grad"], xs[0].shape[-2:])["cam"]
                m32 = G.cam_maps(method, l32["act"], l32["grad"].detach(), xs[0].shape[-2:])["cam"]
                if float((m64 - m32).abs().max()) > F32_MARGIN:
                    return False
            if min(eigen_sign_margin(l64["act"])) < 10 * MIN_EIGEN_SIGN_MARGIN:
                return False
        return self.forward is None or self.forward.ok(xs, target)


def pick_b1(spec, ref, gen, check):
    """A sample whose default-target CAMs and some other target's CAMs pass
    `check` and differ from each other."""
    for _ in range(300):
        xs = G.synthetic_batch(spec, 1, gen)
        pred = ref(xs)
        p = int(pred["targets"][0])
        if not check(xs, p, pred):
            continue
        for c in other_targets(spec, pred["output"][0], p):
            other = ref(xs, [c])
            differs = all(
                float((pred["layers"][s.name]["cam"] - other["layers"][s.name]["cam"]).abs().max()) > 0.05
                for s in spec.inputs)
            if differs and check(xs, c, other):
                return xs, p, c
    raise RuntimeError(f"{spec.name}: no sample with non-degenerate CAMs")


def pick_b4(spec, ref, gen, xs0, pred0, check):
    """Row 0 = the b1 sample (default target); then rows targeting another
    class, the default target and another class, preferring targets not used
    yet (>= 3 distinct targets where there are >= 3, both where there are 2)."""
    rows, targets = [xs0], [pred0]
    for kind in ("other", "pred", "other"):
        for attempt in range(400):
            xs = G.synthetic_batch(spec, 1, gen)
            res = ref(xs)
            p = int(res["targets"][0])
            cands = [p] if kind == "pred" else other_targets(spec, res["output"][0], p)
            if kind == "other" and attempt < 300:
                cands = [c for c in cands if c not in targets]  # an unused target first
            c = next((c for c in cands if check(xs, c)), None)
            if c is not None:
                rows.append(xs)
                targets.append(c)
                break
        else:
            raise RuntimeError(f"{spec.name}: no sample for a '{kind}' row")
    xs = [torch.cat([r[i] for r in rows]) for i in range(len(spec.inputs))]
    return xs, targets


def prediction_entry(spec, out64, out32):
    """What reference.json records of the prediction, per task; asserts that
    float32 and float64 predict the same."""
    if spec.task == "regression":
        return {}  # no prediction: "predicted" is absent
    pred64, pred32 = predict_fn(spec)(out64).tolist(), predict_fn(spec)(out32).tolist()
    assert pred64 == pred32, "float32 and float64 predict differently"
    entry = {"predicted": pred64}
    if spec.task == "binary":
        p = torch.sigmoid(out64[:, 0])
        entry["probabilities"] = torch.stack([1 - p, p], 1).tolist()
    elif spec.task == "multilabel":
        probs = torch.sigmoid(out64)
        entry["probabilities"] = probs.tolist()
        entry["predictedLabels"] = [[k for k, q in enumerate(row) if q >= 0.5] for row in probs.tolist()]
        assert entry["predictedLabels"] == [[k for k, q in enumerate(r) if q >= 0.5]
                                            for r in torch.sigmoid(out32).tolist()]
    return entry


def save_case(case_dir, spec, xs, res64, res32):
    os.makedirs(case_dir)

    def save(name, t, dtype=np.float32):
        np.save(os.path.join(case_dir, name + ".npy"), np.ascontiguousarray(t.detach().numpy().astype(dtype)))

    for s, x in zip(spec.inputs, xs):
        save(f"input_{s.name}", x)
    save("targets", res64["targets"], np.dtype("<i8"))
    save("output", res64["output"])
    n = xs[0].shape[0]
    entry = {"batch": n, "targets": res64["targets"].tolist(),
             **prediction_entry(spec, res64["output"], res32["output"]), "camRaw": {},
             "float32VsFloat64": {"outputMaxAbsDiff": float((res32["output"] - res64["output"]).abs().max()),
                                  "camMaxAbsDiff": {}}}
    for s in spec.inputs:
        layer = res64["layers"][s.name]
        # no camraw_<input>.npy: the raw map's extremes are in reference.json (camRaw), what the test reads
        for key, prefix in (("act", "act"), ("grad", "grad")):
            save(f"{prefix}_{s.name}", layer[key])
        # the final map as the other methods' (uint16 fixed point): a quarter of float64, half of float32
        FC.save_map(os.path.join(case_dir, f"cam_gradcam_{s.name}.npy"), layer["cam"])
        raw = layer["raw"].flatten(1)
        entry["camRaw"][s.name] = {"min": raw.min(1).values.tolist(), "max": raw.max(1).values.tolist()}
        cam_diff = float((res32["layers"][s.name]["cam"] - layer["cam"]).abs().max())
        assert cam_diff < 1e-4, f"{s.name}: float32 CAM is ill-conditioned ({cam_diff})"
        entry["float32VsFloat64"]["camMaxAbsDiff"][s.name] = cam_diff
    entry["methods"] = {}
    for method in OTHER_METHODS:
        result = entry["methods"][method] = {"camRaw": {}, "float32VsFloat64CamMaxAbsDiff": {}}
        for s, x in zip(spec.inputs, xs):
            l64, l32 = res64["layers"][s.name], res32["layers"][s.name]
            maps64 = G.cam_maps(method, l64["act"], l64["grad"], x.shape[-2:])
            maps32 = G.cam_maps(method, l32["act"], l32["grad"].detach(), x.shape[-2:])
            FC.save_map(os.path.join(case_dir, f"cam_{method}_{s.name}.npy"), maps64["cam"])
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


# --------------------------------------------------------------------------
# Score-CAM and Ablation-CAM (forward_cam_reference.py's semantics)
# --------------------------------------------------------------------------


class ZooForwardCams(FC.ForwardCams):
    """forward_cam_reference.ForwardCams on the transformed activation: Score-CAM
    masks come from the [C,h,w] map; Ablation-CAM zeroes channel k (the last
    axis) of the raw target tensor at every position, prefix tokens included,
    as pytorch-grad-cam's AblationLayerVit ablates every token."""

    def __init__(self, spec, model64):
        self.transform = Z.reshape_transform(spec) or (lambda t: t)
        self.channel_last = spec.layout in ("tokens", "nhwc")
        super().__init__(spec, model64)

    def _hook(self, name):
        def on_forward(mod, inp, out):
            self.acts[name] = self.transform(out.detach())
            if self.ablate is not None and self.ablate[0] == name:
                out = out.clone()
                for row, k in enumerate(self.ablate[1].tolist()):
                    if self.channel_last:
                        out[row, ..., k] = 0
                    else:
                        out[row, k] = 0
                return out
            return None
        return on_forward


class ForwardMaps:
    """Score-CAM and Ablation-CAM final maps of single samples, float64; the
    masked / ablated passes of a sample are run once (cached by its bytes)."""

    def __init__(self, spec, model):
        self.spec = spec
        self.cams = ZooForwardCams(spec, G.float64_copy(model))
        self.cache = {}

    def row(self, xs, target):
        """{method: {input: final map [1,H,W]}} of one sample [1,...] and target."""
        x64 = [x.double() for x in xs]
        key = b"".join(x.numpy().tobytes() for x in xs)
        if key not in self.cache:
            out, acts = self.cams.activations(x64)
            self.cache[key] = (out, acts, self.cams.score_cam(x64, 0, acts), self.cams.ablation_cam(x64, 0, acts))
        out, acts, masked, ablated = self.cache[key]
        y = out[0, target]
        maps = {"scorecam": {}, "ablationcam": {}}
        for i, s in enumerate(self.spec.inputs):
            a = acts[s.name][0:1]
            w_score = torch.softmax(masked[s.name][:, target], dim=0)
            w_ablation = (y - ablated[s.name][:, target]) / y
            maps["scorecam"][s.name] = FC.final_map(a, w_score[None], xs[i].shape[-2:])
            maps["ablationcam"][s.name] = FC.final_map(a, w_ablation[None], xs[i].shape[-2:])
        return out, maps

    def ok(self, xs, target):
        _, maps = self.row(xs, target)
        return all(float(m.std(unbiased=False)) > MIN_CAM_STD for per in maps.values() for m in per.values())

    def save(self, case_dir, xs, targets, expected):
        """Writes cam_scorecam_/cam_ablationcam_<input>.npy of a case; returns
        each method's smallest map std."""
        rows = []
        for n, target in enumerate(targets):
            out, maps = self.row([x[n:n + 1] for x in xs], target)
            d64 = float((out[0] - expected[n].double()).abs().max())
            assert d64 < FC.OUTPUT_TOLERANCE, f"{self.spec.name}: forward-CAM model differs from the case ({d64:.2e})"
            rows.append(maps)
        stds = {}
        for method in ("scorecam", "ablationcam"):
            for s in self.spec.inputs:
                cam = torch.cat([r[method][s.name] for r in rows])
                FC.save_map(os.path.join(case_dir, f"cam_{method}_{s.name}.npy"), cam)
                stds[method] = min(float(c.std(unbiased=False)) for c in cam)
        return stds


# --------------------------------------------------------------------------
# ONNX checks
# --------------------------------------------------------------------------


def ort_output(model_path, spec, xs):
    """The model's output computed by ONNX Runtime (node tools/ort_logits.js)."""
    with tempfile.TemporaryDirectory() as tmp:
        feeds = []
        for s, x in zip(spec.inputs, xs):
            path = os.path.join(tmp, f"{s.name}.npy")
            np.save(path, x.numpy().astype(np.float32))
            feeds.append(f"{s.name}={path}")
        node = os.environ.get("NODE", "node")
        r = subprocess.run([node, ORT_LOGITS, model_path, "--output", spec.output, *feeds],
                           capture_output=True, text=True, timeout=600, cwd=ROOT)
    if r.returncode != 0:
        raise RuntimeError(f"ort_logits.js failed: {r.stderr.strip()}")
    result = json.loads(r.stdout)
    return np.asarray(result["data"], dtype=np.float64).reshape(result["dims"]), result["runtime"]


def check_ort(model, spec, model_path, gen):
    xs = G.synthetic_batch(spec, 3, gen)  # a batch other than the export's 2: the batch axis is dynamic
    with torch.no_grad():
        expected = model(*xs).double().numpy()
    got, runtime = ort_output(model_path, spec, xs)
    assert got.shape == expected.shape, f"onnxruntime output {got.shape}, torch {expected.shape}"
    diff = float(np.abs(got - expected).max())
    assert diff <= ORT_ATOL, f"{spec.name}: onnxruntime differs from torch by {diff:.2e}"
    return {"runtime": runtime, "rows": 3, "maxAbsDiff": diff, "atol": ORT_ATOL}


def shorten_names(path, spec, notes):
    """Renames the exporter's long intermediate tensor names (/model/features/.../Constant_34_output_0)
    to t<k> and its node names to <OpType>_<k>, in graph order: a third of a
    small transformer's file is names. Graph inputs, the output, initializers
    and the target tensors keep their names; the graph is otherwise unchanged.
    Rewrites the node names quoted in `notes`; returns the renamed nodes' count."""
    m = onnx.load(path)
    g = m.graph
    assert not any(a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) for n in g.node
                   for a in n.attribute), "subgraphs: not renamed"
    keep = {i.name for i in g.input} | {o.name for o in g.output} | {i.name for i in g.initializer}
    keep |= {spec.target_tensor(s.name) for s in spec.inputs}
    tensors, nodes = {}, {}
    for k, n in enumerate(g.node):
        for o in n.output:
            if o and o not in keep and o not in tensors:
                tensors[o] = f"t{len(tensors)}"
        nodes[n.name] = f"{n.op_type}_{k}"
        n.name = nodes[n.name]
    for n in g.node:
        n.input[:] = [tensors.get(i, i) for i in n.input]
        n.output[:] = [tensors.get(o, o) for o in n.output]
    for vi in g.value_info:
        vi.name = tensors.get(vi.name, vi.name)
    onnx.checker.check_model(m)
    onnx.save(m, path)
    for i, note in enumerate(notes):
        for old in sorted((o for o in nodes if o), key=len, reverse=True):
            if note.endswith(f" node {old}"):
                notes[i] = note[:-len(old)] + nodes[old]
                break
    return len(g.node)


def graph_paths(path, spec):
    """Op types of the graph's nodes on the way to the output, and of those
    between the target tensor and the output (what the gradient crosses)."""
    g = onnx.load(path).graph
    producer = {o: n for n in g.node for o in n.output}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)

    def ancestors(tensors):
        seen, stack = set(), list(tensors)
        while stack:
            n = producer.get(stack.pop())
            if n is not None and id(n) not in seen:
                seen.add(id(n))
                stack.extend(n.input)
        return seen

    def descendants(tensor):
        seen, stack = set(), [tensor]
        while stack:
            for n in consumers.get(stack.pop(), []):
                if id(n) not in seen:
                    seen.add(id(n))
                    stack.extend(n.output)
        return seen

    to_output = ancestors([spec.output])
    nodes = {id(n): n for n in g.node}
    path_ops = sorted({nodes[i].op_type for i in to_output})
    target_path = {}
    for s in spec.inputs:
        t = spec.target_tensor(s.name)
        between = descendants(t) & to_output
        target_path[s.name] = sorted({nodes[i].op_type for i in between})
    shapes = {}
    for vi in g.value_info:
        if vi.name.startswith("target_"):
            shapes[vi.name] = [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]
    return path_ops, target_path, shapes


# --------------------------------------------------------------------------
# One family
# --------------------------------------------------------------------------


def describe_task(spec):
    if spec.task == "binary":
        return ("binary: one logit z [N,1], classes [absent, present]; target 1 explains z, target 0 explains -z "
                "(pytorch-grad-cam BinaryClassifierOutputTarget); predicted = sigmoid(z) >= 0.5; probabilities "
                "per row = [1 - sigmoid(z), sigmoid(z)]")
    if spec.task == "multilabel":
        return ("multilabel: one logit per label, sigmoid per label; target k explains z_k; predicted = argmax z "
                "(the most probable label); probabilities = sigmoid(z); predictedLabels = labels with sigmoid >= 0.5")
    if spec.task == "regression":
        return ("regression: raw outputs, classes = the output names; target k explains output k; no prediction "
                "('predicted' absent); b1_pred targets output 0, b1_other output 1")
    return "classification: logits; target k explains logit k; predicted = argmax"


def make_family(spec, out_root):
    out = os.path.join(out_root, spec.name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    model = Z.build_calibrated(spec)

    gen = torch.Generator().manual_seed(spec.seed + 2)
    with torch.no_grad():
        preds = predict_fn(spec)(model(*G.synthetic_batch(spec, 32, gen)))
    print(f"{spec.name}: default targets of 32 synthetic samples {preds.tolist()}")
    if spec.task != "regression":
        assert len(set(preds.tolist())) >= min(3, n_targets(spec)), "predictions do not vary across inputs"

    onnx_path = os.path.join(out, "model.onnx")
    export = G.export_onnx(model, spec, onnx_path)
    renamed = shorten_names(onnx_path, spec, export["notes"])
    export["notes"].append(f"intermediate tensors renamed t<k> and the {renamed} nodes <OpType>_<k> (file size); "
                           "inputs, output, initializers and target tensors keep their names")
    ort_check = check_ort(model, spec, onnx_path, gen)
    path_ops, target_path_ops, onnx_shapes = graph_paths(onnx_path, spec)
    config = G.gradcam_config(spec)
    if spec.task != "classification":
        config["task"] = spec.task
    G.write_json(os.path.join(out, "gradcam.json"), config)

    ref = Reference(spec, model)
    ref32 = Reference(spec, model, torch.float32)
    forward = ForwardMaps(spec, model) if spec.forward_cams else None
    check = SampleCheck(spec, ref, ref32, forward)
    xs1, pred, other = pick_b1(spec, ref, gen, check)
    xs4, targets4 = pick_b4(spec, ref, gen, xs1, pred, check)
    assert len(set(targets4)) >= min(3, n_targets(spec)), f"b4 targets {targets4}"

    module_names = {id(m): n for n, m in model.named_modules()}
    targets32 = spec.target_modules(model)
    cases, results, forward_stds = [], {}, {}
    for case, xs, targets in (("b1_pred", xs1, [pred]), ("b1_other", xs1, [other]), ("b4_mixed", xs4, targets4)):
        res64 = ref(xs, targets)
        res32 = ref32(xs, targets)
        assert cams_ok(spec, res64, range(len(targets))), f"{case}: degenerate CAM"
        case_dir = os.path.join(out, "cases", case)
        entry = save_case(case_dir, spec, xs, res64, res32)
        if spec.forward_cams:
            forward_stds[case] = forward.save(case_dir, xs, targets, res64["output"])
        cases.append({"name": case, "dir": f"cases/{case}", **entry})
        results[case] = res64
        print(f"  {case}: targets {entry['targets']} predicted {entry.get('predicted')} "
              f"f32-f64 output {entry['float32VsFloat64']['outputMaxAbsDiff']:.2e} "
              f"cam {max(entry['float32VsFloat64']['camMaxAbsDiff'].values()):.2e}"
              + (f" forward-CAM map std {forward_stds[case]}" if spec.forward_cams else ""))

    for s in spec.inputs:
        a, b = results["b1_pred"]["layers"][s.name], results["b4_mixed"]["layers"][s.name]
        assert torch.allclose(a["cam"][0], b["cam"][0], atol=1e-9), "batch rows interact"
        d = (a["cam"] - results["b1_other"]["layers"][s.name]["cam"]).abs().max()
        assert d > 0.05, "the default and the other target give the same map"
        if spec.pooled_after_target:
            for res in results.values():
                layer = res["layers"][s.name]
                hires = G.cam_maps("hirescam", layer["act"], layer["grad"], (s.height, s.width))["cam"]
                assert torch.allclose(hires, layer["cam"], atol=1e-9), "HiResCAM != Grad-CAM behind global pooling"
    differences = {}
    for method in OTHER_METHODS:
        differences[method] = max(
            float((G.cam_maps(method, r["layers"][s.name]["act"], r["layers"][s.name]["grad"],
                              (s.height, s.width))["cam"] - r["layers"][s.name]["cam"]).abs().max())
            for r in results.values() for s in spec.inputs)
    print("  max |map - Grad-CAM map|: " + ", ".join(f"{m} {d:.3f}" for m, d in differences.items()))

    act_shapes = {s.name: list(results["b1_pred"]["layers"][s.name]["act"].shape[1:]) for s in spec.inputs}
    for shape in act_shapes.values():
        assert spec.grid == (0, 0) or tuple(shape[1:]) == tuple(spec.grid), f"grid {shape[1:]} != {spec.grid}"
    raw_shapes = {}
    with torch.no_grad():
        hooks = [m.register_forward_hook(lambda mod, i, o, n=n: raw_shapes.__setitem__(n, list(o.shape[1:])))
                 for n, m in targets32.items()]
        model(*xs1)
        for h in hooks:
            h.remove()
    methods = {
        "gradcam++": "pytorch-grad-cam GradCAMPlusPlus: g2 = g^2, g3 = g^3, a = g2 / (2 g2 + sum_hw(act) g3 + 1e-6), "
                     "a = 0 where g = 0; w = sum_hw relu(g) a; camraw = relu(sum_c w_c act_c)",
        "xgradcam": "pytorch-grad-cam XGradCAM: w = sum_hw(g act / (sum_hw(act) + 1e-7)); camraw = relu(sum_c w_c act_c)",
        "hirescam": "pytorch-grad-cam HiResCAM: camraw = relu(sum_c g act)",
        "layercam": "pytorch-grad-cam LayerCAM: camraw = relu(sum_c relu(g) act)",
        "eigencam": "pytorch-grad-cam EigenCAM (get_2d_projection): per row X = act as [h*w, C] minus the mean "
                    "over positions; p = X v1 (v1 first right-singular vector, torch.linalg.svd), signed so "
                    "that max(p) + min(p) >= 0; camraw = relu(p)",
        "files": "cam_<method>_<input>.npy (Grad-CAM's: cam_gradcam_<input>.npy): final map [N,H,W] as uint16, "
                 "value = q / 65535; the same normalisation and resize as Grad-CAM",
    }
    if spec.forward_cams:
        methods["scorecam"] = ("Score-CAM (forward_cam_reference.py): M_k = bilinear upsample of the transformed "
                               "activation channel A_k [h,w] to HxW, min-max normalised (zeros if constant); "
                               "s_k = target score with the input multiplied by M_k; w = softmax_k(s)")
        methods["ablationcam"] = ("Ablation-CAM (forward_cam_reference.py): y_k = target score with channel k of the "
                                  "raw target tensor (its last axis) set to 0 at every position, prefix tokens "
                                  "included (as AblationLayerVit); w_k = (y - y_k) / y; map over the transformed "
                                  "activation")
    reference = {
        "model": spec.name,
        "onnx": "model.onnx",
        "opset": export["opset"],
        "opTypes": export["opTypes"],
        "outputPathOpTypes": path_ops,
        "task": spec.task,
        "taskNotes": describe_task(spec),
        "inputs": [{"name": s.name, "shape": ["batch", s.channels, s.height, s.width]} for s in spec.inputs],
        "output": {"name": spec.output, "kind": spec.output_kind, "shape": ["batch", spec.num_classes]},
        "classes": spec.classes,
        "targetLayers": [{
            "input": s.name, "tensor": spec.target_tensor(s.name),
            "module": module_names[id(targets32[s.name])],
            "layout": spec.layout, "grid": act_shapes[s.name][1:], "prefixTokens": spec.prefix_tokens,
            "rawShape": ["batch"] + raw_shapes[s.name],
            "onnxShape": onnx_shapes.get(spec.target_tensor(s.name)),
            "shape": ["batch"] + act_shapes[s.name],
            "rule": spec.rule, "moduleNotes": spec.module_note,
            "pathOpTypes": target_path_ops[s.name],
        } for s in spec.inputs],
        "reshapeTransform": ("act_/grad_ = pytorch-grad-cam reshape_transform of the target tensor and of its "
                             "gradient: tokens [N, P + h*w, C] -> x[:, P:] -> [N,h,w,C] -> [N,C,h,w]; nhwc "
                             "[N,H,W,C] -> [N,C,H,W]; nchw unchanged"),
        "gradcam": ("pytorch-grad-cam GradCAM, float64: score = sum_n target score of row n (the raw output of the "
                    "target; binary: +z for class 1, -z for class 0); w = mean_hw d(score)/d(act); "
                    "camraw = relu(sum_c w_c act_c); per map: x -= min, x /= 1e-7 + max; bilinear resize to HxW "
                    "(align_corners=False); x -= min, x /= 1e-7 + max"),
        "methods": methods,
        "ortCheck": ort_check,
        "exportNotes": export["notes"],
        "cases": cases,
    }
    G.write_json(os.path.join(out, "reference.json"), reference)
    size = os.path.getsize(onnx_path)
    for t in reference["targetLayers"]:
        print(f"  {t['tensor']} = {t['module']} raw {t['rawShape']} -> {t['shape']} ({t['layout']}, grid "
              f"{t['grid']}, P {t['prefixTokens']})")
        print(f"  target -> output ops: {' '.join(t['pathOpTypes'])}")
    print(f"  opset {export['opset']}; {size / 1024:.0f} KB; onnxruntime vs torch {ort_check['maxAbsDiff']:.1e}; "
          f"ops {' '.join(path_ops)}")
    return reference


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--timm-src", default=os.environ.get("TIMM_SRC"),
                        help="folder holding timm's source (timm/); default $TIMM_SRC")
    parser.add_argument("--model", action="append", choices=[s.name for s in Z.ZOO_SPECS],
                        help="only these families (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    specs = [s for s in Z.ZOO_SPECS if not args.model or s.name in args.model]
    if any(s.needs_timm for s in specs):
        try:
            Z.import_timm(args.timm_src)
        except Z.TimmMissing as e:
            names = ", ".join(s.name for s in specs if s.needs_timm)
            print(f"error: {names}: {e}", file=sys.stderr)
            sys.exit(2)
    os.makedirs(args.out, exist_ok=True)
    for spec in specs:
        make_family(spec, args.out)


if __name__ == "__main__":
    main()
