"""Export a trained multi-input PyTorch (Lightning) classifier for GradCAM Studio.

    /usr/bin/python3 tools/export_onnx.py --checkpoint path.ckpt --module my_pkg.NetModule \
        [--config config.toml] [--class-names A B C D] [--input-size 224] \
        [--mean 0.5 --std 0.25] --out models/mine/

Writes model.onnx (inputs mnv, fluid, ga, drusen, output `logits`, dynamic
batch; the output tensor of each target module, by default out.backbone1..4,
named target_<input>), gradcam.json (the engine's model description) and
export.json (where the model came from, how it was checked). Nothing is
written into --out unless ONNX Runtime's logits match torch's on random
inputs. Lightning itself is not needed. See tools/README.md.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import onnx
import torch
import torch.nn.functional as F

from gradcam_models import InputSpec, ModelSpec, export_onnx, gradcam_config, write_json
from user_model import ExportError, build_model, log, resolve_module, run_torch, split_list, target_paths

TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
ORT_LOGITS_JS = os.path.join(TOOLS_DIR, "ort_logits.js")
DEFAULT_INPUTS = ["mnv", "fluid", "ga", "drusen"]
OUTPUT_FILES = ["model.onnx", "gradcam.json", "export.json"]

# --------------------------------------------------------------------------
# Export and checks
# --------------------------------------------------------------------------


def _ancestor_inputs(graph: onnx.GraphProto, tensor: str) -> set:
    """Graph inputs that `tensor` depends on."""
    producer = {o: n for n in graph.node for o in n.output}
    graph_inputs = {i.name for i in graph.input}
    seen, todo, found = set(), [tensor], set()
    while todo:
        t = todo.pop()
        if t in seen:
            continue
        seen.add(t)
        if t in graph_inputs:
            found.add(t)
        elif t in producer:
            todo.extend(producer[t].input)
    return found


def check_graph(path: str, spec: ModelSpec, paths: Dict[str, str], shapes: Dict[str, List[int]]) -> None:
    """Each target tensor is in the graph, has the feature map's shape and is
    computed from its own input."""
    g = onnx.load(path).graph
    info = {v.name: v for v in g.value_info}
    produced = {o for n in g.node for o in n.output}
    for s in spec.inputs:
        t = spec.target_tensor(s.name)
        if t not in produced:
            raise ExportError(f"the exported graph has no tensor {t} (target module {paths[s.name]})")
        if t in info:
            dims = [d.dim_value if d.HasField("dim_value") else None for d in info[t].type.tensor_type.shape.dim]
            if dims[1:] != list(shapes[s.name][1:]):
                raise ExportError(f"{t} has shape {dims} in the graph but {list(shapes[s.name])} in torch")
        deps = _ancestor_inputs(g, t)
        if s.name not in deps:
            raise ExportError(f"target module {paths[s.name]} does not process input {s.name} "
                              f"(it depends on {', '.join(sorted(deps)) or 'no input'}); "
                              "list --target-modules in the order of --inputs")


def ort_logits(node: str, model_path: str, output: str, feeds: Dict[str, str]) -> Tuple[np.ndarray, str]:
    """The model's output computed by ONNX Runtime (through ort_logits.js)."""
    cmd = [node, ORT_LOGITS_JS, model_path, "--output", output, *[f"{n}={p}" for n, p in feeds.items()]]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except FileNotFoundError as e:
        raise ExportError(f"cannot run {node} (Node.js is needed to check the model with ONNX Runtime; see --node)") from e
    if r.returncode != 0:
        lines = (r.stderr or r.stdout).strip().splitlines() or [f"exit status {r.returncode}"]
        raise ExportError(f"ONNX Runtime check failed: {lines[-1]}")
    res = json.loads(r.stdout)
    return np.asarray(res["data"], dtype=np.float64).reshape(res["dims"]), res.get("runtime", "onnxruntime-node")


def compare(torch_out: np.ndarray, ort_out: np.ndarray, atol: float) -> float:
    if torch_out.shape != ort_out.shape:
        raise ExportError(f"ONNX Runtime's {list(ort_out.shape)} output differs in shape from torch's {list(torch_out.shape)}")
    diff = np.abs(torch_out - ort_out)
    worst = float(np.nanmax(diff)) if np.isfinite(diff).any() else float("nan")
    if not np.isfinite(diff).all() or worst > atol:
        row, col = np.unravel_index(np.nanargmax(np.where(np.isfinite(diff), diff, np.inf)), diff.shape)
        scale = float(np.nanmax(np.abs(torch_out))) if np.isfinite(torch_out).any() else 0.0
        hint = ("rounding-level: a larger --atol accepts it" if worst <= 1e-3 * max(1.0, scale) else
                "the graph does not compute what forward() does; TracerWarnings above name Python control "
                "flow that tracing froze")
        raise ExportError(f"ONNX Runtime's output differs from torch's: max |diff| {worst:.3g} > {atol:g} "
                          f"at row {row}, class {col} (torch {torch_out[row, col]:.6g}, "
                          f"onnxruntime {ort_out[row, col]:.6g}); {hint}")
    return worst


