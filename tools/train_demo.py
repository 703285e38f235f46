#!/usr/bin/python3
"""Train the bundled demo model on synthetic AMD biomarker maps; export it and
an earlier checkpoint of the same run.

    GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=17179869184 \\
      /usr/bin/python3 tools/train_demo.py [--out models/demo]

The model is gradcam_models.demo_spec(): per input map (mnv, fluid, ga, drusen;
1 channel, 224x224) one EfficientNet backbone with B0's MBConv stage
structure at width 0.25 and depth 0.5 and output stride 16 (the last stride-2
stage kept at stride 1: 14x14 target maps), the four globally average-pooled
feature vectors concatenated, Dropout + Linear to the 4 AMD grades. Data come
from make_amd_data.py, generated in memory with fixed seeds (train, val and
test sets distinct). Training is at 224x224 (CPU by default, --device cuda
where there is one): AdamW, linear warm-up then cosine learning-rate decay,
random flips/rotations by 90 degrees (the same for the four registered maps
of an eye), and the loss adds the equivariance of the class activation maps
to those symmetries (each batch also holds every sample turned once more; see
equivariance_loss): a classifier trained on cross-entropy alone learns last
features displaced from the lesions they respond to, so its Grad-CAM peaks
land beside them. The grades hinge on lesion sizes in pixels, so there is no
reduced-resolution phase: a model trained at 112x112 reads every lesion as
twice as small at 224x224. Deterministic for a given seed, thread count and
device.

Writes to --out:
    model.onnx, gradcam.json           the final model
    earlier/model.onnx, gradcam.json   an earlier checkpoint of the same run:
                                       the first one (validated every
                                       --earlier-every steps of epoch 1) whose
                                       validation accuracy reaches
                                       --earlier-accuracy
    training.json                      seeds, sample counts, per-epoch
                                       accuracies, test metrics of both
                                       checkpoints, wall time
    samples/                           the bundled demo set (make_amd_data.py
                                       layout, --samples maps, its own seed)
"""

import argparse
import copy
import math
import os
import platform
import shutil
import sys
import time
from typing import Dict, List

# On a shared machine OpenMP threads that spin while waiting for each other
# make every step several times slower; passive waiting costs little alone.
# (Read when torch loads its OpenMP runtime, so set before importing torch.)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradcam_models as G  # noqa: E402
import make_amd_data as D  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = {"train": 1001, "val": 1002, "test": 1003, "samples": 1004, "torch": 1005}
SCALE = 1 / 255
assert list(D.GRADES) == G.AMD_GRADES, "class names of the data and the model differ"


def log(msg: str) -> None:
    print(msg, flush=True)


def normalisation(maps: np.ndarray) -> Dict[str, Dict[str, List[float]]]:
    """Per-map mean and std of the training set, in the 0..1 scale."""
    mean, std = {}, {}
    for i, name in enumerate(D.MAPS):
        x = maps[:, i].astype(np.float64) * SCALE
        mean[name] = [round(float(x.mean()), 4)]
        std[name] = [round(float(x.std()), 4)]
    return {"mean": mean, "std": std}


def dihedral(x: torch.Tensor, ks) -> torch.Tensor:
    """Sample i of x (its last two dims square) turned by the k = ks[i]-th of
    the 8 symmetries of the square: rotation by 90 degrees (k % 4) times, then
    a left-right flip if k >= 4. Images and class maps alike: on a square grid
    whose cells are drawn at their centres, the same symmetry of the image
    maps cell centres onto cell centres."""
    ks = torch.as_tensor(np.asarray(ks), device=x.device)
    out = x.clone()
    for k in range(1, 8):
        sel = torch.nonzero(ks == k).flatten()
        if len(sel):
            y = torch.rot90(x[sel], k % 4, dims=(-2, -1))
            out[sel] = torch.flip(y, dims=(-1,)) if k >= 4 else y
    return out


class Batches:
    """uint8 maps [N,4,H,W] -> model inputs, normalised as gradcam.json says."""

    def __init__(self, norm, device: str = "cpu"):
        self.device = device
        self.mean = torch.tensor([norm["mean"][n][0] for n in D.MAPS], device=device).view(1, 4, 1, 1)
        self.std = torch.tensor([norm["std"][n][0] for n in D.MAPS], device=device).view(1, 4, 1, 1)

    def tensor(self, maps: np.ndarray, augment: np.ndarray = None) -> List[torch.Tensor]:
        x = torch.from_numpy(maps).to(self.device).float() * SCALE
        if augment is not None:
            # one of the 8 symmetries of the square per sample, the same for its 4 maps
            x = dihedral(x, augment)
        x = (x - self.mean) / self.std
        return [x[:, i:i + 1].contiguous() for i in range(4)]


