#!/usr/bin/python3
"""Full-size torchvision models for `npm run zoo` (not committed; generated on demand).

    /usr/bin/python3 tools/zoo_full.py [--out .zoo] [--model NAME ...] [--force]

For each model of FAMILIES, with random calibrated weights at 224x224 (1000
classes), writes <out>/<name>/:
  model.onnx     opset 17, TorchScript exporter, dynamic batch; the reference
                 module's output is named target_image
  gradcam.json   the 3-channel input, *without* targetLayers: the engine picks
                 its default layer, which scripts/zoo.js compares with target_image
  input.npy      one synthetic 224x224 image [1,3,224,224] float32
  cam_pred.npy, cam_other.npy
                 the pytorch-grad-cam-equivalent Grad-CAM map [224,224] (float32,
                 as pytorch-grad-cam runs; raw logit of the class, reshape_transform
                 for token / channels-last layers) at the predicted class and at
                 the second most likely class
  model.pt       the calibrated weights (state_dict), build.json: build facts
  meta.json      reference module, layout, grid, classes, timings, checks
and <out>/manifest.json (the models in order, including the ones this
torchvision lacks or that are excluded). What the same MODEL_VERSION /
REFERENCE_VERSION wrote is reused unless --force. Deterministic.
"""

import argparse
import contextlib
import json
import os
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Callable, List, Optional

import numpy as np
import torch
import torch.nn as nn
import torchvision
import torchvision.models as tvm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradcam_models as G  # noqa: E402
from zoo_models import ZooSpec, perturb_weights, reshape_transform  # noqa: E402

TOOLS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TOOLS)
DEFAULT_OUT = os.path.join(ROOT, ".zoo")
SIZE = 224
CENTRE_IMAGES = 4  # images the logits are centred on (1000 classes)
CLASSES = 1000
MIN_CAM_STD = 0.02  # a map flatter than this (e.g. all zero after ReLU) checks nothing
INPUT_TRIES = 4
# Bump MODEL_VERSION when a model's weights or export change (build.json, model.pt, model.onnx
# are then rewritten), REFERENCE_VERSION when the input or the reference maps do (meta.json).
MODEL_VERSION = 1
REFERENCE_VERSION = 1
VERSION = f"{MODEL_VERSION}.{REFERENCE_VERSION}"


@dataclass
class Family:
    name: str                                   # torchvision builder
    module: str                                 # the reference module, as written in meta / the zoo's lines
    target: Callable[[nn.Module], nn.Module]    # that module
    layout: str = "nchw"                        # tokens | nhwc | nchw (of the module's raw output)
    grid: tuple = (7, 7)
    prefix_tokens: int = 0
    perturb: bool = False                       # transformer-style calibration (zoo_models.perturb_weights)
    head: Optional[Callable[[nn.Module], nn.Linear]] = None  # the logits Linear (default: the last Linear)
    calib_batches: int = 1                      # BatchNorm statistics: batches x batch synthetic images
    calib_batch: int = 8
    note: str = ""
    excluded: str = ""                          # exported and compiled, but no map comparison: why
    zero_as_fill: bool = False                  # export with Tensor.zero_ as fill_(0) (see export_patched)


