#!/usr/bin/python3
"""Write the full-size benchmark model (not committed; generated on demand).

    /usr/bin/python3 tools/make_bench_model.py [--out bench-models/effnet4-b0]
    /usr/bin/python3 tools/make_bench_model.py --family vit_b_16 [--out bench-models/vit-b16]

Four EfficientNet-B0 backbones (torchvision's structure, 1-channel stems),
inputs mnv/fluid/ga/drusen at 224x224, pooled features concatenated, Dropout +
Linear to 4 classes; random weights calibrated like the fixtures. Writes
model.onnx (opset 13, dynamic batch, Grad-CAM targets named target_<input>),
gradcam.json, and model.pt (the state_dict) so that the PyTorch baseline
(bench_torch_gradcam.py) runs exactly the same weights. Deterministic.

--family vit_b_16: torchvision's ViT-B/16 instead (3x224x224 input "image",
1000 classes), random weights calibrated as for `npm run zoo`
(tools/zoo_full.py: transformer-style perturbation, which also re-initialises
the zero-initialised head, then logits centred per class); model.onnx (opset
17, dynamic batch, the last block's ln_1 output named target_image) and
gradcam.json only (no PyTorch baseline).
"""

import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradcam_models as G  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = 4004


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--family", choices=["effnet4-b0", "vit_b_16"], default="effnet4-b0")
    parser.add_argument("--out", default=None, help="default bench-models/effnet4-b0, or bench-models/vit-b16")
    args = parser.parse_args()
    if args.family == "vit_b_16":
        return make_vit(args.out or os.path.join(ROOT, "bench-models", "vit-b16"))
    args.out = args.out or os.path.join(ROOT, "bench-models", "effnet4-b0")
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(os.cpu_count() or 1)

    spec = G.BENCH_SPEC
    t0 = time.time()
    # smaller calibration batches than the fixtures: 224 px x 4 backbones is slow on CPU
    model = G.build_calibrated(spec, SEED, batch=8)

    # The calibrated model must depend on its input and give usable CAMs.
    gen = torch.Generator().manual_seed(SEED + 2)
    with torch.no_grad():
        preds = model(*G.synthetic_batch(spec, 16, gen)).argmax(1).tolist()
    assert len(set(preds)) >= 2, f"predictions do not vary across inputs: {preds}"
    res = G.compute_gradcam(model, G.synthetic_batch(spec, 2, gen), spec.target_modules(model))
    stds = {n: [round(float(l["cam"][r].std(unbiased=False)), 3) for r in range(2)] for n, l in res["layers"].items()}
    assert all(s > 0.05 for v in stds.values() for s in v), f"degenerate CAMs: {stds}"

    export = G.export_onnx(model, spec, os.path.join(args.out, "model.onnx"))
    G.write_json(os.path.join(args.out, "gradcam.json"), G.gradcam_config(spec))
    torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))
    print(f"{spec.name}: {sum(p.numel() for p in model.parameters())} parameters, opset {export['opset']}, "
          f"predictions {preds}, CAM std {stds}, written to {args.out} in {time.time() - t0:.1f} s")


def make_vit(out):
    import zoo_full  # noqa: E402 - torchvision's full-size models, calibrated as for `npm run zoo`
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(os.cpu_count() or 1)
    t0 = time.time()
    family = zoo_full.BY_NAME["vit_b_16"]
    spec = zoo_full.spec_of(family)
    model, preds = zoo_full.build_calibrated(family, spec)
    assert len(set(preds)) >= 2, f"predictions do not vary across inputs: {preds}"
    export = G.export_onnx(model, spec, os.path.join(out, "model.onnx"))
    G.write_json(os.path.join(out, "gradcam.json"), G.gradcam_config(spec))
    print(f"vit_b_16: {sum(p.numel() for p in model.parameters())} parameters, opset {export['opset']}, "
          f"predictions {preds}, written to {out} in {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