@torch.no_grad()
def predict(model: nn.Module, batches: Batches, maps: np.ndarray, batch: int = 50) -> np.ndarray:
    model.to(batches.device).eval()
    out = [model(*batches.tensor(maps[i:i + batch])).argmax(1) for i in range(0, len(maps), batch)]
    return torch.cat(out).cpu().numpy()


def metrics(pred: np.ndarray, labels: np.ndarray, borderline: np.ndarray) -> Dict[str, object]:
    cm = np.zeros((4, 4), np.int64)
    np.add.at(cm, (labels, pred), 1)
    recall = cm.diagonal() / np.maximum(cm.sum(1), 1)
    return {
        "count": int(len(labels)),
        "accuracy": round(float((pred == labels).mean()), 4),
        "per_class_recall": {name: round(float(r), 4) for name, r in zip(G.AMD_GRADES, recall)},
        "confusion_matrix": cm.tolist(),
        "accuracy_clear": round(float((pred == labels)[~borderline].mean()), 4),
        "accuracy_borderline": round(float((pred == labels)[borderline].mean()), 4) if borderline.any() else None,
        "borderline_count": int(borderline.sum()),
    }


def dataset(name: str, count: int, seed: int):
    t0 = time.time()
    maps, labels, details = D.generate_arrays(count, seed)
    borderline = np.array([d["borderline"] == 1 for d in details])
    log(f"{name}: {count} samples (seed {seed}, {int(borderline.sum())} borderline) in {time.time() - t0:.0f} s")
    return maps, labels, borderline


def equivariance_loss(model: nn.Module, features, n: int, turns: np.ndarray) -> torch.Tensor:
    """Mean absolute difference between the class activation maps of the
    turned copies (batch rows n..2n) and the turned maps of the originals
    (rows 0..n), each map through ReLU and scaled to a peak of 1, as Grad-CAM
    shows it (after Wang et al., "Self-supervised Equivariant Attention
    Mechanism", CVPR 2020).

    Why: global average pooling lets a network keep its evidence anywhere, and
    a network trained on classification alone learns last features that sit
    displaced from what they respond to, by a different vector in each run
    (a fixed direction in the image frame, up to ~25 px at 224x224). Maps that
    must turn with the image cannot hold such a displacement, so Grad-CAM's
    peaks land on the lesions themselves."""
    maps = torch.relu(model.class_maps(features))
    maps = maps / (maps.amax(dim=(-2, -1), keepdim=True) + 1e-5)
    return (maps[n:] - dihedral(maps[:n], turns)).abs().mean()


