"""The user's model: its class, checkpoint and Grad-CAM target modules.

Used by export_onnx.py. Every problem the user can fix is an ExportError with
a one-line message that names what was expected and what was found.
"""

import argparse
import hashlib
import importlib
import json
import os
import sys
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import torch
import torch.nn as nn

from lightning_compat import (constructor_kwargs, install_lightning_stand_in, load_checkpoint,
                              split_checkpoint)


class ExportError(Exception):
    """A problem the user can fix; reported as one line, exit status 2."""


def log(msg: str) -> None:
    print(msg, flush=True)


def few(names: Sequence[str], n: int = 5) -> str:
    names = list(names)
    return ", ".join(names[:n]) + (f", ... ({len(names)} in all)" if len(names) > n else "")


def split_list(values: Optional[Sequence[str]]) -> Optional[List[str]]:
    """Accepts both `--inputs a b c` and `--inputs a,b,c`."""
    return None if values is None else [v for s in values for v in s.split(",") if v]


# --------------------------------------------------------------------------
# Building the model
# --------------------------------------------------------------------------


def import_class(dotted: str, pythonpath: Sequence[str]) -> type:
    """`pkg.module.Class` or `pkg.module:Class`, importable from the current
    directory or a --pythonpath folder."""
    for p in reversed([os.getcwd(), *pythonpath]):
        p = os.path.abspath(p)
        if p not in sys.path:
            sys.path.insert(0, p)
    module_name, sep, attr = dotted.rpartition(":") if ":" in dotted else dotted.rpartition(".")
    if not sep or not module_name or not attr:
        raise ExportError(f"--module {dotted}: expected package.module.Class (or package.module:Class)")
    install_lightning_stand_in()
    try:
        module = importlib.import_module(module_name)
    except Exception as e:  # whatever the user's module raises on import
        raise ExportError(f"cannot import module {module_name} ({type(e).__name__}: {e}); "
                          "run from the folder that holds it or pass --pythonpath DIR") from e
    cls = getattr(module, attr, None)
    if not isinstance(cls, type):
        raise ExportError(f"module {module_name} has no class {attr}")
    return cls


def read_config(path: str) -> Dict[str, Any]:
    if not os.path.isfile(path):
        raise ExportError(f"config file not found: {path}")
    ext = os.path.splitext(path)[1].lower()
    try:
        if ext == ".toml":
            import tomllib
            with open(path, "rb") as f:
                cfg = tomllib.load(f)
        elif ext == ".json":
            with open(path) as f:
                cfg = json.load(f)
        elif ext in (".yaml", ".yml"):
            import yaml
            with open(path) as f:
                cfg = yaml.safe_load(f)
        else:
            raise ExportError(f"config {path}: expected a .toml, .json or .yaml file")
    except ExportError:
        raise
    except Exception as e:
        raise ExportError(f"cannot read config {path} ({type(e).__name__}: {e})") from e
    if not isinstance(cfg, dict):
        raise ExportError(f"config {path} must hold a table / object at the top level")
    return cfg


def check_state_dict(model: nn.Module, state: Mapping[str, torch.Tensor]) -> None:
    """Names the keys and shapes that differ before load_state_dict's
    multi-line error could."""
    expected = model.state_dict()
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    wrong = [f"{k} {tuple(state[k].shape)} vs {tuple(v.shape)}" for k, v in expected.items()
             if k in state and tuple(state[k].shape) != tuple(v.shape)]
    if not (missing or unexpected or wrong):
        return
    prefixes = {k.split(".", 1)[0] + "." for k in unexpected}
    if missing and len(prefixes) == 1:
        p = prefixes.pop()
        if {k[len(p):] for k in unexpected} >= set(missing):
            raise ExportError(f"the checkpoint's keys carry the prefix '{p}' (e.g. {unexpected[0]}, where the model "
                              f"has {unexpected[0][len(p):]}): pass --strip-prefix {p}")
    parts = [f"{len(missing)} missing key(s): {few(missing)}" if missing else "",
             f"{len(unexpected)} unexpected key(s): {few(unexpected)}" if unexpected else "",
             f"{len(wrong)} shape mismatch(es) (checkpoint vs model): {few(wrong, 3)}" if wrong else ""]
    raise ExportError("the checkpoint does not fit the model: " + "; ".join(x for x in parts if x))