def per_input(values: List[float], what: str, channels: int, inputs: List[str]) -> List[List[float]]:
    """One value per channel for all inputs, or channels x inputs values."""
    if len(values) == channels:
        return [list(values)] * len(inputs)
    if len(values) == channels * len(inputs):
        return [values[i * channels:(i + 1) * channels] for i in range(len(inputs))]
    raise ExportError(f"--{what} takes {channels} value(s) (one per channel) or {channels * len(inputs)} "
                      f"(per channel of each input); got {len(values)}")


def image_like(n: int, channels: int, height: int, width: int, gen: torch.Generator) -> torch.Tensor:
    """Random pixels 0..255 [n,C,H,W] shaped like images: smooth shapes plus
    a little noise (white noise would drive a trained model far outside the
    range it was trained on)."""
    smooth = F.interpolate(torch.rand(n, channels, 7, 7, generator=gen), size=(height, width),
                           mode="bicubic", align_corners=False)
    noise = 0.05 * torch.randn(n, channels, height, width, generator=gen)
    return torch.round(255 * (smooth + noise).clamp(0, 1))


def random_inputs(args, spec: ModelSpec, mean, std) -> List[torch.Tensor]:
    """Image-like inputs, preprocessed as gradcam.json says."""
    gen = torch.Generator().manual_seed(args.seed)
    return [(image_like(args.check_batch, s.channels, s.height, s.width, gen) * args.scale
             - torch.tensor(m).view(1, -1, 1, 1)) / torch.tensor(sd).view(1, -1, 1, 1)
            for s, m, sd in zip(spec.inputs, mean, std)]


def install(tmp: str, out: str) -> None:
    """Copies everything next to its destination first, then renames."""
    os.makedirs(out, exist_ok=True)
    for f in OUTPUT_FILES:
        shutil.copyfile(os.path.join(tmp, f), os.path.join(out, f".{f}.partial"))
    for f in OUTPUT_FILES:
        os.replace(os.path.join(out, f".{f}.partial"), os.path.join(out, f))