FAMILIES: List[Family] = [
    Family("vit_b_16", "encoder.layers[-1].ln_1", lambda m: m.encoder.layers[-1].ln_1,
           layout="tokens", grid=(14, 14), prefix_tokens=1, perturb=True, head=lambda m: m.heads.head,
           calib_batches=1, calib_batch=4,
           note="torchvision ViT zero-initialises its head: re-initialised (perturb_weights redraws every Linear)"),
    Family("swin_t", "features[-1][-1].norm1", lambda m: m.features[-1][-1].norm1,
           layout="nhwc", grid=(7, 7), perturb=True, head=lambda m: m.head, calib_batches=1, calib_batch=4),
    Family("convnext_tiny", "features", lambda m: m.features, perturb=True,
           head=lambda m: m.classifier[-1], calib_batches=1, calib_batch=4,
           note="the last stage's output, fed to avgpool"),
    Family("resnet50", "layer4", lambda m: m.layer4),
    Family("efficientnet_b0", "features", lambda m: m.features, note="features[-1] (Conv+BN+SiLU) output"),
    Family("mobilenet_v3_large", "features", lambda m: m.features, note="features[-1] (Conv+BN+Hardswish) output"),
    Family("regnet_y_400mf", "trunk_output", lambda m: m.trunk_output),
    Family("densenet121", "features", lambda m: m.features,
           excluded="the engine's default is the map fed to global pooling, F.relu(features(x), inplace=True) in "
                    "DenseNet.forward, which no module outputs (pytorch-grad-cam users pick features / norm5, "
                    "before that ReLU; as the ReLU is in place, the exported tensor named after features is the "
                    "ReLU output too)"),
    Family("swin_v2_t", "features[-1][-2]", lambda m: m.features[-1][-2],
           layout="nhwc", grid=(7, 7), perturb=True, head=lambda m: m.head, calib_batches=1, calib_batch=4,
           zero_as_fill=True,
           note="post-norm blocks (x + norm1(attn(x))): the input of the last attention block is the previous "
                "block's output, its residual Add"),
    Family("maxvit_t", "blocks[-1]", lambda m: m.blocks[-1], perturb=True, calib_batches=1, calib_batch=4,
           note="attention runs on partitioned windows [N,P,S,C]: the last stage's [N,C,h,w] output, fed to the "
                "classifier's pooling"),
]
BY_NAME = {f.name: f for f in FAMILIES}


def spec_of(f: Family) -> ZooSpec:
    return ZooSpec(
        name=f.name, inputs=[G.InputSpec("image", 3, SIZE, SIZE)], output="logits", output_kind="logits",
        num_classes=CLASSES, opset=17, build=lambda: getattr(tvm, f.name)(weights=None),
        target_modules=lambda m: {"image": f.target(m)}, layout=f.layout, grid=tuple(f.grid),
        prefix_tokens=f.prefix_tokens, perturb=f.perturb, module_note=f.note,
        heads=(lambda m: [f.head(m)]) if f.head else None, seed=5000 + FAMILIES.index(f))


@torch.no_grad()
def build_calibrated(f: Family, spec: ZooSpec):
    """zoo_models.build_calibrated with few calibration images (full size on 2 cores; Debian's
    torch multiplies matrices with the reference BLAS): perturb_weights for transformer-style
    models, gradcam_models.calibrate_statistics (BatchNorm statistics from calib_batches x
    calib_batch images; none for models without BatchNorm), then the logits centred and scaled
    per class as gradcam_models.centre_logits does, on `CENTRE_IMAGES` images. Returns the model
    and its predicted classes on those images (after centring)."""
    torch.manual_seed(spec.seed)
    model = spec.build()
    gen = torch.Generator().manual_seed(spec.seed + 1)
    if spec.perturb:
        perturb_weights(model, gen)
    has_bn = any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in model.modules())
    G.calibrate_statistics(model, spec, gen, batches=f.calib_batches if has_bn else 0, batch=f.calib_batch)
    model.eval()
    fc = f.head(model) if f.head else G.head_linear(model)
    logits = []
    h = fc.register_forward_hook(lambda mod, inp, out: logits.append(out))
    model(G.synthetic_images(CENTRE_IMAGES, spec.inputs[0], gen))
    h.remove()
    z = logits[0]
    scale = 2.0 / z.std(0).clamp_min(1e-12)
    fc.weight.mul_(scale[:, None])
    if fc.bias is not None:
        fc.bias.copy_((fc.bias - z.mean(0)) * scale)
        z = z - z.mean(0)
    # else (MaxViT's head has no bias): scaled, not centred
    # the head is affine: these are the calibrated model's predictions on the same images
    preds = (z * scale).argmax(1).tolist()
    if f.zero_as_fill:
        zero_key_bias(model)
    return model.eval(), preds