def build_model(args: argparse.Namespace) -> Tuple[nn.Module, Dict[str, Any]]:
    """The user's model with the checkpoint's weights, in eval mode, and what
    export.json records about its source."""
    if not os.path.isfile(args.checkpoint):
        raise ExportError(f"checkpoint not found: {args.checkpoint}")
    cls = import_class(args.module, args.pythonpath)
    config = read_config(args.config) if args.config else None
    try:
        ckpt, placeholders = load_checkpoint(args.checkpoint)
        state, hparams = split_checkpoint(ckpt)
    except Exception as e:
        raise ExportError(f"cannot read checkpoint {args.checkpoint} ({type(e).__name__}: {e})") from e
    if placeholders:
        log(f"note: the checkpoint refers to {few(placeholders)}, not importable here; loaded as placeholders")
    if args.strip_prefix:
        state = {k[len(args.strip_prefix):] if k.startswith(args.strip_prefix) else k: v for k, v in state.items()}

    kwargs = constructor_kwargs(cls, hparams, config, args.config_arg)
    log(f"building {cls.__name__}({', '.join(f'{k}=...' for k in kwargs)})"
        + (f"; hyper-parameters in the checkpoint: {', '.join(hparams)}" if hparams else ""))
    try:
        model = cls(**kwargs)
    except Exception as e:
        raise ExportError(f"{cls.__name__}({', '.join(kwargs)}) failed ({type(e).__name__}: {e}); "
                          "give its arguments with --config FILE (see --config-arg)") from e
    if not isinstance(model, nn.Module):
        raise ExportError(f"{args.module} is not a torch.nn.Module")
    check_state_dict(model, state)
    model.load_state_dict(state, strict=True)
    model.float().eval()
    source = {"checkpoint": os.path.abspath(args.checkpoint), "sha256": sha256(args.checkpoint),
              "module": args.module, "constructorArguments": list(kwargs)}
    if isinstance(ckpt, Mapping):
        source.update({k: ckpt[n] for k, n in (("epoch", "epoch"), ("globalStep", "global_step"))
                       if isinstance(ckpt.get(n), int)})
    return model, source


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------
# Target modules
# --------------------------------------------------------------------------


def _children(obj: Any) -> List[str]:
    if isinstance(obj, nn.Module):
        return list(obj._modules)
    items = obj.items() if isinstance(obj, Mapping) else vars(obj).items() if hasattr(obj, "__dict__") else []
    return [k for k, v in items if isinstance(v, nn.Module)]


def _child(obj: Any, part: str) -> Any:
    if isinstance(obj, nn.Module):
        return obj._modules.get(part) if part in obj._modules else None
    if isinstance(obj, Mapping):
        return obj.get(part)
    if isinstance(obj, (list, tuple)) and part.isdigit():
        return obj[int(part)] if int(part) < len(obj) else None
    return getattr(obj, part, None)


def resolve_module(model: nn.Module, dotted: str) -> nn.Module:
    """`out.backbone1` -> model.out.backbone1 (also through ModuleDicts,
    Sequential indices and plain namespaces holding modules)."""
    obj: Any = model
    walked: List[str] = []
    for part in dotted.split("."):
        nxt = _child(obj, part)
        if nxt is None:
            where = ".".join(walked) or "the model"
            raise ExportError(f"target module {dotted} not found: {where} has no '{part}' "
                              f"(modules under {where}: {', '.join(_children(obj)) or 'none'})")
        obj, walked = nxt, walked + [part]
    if not isinstance(obj, nn.Module):
        raise ExportError(f"target {dotted} is a {type(obj).__name__}, not a torch.nn.Module")
    return obj


def target_paths(inputs: List[str], given: Optional[List[str]]) -> Dict[str, str]:
    """Input name -> dotted module path: one path per input in input order,
    or input=path pairs; default out.backbone1..N."""
    if not given:
        return {n: f"out.backbone{i + 1}" for i, n in enumerate(inputs)}
    if all("=" in g for g in given):
        pairs = dict(g.split("=", 1) for g in given)
        unknown = [k for k in pairs if k not in inputs]
        if unknown or len(pairs) != len(inputs):
            raise ExportError(f"--target-modules names input(s) {', '.join(unknown or sorted(set(inputs) - set(pairs)))}; "
                              f"give one module for each of {', '.join(inputs)}")
        return {n: pairs[n] for n in inputs}
    if len(given) != len(inputs):
        raise ExportError(f"--target-modules lists {len(given)} module(s) for {len(inputs)} input(s) ({', '.join(inputs)})")
    return dict(zip(inputs, given))


@torch.no_grad()
def run_torch(model: nn.Module, targets: Dict[str, nn.Module], paths: Dict[str, str],
              xs: List[torch.Tensor]) -> Tuple[torch.Tensor, Dict[str, List[int]]]:
    """The model's output on `xs` and each target module's output shape; the
    targets must run once per forward and yield a feature map [N,C,h,w]."""
    shapes: Dict[str, list] = {n: [] for n in targets}

    def hook(name):
        def record(mod, inp, out):
            shapes[name].append(list(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__)
        return record

    handles = [m.register_forward_hook(hook(n)) for n, m in targets.items()]
    try:
        out = model(*xs)
    except Exception as e:
        raise ExportError(f"the model's forward failed on {len(xs)} input(s) of shape {list(xs[0].shape)} "
                          f"({type(e).__name__}: {e}); check --inputs, --channels and --input-size") from e
    finally:
        for h in handles:
            h.remove()
    if not isinstance(out, torch.Tensor) or out.dim() != 2:
        raise ExportError(f"forward must return class scores [N, classes]; it returned "
                          f"{list(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__}")
    final: Dict[str, List[int]] = {}
    for n, s in shapes.items():
        if len(s) != 1:
            raise ExportError(f"target module {paths[n]} ran {len(s)} times in one forward pass; "
                              "pick a module that runs exactly once")
        if isinstance(s[0], str) or len(s[0]) != 4:
            raise ExportError(f"target module {paths[n]} outputs {s[0]}, not a feature map [N,C,h,w]; "
                              f"pick a submodule (under {paths[n]}: {', '.join(_children(targets[n])) or 'none'})")
        if s[0][2] * s[0][3] == 1:
            log(f"warning: target module {paths[n]} outputs a 1x1 map: its heat map will be uniform")
        final[n] = s[0]
    return out, final
