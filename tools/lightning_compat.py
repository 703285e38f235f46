"""Loading PyTorch Lightning models without Lightning.

Debian's Python has torch but no Lightning. A Lightning checkpoint is a
torch.save'd dict ({'state_dict': ..., 'hyper_parameters': ..., 'epoch': ...});
the model class usually subclasses `lightning.LightningModule`. This module
provides what is needed to import such a class, read such a checkpoint and
build the model the way `NetModule.load_from_checkpoint(path, config=...)`
does:

- `install_lightning_stand_in()`: when neither `lightning` nor
  `pytorch_lightning` is importable, both names (and any submodule) resolve to
  a stand-in whose `LightningModule` is an `nn.Module` with
  `save_hyperparameters()` / `hparams`; every other name is an inert class.
- `load_checkpoint()`: torch.load that tolerates classes whose modules
  cannot be imported here (e.g. a training plugin's state in `loops`).
- `split_checkpoint()`: (state_dict, hyper_parameters) of a Lightning
  checkpoint or of a plain state dict.
- `constructor_kwargs()`: Lightning's rule for the constructor's arguments.
"""

import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import sys
import types
from typing import Any, Dict, List, Mapping, Optional, Tuple

import torch
import torch.nn as nn

LIGHTNING_PACKAGES = ("lightning", "pytorch_lightning")


class AttributeDict(dict):
    """A dict whose keys are also attributes, like Lightning's hparams."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError as e:
            raise AttributeError(key) from e

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


class StandInLightningModule(nn.Module):
    """The part of LightningModule that building a model and running
    `forward` can touch."""

    def save_hyperparameters(self, *args: Any, ignore: Any = None, frame: Any = None, logger: bool = True) -> None:
        """Records the caller's constructor arguments in `self.hparams`, as
        Lightning does: all of them, or only those named in `args` (or the
        single dict / namespace given)."""
        caller = frame or inspect.currentframe().f_back
        info = inspect.getargvalues(caller)
        init_args = {n: info.locals[n] for n in info.args if n != "self"}
        if info.varargs is None and info.keywords and isinstance(info.locals.get(info.keywords), dict):
            init_args.update(info.locals[info.keywords])
        ignored = {ignore} if isinstance(ignore, str) else set(ignore or ())
        if len(args) == 1 and not isinstance(args[0], str):
            chosen = dict(vars(args[0]) if not isinstance(args[0], Mapping) else args[0])
        elif args:
            chosen = {n: init_args[n] for n in args if n in init_args}
        else:
            chosen = init_args
        hp = self.__dict__.setdefault("_hparams", AttributeDict())
        hp.update({k: v for k, v in chosen.items() if k not in ignored})

    @property
    def hparams(self) -> AttributeDict:
        return self.__dict__.setdefault("_hparams", AttributeDict())

    @hparams.setter
    def hparams(self, value: Mapping[str, Any]) -> None:  # older Lightning allowed assigning it
        self.__dict__["_hparams"] = AttributeDict(value if isinstance(value, Mapping) else vars(value))

    @property
    def device(self) -> torch.device:
        p = next(self.parameters(), None)
        return p.device if p is not None else torch.device("cpu")

    # Logging and trainer hooks do nothing outside a Trainer.
    def log(self, *args: Any, **kwargs: Any) -> None:
        pass

    def log_dict(self, *args: Any, **kwargs: Any) -> None:
        pass

    trainer = None
    current_epoch = 0
    global_step = 0


class _Inert:
    """Any other Lightning name (Trainer, callbacks, ...): accepts anything."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)


def _stand_in_attribute(module_name: str, name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    if name == "LightningModule":
        return StandInLightningModule
    if name.endswith("Dict"):
        return AttributeDict
    if name == "seed_everything":
        return lambda *a, **k: None
    return type(name, (_Inert,), {"__module__": module_name})


class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Resolves lightning, pytorch_lightning and all their submodules."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in LIGHTNING_PACKAGES:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        module.__getattr__ = lambda name: _stand_in_attribute(spec.name, name)
        module.STAND_IN = True
        return module

    def exec_module(self, module):
        pass


def install_lightning_stand_in() -> bool:
    """Installs the stand-in unless a real Lightning is importable.
    Returns whether it was installed."""
    if any(importlib.util.find_spec(p) is not None for p in LIGHTNING_PACKAGES):
        return False
    if not any(isinstance(f, _StandInFinder) for f in sys.meta_path):
        sys.meta_path.append(_StandInFinder())
    return True


# --------------------------------------------------------------------------
# Checkpoints
# --------------------------------------------------------------------------


def _placeholder_module(name: str, used: List[str]) -> types.ModuleType:
    """A module whose every attribute is a placeholder class; records which
    were asked for."""
    module = types.ModuleType(name)
    module.__path__ = []

    def attribute(attr: str) -> Any:
        value = _stand_in_attribute(name, attr)
        used.append(f"{name}.{attr}")
        return value

    module.__getattr__ = attribute
    return module


def load_checkpoint(path: str) -> Tuple[Any, List[str]]:
    """The unpickled checkpoint (tensors on the CPU) and the names of the
    classes that were replaced by placeholders because their modules cannot be
    imported here. The placeholder modules exist only during the load."""
    installed: List[str] = []
    used: List[str] = []
    try:
        while True:
            try:
                return torch.load(path, map_location="cpu"), sorted(set(used))
            except ModuleNotFoundError as e:
                if not e.name or e.name in sys.modules or len(installed) > 50:
                    raise
                sys.modules[e.name] = _placeholder_module(e.name, used)
                installed.append(e.name)
    finally:
        for name in installed:
            sys.modules.pop(name, None)


def split_checkpoint(obj: Any) -> Tuple[Dict[str, torch.Tensor], Dict[str, Any]]:
    """(state_dict, hyper_parameters). A Lightning checkpoint holds both; a
    plain state dict (all values tensors) has no hyper-parameters."""
    if not isinstance(obj, Mapping):
        raise ValueError(f"the checkpoint holds a {type(obj).__name__}, not a dict "
                         "(save the state dict or a Lightning checkpoint, not the model object)")
    if "state_dict" in obj and isinstance(obj["state_dict"], Mapping):
        hp = obj.get("hyper_parameters") or {}
        return dict(obj["state_dict"]), dict(hp) if isinstance(hp, Mapping) else dict(vars(hp))
    if obj and all(isinstance(v, torch.Tensor) for v in obj.values()):
        return dict(obj), {}
    raise ValueError("the checkpoint is neither a Lightning checkpoint (no 'state_dict' entry) nor a state dict "
                     f"(its keys: {', '.join(map(str, list(obj)[:8]))})")


def constructor_kwargs(cls: type, hyper_parameters: Mapping[str, Any], config: Optional[Mapping[str, Any]],
                       config_arg: str = "config") -> Dict[str, Any]:
    """The keyword arguments `cls` is built with, following
    `LightningModule.load_from_checkpoint(path, config=config)`: the
    checkpoint's hyper-parameters, overridden by `config_arg=config`; when the
    constructor has no such parameter, the config's top-level keys are passed
    instead. Without **kwargs in the constructor, names it does not take are
    dropped."""
    params = inspect.signature(cls.__init__).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    kwargs = dict(hyper_parameters)
    if config is not None:
        if config_arg in params or takes_any:
            kwargs[config_arg] = config
        else:
            kwargs.update(config)
    if not takes_any:
        kwargs = {k: v for k, v in kwargs.items() if k in params and k != "self"}
    return kwargs