def train(model: nn.Module, batches: Batches, train_set, val_set, args):
    """AdamW with linear warm-up and cosine decay; returns (per-epoch history,
    the earlier checkpoint or None). With args.equivariance > 0 every batch
    also holds each sample turned by another random symmetry, and the loss adds
    equivariance_loss times that weight."""
    train_maps, train_labels = train_set
    val_maps, val_labels = val_set
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    steps_per_epoch = len(train_maps) // args.batch
    total = steps_per_epoch * args.epochs
    warmup = max(1, steps_per_epoch // 2)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warmup if s < warmup else
        0.5 * (1 + math.cos(math.pi * (s - warmup) / max(1, total - warmup))))
    rng = np.random.default_rng(SEEDS["torch"])

    history, earlier, step = [], None, 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0 = time.time()
        order = rng.permutation(len(train_maps))
        loss_sum, eq_sum, correct, seen = 0.0, 0.0, 0, 0
        for s in range(steps_per_epoch):
            idx = np.sort(order[s * args.batch:(s + 1) * args.batch])
            y = torch.from_numpy(train_labels[idx]).to(args.device)
            xs = batches.tensor(train_maps[idx], rng.integers(0, 8, len(idx)))
            if args.equivariance > 0:
                turns = rng.integers(1, 8, len(idx))
                xs = [torch.cat([x, dihedral(x, turns)]) for x in xs]
                y = torch.cat([y, y])
            logits, features = model.forward_with_features(*xs)
            loss = F.cross_entropy(logits, y)
            if args.equivariance > 0:
                eq = equivariance_loss(model, features, len(idx), turns)
                loss = loss + args.equivariance * eq
                eq_sum += eq.item() * len(idx)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(idx)
            correct += int((logits[:len(idx)].argmax(1) == y[:len(idx)]).sum())
            seen += len(idx)
            step += 1
            if earlier is None and epoch == 1 and (step % args.earlier_every == 0 or s == steps_per_epoch - 1):
                val_acc = float((predict(model, batches, val_maps) == val_labels).mean())
                model.train()
                log(f"  step {step}: val acc {val_acc:.3f}")
                if val_acc >= args.earlier_accuracy or s == steps_per_epoch - 1:
                    earlier = {"state": {k: v.cpu() for k, v in copy.deepcopy(model.state_dict()).items()},
                               "steps": step, "epoch": round(step / steps_per_epoch, 3),
                               "val_accuracy": round(val_acc, 4)}
                    log(f"earlier checkpoint: after {step} steps (epoch {earlier['epoch']})")
        train_s = time.time() - t0
        val_acc = float((predict(model, batches, val_maps) == val_labels).mean())
        history.append({"epoch": epoch, "train_loss": round(loss_sum / seen, 4), "train_accuracy": round(correct / seen, 4),
                        "val_accuracy": round(val_acc, 4), "seconds": round(time.time() - t0, 1)})
        if args.equivariance > 0:
            history[-1]["equivariance_loss"] = round(eq_sum / seen, 4)
        log(f"epoch {epoch}/{args.epochs}: loss {loss_sum / seen:.4f}"
            + (f" (equivariance {eq_sum / seen:.4f})" if args.equivariance > 0 else "")
            + f", train acc {correct / seen:.3f}, val acc {val_acc:.3f}, "
            f"{train_s:.0f} s training + {time.time() - t0 - train_s:.0f} s validation")
    return history, earlier


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(ROOT, "models", "demo"))
    parser.add_argument("--train", type=int, default=2400, help="training samples")
    parser.add_argument("--val", type=int, default=400, help="validation samples")
    parser.add_argument("--test", type=int, default=1000, help="held-out test samples")
    parser.add_argument("--samples", type=int, default=120, help="demo samples written to OUT/samples (0: none)")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--earlier-accuracy", type=float, default=0.6,
                        help="validation accuracy at which the earlier checkpoint is taken")
    parser.add_argument("--earlier-every", type=int, default=6,
                        help="steps between validations while looking for the earlier checkpoint")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output-stride", type=int, default=16, choices=(16, 32),
                        help="16: the target maps are 14x14 (32: 7x7, as EfficientNet-B0)")
    parser.add_argument("--equivariance", type=float, default=1.0,
                        help="weight of the class maps' equivariance to flips and rotations (0: none)")
    parser.add_argument("--device", default="cpu", help="torch device to train on")
    args = parser.parse_args()
    t_start, cpu_start = time.time(), time.process_time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEEDS["torch"])

    train_maps, train_labels, train_bl = dataset("train", args.train, SEEDS["train"])
    val_maps, val_labels, val_bl = dataset("val", args.val, SEEDS["val"])
    test_maps, test_labels, test_bl = dataset("test", args.test, SEEDS["test"])
    norm = normalisation(train_maps)
    batches = Batches(norm, args.device)
    spec = G.with_normalisation(G.demo_spec(args.output_stride), SCALE, norm["mean"], norm["std"])
    log(f"normalisation (0..1 scale): mean {norm['mean']}, std {norm['std']}")

    model = spec.build().to(args.device)
    n_params = sum(p.numel() for p in model.parameters())
    t_train, cpu_train = time.time(), time.process_time()
    history, earlier = train(model, batches, (train_maps, train_labels), (val_maps, val_labels), args)
    model.cpu()
    steps_per_epoch = args.train // args.batch
    total = steps_per_epoch * args.epochs
    train_time, train_cpu = time.time() - t_train, time.process_time() - cpu_train

    # Evaluate and export both checkpoints.
    os.makedirs(os.path.join(args.out, "earlier"), exist_ok=True)
    checkpoints = {}
    for name, state, folder, epoch in [("final", model.state_dict(), args.out, args.epochs),
                                       ("earlier", earlier["state"], os.path.join(args.out, "earlier"),
                                        earlier["epoch"])]:
        m = spec.build()
        m.load_state_dict(state)
        m.eval()
        test = metrics(predict(m, batches, test_maps), test_labels, test_bl)
        m.cpu()
        export = G.export_onnx(m, spec, os.path.join(folder, "model.onnx"))
        G.write_json(os.path.join(folder, "gradcam.json"), G.gradcam_config(spec))
        checkpoints[name] = {"epoch": epoch, "path": os.path.relpath(folder, args.out) if folder != args.out else ".",
                             "onnx_bytes": os.path.getsize(os.path.join(folder, "model.onnx")),
                             "steps": total if name == "final" else earlier["steps"],
                             "val_accuracy": history[-1]["val_accuracy"] if name == "final" else earlier["val_accuracy"],
                             "test": test, "opset": export["opset"]}
        log(f"{name} (epoch {epoch}): test accuracy {test['accuracy']:.3f} (clear {test['accuracy_clear']:.3f}, "
            f"borderline {test['accuracy_borderline']:.3f}), recall {list(test['per_class_recall'].values())}, "
            f"confusion {test['confusion_matrix']}")

    samples = None
    if args.samples:
        folder = os.path.join(args.out, "samples")
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        summary = D.write_dataset(folder, args.samples, SEEDS["samples"])
        s_maps, s_labels, s_details = D.generate_arrays(args.samples, SEEDS["samples"])
        s_bl = np.array([d["borderline"] == 1 for d in s_details])
        samples = {"count": args.samples, "seed": SEEDS["samples"], "borderline": summary["borderline"]}
        for name, state in [("final", model.state_dict()), ("earlier", earlier["state"])]:
            m = spec.build()
            m.load_state_dict(state)
            checkpoints[name]["samples_accuracy"] = metrics(predict(m, batches, s_maps), s_labels, s_bl)["accuracy"]
        log(f"demo samples: {args.samples} written to {folder}; accuracy final "
            f"{checkpoints['final']['samples_accuracy']:.3f}, earlier {checkpoints['earlier']['samples_accuracy']:.3f}")

    G.write_json(os.path.join(args.out, "training.json"), {
        "model": {"name": spec.name, "architecture": "one EfficientNet backbone per input map (torchvision "
                  "EfficientNet, B0 MBConv stages, width 0.25, depth 0.5, 1-channel stem, output stride "
                  f"{args.output_stride}), global average pooling, concatenation, Dropout(0.2) + Linear(1280, 4)",
                  "parameters": n_params, "inputs": list(D.MAPS), "input_size": [1, 224, 224],
                  "classes": G.AMD_GRADES},
        "seeds": SEEDS,
        "data": {"generator": "tools/make_amd_data.py", "borderline_share": D.BORDERLINE_SHARE,
                 "train": {"count": args.train, "seed": SEEDS["train"], "borderline": int(train_bl.sum())},
                 "val": {"count": args.val, "seed": SEEDS["val"], "borderline": int(val_bl.sum())},
                 "test": {"count": args.test, "seed": SEEDS["test"], "borderline": int(test_bl.sum())},
                 "samples": samples},
        "preprocessing": {"scale": SCALE, **norm},
        "training": {"epochs": args.epochs, "resolution": 224, "batch": args.batch,
                     "earlier_checkpoint": f"first validation accuracy >= {args.earlier_accuracy} "
                                           f"(validated every {args.earlier_every} steps of epoch 1)",
                     "steps_per_epoch": steps_per_epoch, "optimizer": "AdamW", "lr": args.lr,
                     "weight_decay": args.weight_decay, "schedule": "linear warm-up (half an epoch), cosine decay",
                     "loss": "cross-entropy" + (f" + {args.equivariance} x equivariance of the class maps (ReLU, peak 1) "
                                                "to flips and rotations by 90 degrees" if args.equivariance > 0 else ""),
                     "output_stride": args.output_stride, "device": args.device,
                     "augmentation": "random flip / rotation by 90 degrees, the same for the 4 maps of a sample",
                     "threads": args.threads, "torch": torch.__version__, "machine": platform.machine()},
        "history": history,
        "checkpoints": checkpoints,
        "confusion_matrix_axes": "rows: true grade, columns: predicted grade (order of classes)",
        "train_seconds": round(train_time, 1),
        "train_cpu_seconds": round(train_cpu, 1),
        "wall_seconds": round(time.time() - t_start, 1),
        "cpu_seconds": round(time.process_time() - cpu_start, 1),
    })
    log(f"done in {time.time() - t_start:.0f} s (training {train_time:.0f} s); written to {args.out}")


if __name__ == "__main__":
    main()