def reference_cams(model: nn.Module, spec: ZooSpec, x: torch.Tensor):
    """pytorch-grad-cam's Grad-CAM on one image at its predicted class and at the second most
    likely class: the target module's output and its gradient (of the raw logit), through
    reshape_transform for token / channels-last layers, then gradcam_models.cam_maps (ReLU,
    min-max, bilinear resize, min-max). The same gradient as pytorch-grad-cam's, computed more
    cheaply: parameters do not require gradients and the forward hook hands the rest of the model
    a leaf copy of the target's output, so each backward pass runs from the logits to the target
    layer only (one forward pass, one backward pass per class)."""
    store = {}

    def on_forward(mod, inp, out):
        store["act"] = out.detach().requires_grad_()
        # a copy: the model may change it in place (DenseNet's F.relu(features, inplace=True))
        return store["act"].clone()

    flags = [(p, p.requires_grad) for p in model.parameters()]
    for p, _ in flags:
        p.requires_grad_(False)
    h = spec.target_modules(model)["image"].register_forward_hook(on_forward)
    try:
        out = model(x)
    finally:
        h.remove()
        for p, flag in flags:
            p.requires_grad_(flag)
    order = out[0].detach().argsort(descending=True)
    classes = [int(order[0]), int(order[1])]
    transform = reshape_transform(spec)
    cams = []
    for k, c in enumerate(classes):
        (grad,) = torch.autograd.grad(out[0, c], store["act"], retain_graph=k + 1 < len(classes))
        act = store["act"].detach()
        if transform is not None:
            act, grad = transform(act), transform(grad)
        cams.append(G.cam_maps("gradcam", act, grad, x.shape[-2:])["cam"][0])
    return out.detach()[0], classes, cams, list(act.shape)


@contextlib.contextmanager
def export_patched(f: Family):
    """torchvision 0.14's shifted_window_attention_v2 zeroes the key bias with
    `qkv_bias[length:2 * length].zero_()`, which torch 1.13's TorchScript exporter rejects
    ("Exporting the operator 'aten::zero' to ONNX opset version 17 is not supported"). As fill_(0)
    it exports, but the exported graph then keeps the bias unzeroed: so build_calibrated also
    zeroes those bias entries in the weights (zero_key_bias; torch ignores them anyway), and the
    patch only gets the export through. Only while exporting the families that need it."""
    if not f.zero_as_fill:
        yield
        return
    original = torch.Tensor.zero_
    torch.Tensor.zero_ = lambda self: self.fill_(0)
    try:
        yield
    finally:
        torch.Tensor.zero_ = original


@torch.no_grad()
def zero_key_bias(model: nn.Module) -> None:
    """Swin V2: the key third of every attention's qkv bias set to 0 (the forward pass zeroes it
    anyway, so the model computes the same)."""
    for m in model.modules():
        if hasattr(m, "qkv") and hasattr(m, "logit_scale") and m.qkv.bias is not None:
            k = m.qkv.bias.numel() // 3
            m.qkv.bias[k:2 * k] = 0


def build_stage(f: Family, spec: ZooSpec, out: str):
    """Build, calibrate and export, or reuse what the same MODEL_VERSION wrote (model.pt holds
    the calibrated weights). Returns the model and build.json's contents."""
    info_path = os.path.join(out, "build.json")
    files = [os.path.join(out, n) for n in ("model.onnx", "model.pt", "gradcam.json")]
    if os.path.exists(info_path) and all(os.path.exists(p) for p in files):
        with open(info_path) as fh:
            info = json.load(fh)
        if info.get("modelVersion") == MODEL_VERSION:
            torch.manual_seed(spec.seed)
            model = spec.build()
            model.load_state_dict(torch.load(os.path.join(out, "model.pt")))
            return model.eval(), {**info, "reused": True}
    t0 = time.time()
    model, preds = build_calibrated(f, spec)
    info = {"modelVersion": MODEL_VERSION, "parameters": sum(p.numel() for p in model.parameters()),
            "calibrationPredictions": preds,  # distinct classes: the output depends on the input
            "buildSeconds": round(time.time() - t0, 1)}
    t1 = time.time()
    with export_patched(f):
        export = G.export_onnx(model, spec, os.path.join(out, "model.onnx"))
    config = G.gradcam_config(spec)
    del config["targetLayers"]  # the engine's default layer is what is checked
    G.write_json(os.path.join(out, "gradcam.json"), config)
    torch.save(model.state_dict(), os.path.join(out, "model.pt"))
    info.update({"exportSeconds": round(time.time() - t1, 1), "exportNotes": export["notes"]})
    G.write_json(info_path, info)
    return model, {**info, "reused": False}


