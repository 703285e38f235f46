#!/usr/bin/python3
"""PyTorch baseline for the Grad-CAM benchmark.

    GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=17179869184 \\
      /usr/bin/python3 tools/bench_torch_gradcam.py --model-dir bench-models/effnet4-b0 \\
      --batch 1 --batch 8 --iters 10 --threads 2

For a fair baseline set GLIBC_TUNABLES as above (the caller's job): otherwise
glibc hands the large activation buffers back to the kernel after every pass
and gets them again page by page, and batch 8 spends most of its time in page
faults.

Loads model.pt written by make_bench_model.py into the same module and times,
per batch size, (i) a plain forward under no_grad and (ii) Grad-CAM the usual
way (as pytorch-grad-cam does it): forward hooks on the four target layers,
tensor hooks for their gradients, one backward from the summed predicted-class
logits (parameters keep requires_grad, so their gradients are computed too,
unless --no-param-grads), then mean-gradient weights, ReLU of the weighted sum,
min-max normalisation and bilinear resize to 224x224 for all four inputs.
Prints one JSON line: median milliseconds per sample over --iters runs.
"""

import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradcam_models as G  # noqa: E402


def median_seconds(fn, iters, warmup, sync=lambda: None):
    # Median, not mean: on a shared 2-core machine another process taking a
    # core stalls both OpenMP threads and turns single iterations into outliers.
    # On a GPU, `sync` waits for the queued kernels before the clock is read.
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(iters):
        sync()
        t0 = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", default="bench-models/effnet4-b0")
    parser.add_argument("--batch", type=int, action="append", help="repeatable; default 1 and 8")
    parser.add_argument("--iters", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--no-param-grads", action="store_true",
                        help="freeze the parameters so backward computes activation gradients only")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    spec = G.BENCH_SPEC
    with open(os.path.join(args.model_dir, "gradcam.json")) as f:
        config = json.load(f)
    assert config == G.gradcam_config(spec), "model directory does not hold the benchmark model"
    model = spec.build()
    model.load_state_dict(torch.load(os.path.join(args.model_dir, "model.pt")))
    model.eval().to(args.device)
    sync = torch.cuda.synchronize if args.device.startswith("cuda") else (lambda: None)
    model.requires_grad_(not args.no_param_grads)
    targets = spec.target_modules(model)

    results = []
    for batch in args.batch or [1, 8]:
        xs = [x.to(args.device) for x in G.synthetic_batch(spec, batch, torch.Generator().manual_seed(batch))]

        # Results end in host memory, as the engine's and onnxruntime's do (and pytorch-grad-cam's
        # numpy maps): a no-op on the CPU.
        def forward():
            with torch.no_grad():
                model(*xs).cpu()

        def gradcam():
            res = G.compute_gradcam(model, xs, targets)
            cams = [layer["cam"].cpu() for layer in res["layers"].values()]
            assert cams[0].shape == (batch, 224, 224)

        fwd = median_seconds(forward, args.iters, args.warmup, sync)
        cam = median_seconds(gradcam, args.iters, args.warmup, sync)
        results.append({"batch": batch, "forward_ms_per_sample": round(fwd * 1000 / batch, 2),
                        "gradcam_ms_per_sample": round(cam * 1000 / batch, 2)})
    print(json.dumps({"torch": torch.__version__, "device": args.device, "threads": args.threads, "iters": args.iters,
                      "param_grads": not args.no_param_grads, "results": results}))


if __name__ == "__main__":
    main()