def export(args: argparse.Namespace) -> None:
    if os.path.exists(args.out) and not os.path.isdir(args.out):
        raise ExportError(f"--out {args.out} exists and is not a folder")
    inputs = split_list(args.inputs)
    if len(set(inputs)) != len(inputs):
        raise ExportError(f"--inputs lists a name twice: {', '.join(inputs)}")
    h, w = (args.input_size * 2)[:2]
    mean = per_input(args.mean, "mean", args.channels, inputs)
    std = per_input(args.std, "std", args.channels, inputs)
    if any(v == 0 for s in std for v in s):
        raise ExportError("--std values must not be 0")
    paths = target_paths(inputs, split_list(args.target_modules))

    model, source = build_model(args)
    targets = {n: resolve_module(model, p) for n, p in paths.items()}
    spec = ModelSpec(name=os.path.basename(os.path.normpath(args.out)),
                     inputs=[InputSpec(n, args.channels, h, w) for n in inputs],
                     output=args.output, output_kind=args.output_kind, num_classes=0, opset=args.opset,
                     build=lambda: model, target_modules=lambda m: targets)
    xs = random_inputs(args, spec, mean, std)
    logits, shapes = run_torch(model, targets, paths, xs)
    spec.num_classes = logits.shape[1]
    classes = split_list(args.class_names) or spec.classes
    if len(classes) != spec.num_classes:
        raise ExportError(f"--class-names lists {len(classes)} name(s) but the model outputs {spec.num_classes} classes")
    log("target layers: " + ", ".join(f"{n} <- {paths[n]} {list(shapes[n][1:])}" for n in inputs))

    with tempfile.TemporaryDirectory(prefix="gradcam-export-") as tmp:
        model_path = os.path.join(tmp, "model.onnx")
        try:
            summary = export_onnx(model, spec, model_path)
        except Exception as e:
            first = (str(e).strip().splitlines() or [""])[0]
            raise ExportError(f"ONNX export failed ({type(e).__name__}: {first})") from e
        check_graph(model_path, spec, paths, shapes)
        feeds = {}
        for s, x in zip(spec.inputs, xs):
            feeds[s.name] = os.path.join(tmp, f"check_{s.name}.npy")
            np.save(feeds[s.name], x.numpy().astype(np.float32))
        ort_out, runtime = ort_logits(args.node, model_path, spec.output, feeds)
        worst = compare(logits.double().numpy(), ort_out, args.atol)
        log(f"checked: {runtime} vs torch on {args.check_batch} random inputs: max |diff| {worst:.2g} "
            f"(<= {args.atol:g}; largest |{spec.output}| {float(logits.abs().max()):.3g})")

        cfg = gradcam_config(spec)
        for entry, m, sd in zip(cfg["inputs"], mean, std):
            entry.update(scale=args.scale, mean=m, std=sd)
        cfg["classes"] = classes
        write_json(os.path.join(tmp, "gradcam.json"), cfg)
        write_json(os.path.join(tmp, "export.json"), {
            "source": source, "torch": torch.__version__, "opset": summary["opset"],
            "targetModules": paths,
            "check": {"runtime": runtime, "rows": args.check_batch, "seed": args.seed,
                      "maxAbsDiff": worst, "atol": args.atol}})
        install(tmp, args.out)
    log(f"wrote {', '.join(OUTPUT_FILES)} to {args.out}")


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="See tools/README.md.")
    p.add_argument("--checkpoint", required=True, help="Lightning checkpoint (.ckpt) or a saved state dict")
    p.add_argument("--module", required=True, help="the model class: package.module.Class or package.module:Class")
    p.add_argument("--out", required=True, help="folder for model.onnx, gradcam.json and export.json")
    p.add_argument("--pythonpath", action="append", default=[], metavar="DIR",
                   help="where --module is found besides the current folder (repeatable)")
    p.add_argument("--config", metavar="FILE", help="a .toml/.json/.yaml file given to the constructor as "
                   "config=... (or as keyword arguments when it has no such parameter)")
    p.add_argument("--config-arg", default="config", metavar="NAME",
                   help="the constructor parameter that receives --config (default: config)")
    p.add_argument("--strip-prefix", default="", metavar="PREFIX", help="remove PREFIX from the checkpoint's keys")
    p.add_argument("--inputs", nargs="+", default=DEFAULT_INPUTS, metavar="NAME",
                   help="graph input names, in the order forward() takes them (default: mnv fluid ga drusen)")
    p.add_argument("--target-modules", nargs="+", metavar="PATH",
                   help="per input, the module whose output is its Grad-CAM target layer: in input order or "
                   "as input=path (default: out.backbone1 .. out.backboneN)")
    p.add_argument("--input-size", nargs="+", type=int, default=[224], metavar="N", help="H [W] (default: 224)")
    p.add_argument("--channels", type=int, default=1, help="channels of every input (default: 1)")
    p.add_argument("--scale", type=float, default=1 / 255,
                   help="pixel values 0..255 are multiplied by this before mean/std (default: 1/255)")
    p.add_argument("--mean", nargs="+", type=float, default=[0.0],
                   help="one value per channel, or per channel of each input in order (default: 0)")
    p.add_argument("--std", nargs="+", type=float, default=[1.0], help="like --mean (default: 1)")
    p.add_argument("--class-names", nargs="+", metavar="NAME", help="default: class 0 .. class K-1")
    p.add_argument("--output", default="logits", help="graph output name (default: logits)")
    p.add_argument("--output-kind", choices=["logits", "probabilities"], default="logits",
                   help="what forward() returns (default: logits)")
    p.add_argument("--opset", type=int, default=13, help="ONNX opset (default: 13)")
    p.add_argument("--check-batch", type=int, default=3, metavar="N",
                   help="random inputs on which torch and ONNX Runtime must agree (default: 3)")
    p.add_argument("--atol", type=float, default=1e-4,
                   help="largest accepted |torch - onnxruntime| difference (default: 1e-4)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random inputs (default: 0)")
    p.add_argument("--node", default=os.environ.get("NODE", "node"),
                   help="Node.js executable that runs ort_logits.js (default: $NODE or node)")
    args = p.parse_args(argv)
    if len(args.input_size) > 2:
        p.error("--input-size takes H or H W")
    if args.check_batch < 1:
        p.error("--check-batch must be at least 1")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        export(args)
    except ExportError as e:
        print("error: " + " ".join(str(e).split()), file=sys.stderr)  # one line, whatever torch said
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