def export_one(f: Family, out: str) -> dict:
    spec = spec_of(f)
    meta = {"name": f.name, "version": VERSION, "module": f.module, "layout": f.layout, "grid": list(f.grid),
            "prefixTokens": f.prefix_tokens, "note": f.note, "excluded": f.excluded,
            "referenceTensor": spec.target_tensor("image")}
    model, info = build_stage(f, spec, out)
    meta.update(info)
    if not f.excluded:
        # The first of a few synthetic images whose two maps are not flat: a class whose map is
        # negative everywhere gives an all-zero map after ReLU, which checks nothing.
        t2 = time.time()
        for tries in range(1, INPUT_TRIES + 1):
            x = G.synthetic_images(1, spec.inputs[0], torch.Generator().manual_seed(spec.seed + 2 + tries))
            logits, (pred, other), cams, shape = reference_cams(model, spec, x)
            stds = [float(c.std(unbiased=False)) for c in cams]
            if min(stds) >= MIN_CAM_STD:
                break
        np.save(os.path.join(out, "input.npy"), x.numpy().astype(np.float32))
        np.save(os.path.join(out, "cam_pred.npy"), cams[0].numpy().astype(np.float32))
        np.save(os.path.join(out, "cam_other.npy"), cams[1].numpy().astype(np.float32))
        meta.update({
            "predClass": pred, "otherClass": other, "mapShape": shape, "inputTries": tries,
            "logitGap": float(logits[pred] - logits[other]), "camStd": stds,
            "referenceSeconds": round(time.time() - t2, 1),
        })
    return meta


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--model", action="append", help="only these (default: all)")
    parser.add_argument("--force", action="store_true", help="rebuild and re-export even what is current")
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count() or 1)
    os.makedirs(args.out, exist_ok=True)
    names = args.model or [f.name for f in FAMILIES]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}; known: {', '.join(BY_NAME)}")

    manifest = []
    for i, name in enumerate(names, 1):
        f = BY_NAME[name]
        out = os.path.join(args.out, name)
        meta_path = os.path.join(out, "meta.json")
        prefix = f"[{i}/{len(names)}] {name}:"
        if not hasattr(tvm, name):
            manifest.append({"name": name, "missing": f"not in this torchvision ({torchvision.__version__[:4]})"})
            print(f"{prefix} not in this torchvision ({torchvision.__version__[:4]})", flush=True)
            continue
        manifest.append({"name": name, "dir": name})
        if not args.force and os.path.exists(meta_path):
            with open(meta_path) as fh:
                previous = json.load(fh)
                if previous.get("version") == VERSION and "error" not in previous:
                    print(f"{prefix} up to date ({out})", flush=True)
                    continue
        print(f"{prefix} building, calibrating, exporting ...", flush=True)
        os.makedirs(out, exist_ok=True)
        if args.force and os.path.exists(os.path.join(out, "build.json")):
            os.remove(os.path.join(out, "build.json"))
        try:
            meta = export_one(f, out)
        except Exception as e:  # noqa: BLE001 - reported per model, the others go on
            traceback.print_exc()
            meta = {"name": name, "version": VERSION, "module": f.module,
                    "error": f"{type(e).__name__}: {e}".splitlines()[0]}
        G.write_json(meta_path, meta)
        if "error" in meta:
            print(f"{prefix} FAILED: {meta['error']}", flush=True)
        else:
            print(f"{prefix} {meta['parameters'] / 1e6:.1f} M parameters, " +
                  ("model reused" if meta["reused"] else f"built {meta['buildSeconds']} s, exported {meta['exportSeconds']} s") +
                  (f", reference {meta['referenceSeconds']} s (classes {meta['predClass']}, {meta['otherClass']})"
                   if "predClass" in meta else ""), flush=True)
    G.write_json(os.path.join(args.out, "manifest.json"), {"torchvision": torchvision.__version__,
                                                         "torch": torch.__version__, "models": manifest})


if __name__ == "__main__":
    main()
