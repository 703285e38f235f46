"""Model definitions, calibration, ONNX export and the CAM references.

Shared by make_fixtures.py, make_bench_model.py and bench_torch_gradcam.py so
that the fixtures, the benchmark model and the PyTorch baseline are built from
exactly the same code. Run with Debian's Python (/usr/bin/python3), which has
torch 1.13, torchvision 0.14 and onnx 1.12.
"""

import copy
import dataclasses
import inspect
import json
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models import mobilenetv3, resnet
from torchvision.models.efficientnet import EfficientNet, MBConvConfig

# --------------------------------------------------------------------------
# Model descriptions
# --------------------------------------------------------------------------


@dataclass
class InputSpec:
    name: str
    channels: int
    height: int
    width: int
    # preprocessing written to gradcam.json: (pixel * scale - mean) / std
    scale: float = 1
    mean: Optional[List[float]] = None  # None: 0 per channel
    std: Optional[List[float]] = None   # None: 1 per channel


@dataclass
class ModelSpec:
    name: str
    inputs: List[InputSpec]
    output: str
    output_kind: str  # "logits" or "probabilities"
    num_classes: int
    opset: int
    build: Callable[[], nn.Module]
    # input name -> module whose forward output is that input's Grad-CAM target
    # layer. A function, not a list of modules, so it also works on copies
    # (the float64 reference model is a deep copy).
    target_modules: Callable[[nn.Module], Dict[str, nn.Module]]
    # Every target layer is followed directly by global average pooling: the
    # gradient is then constant over positions, and HiResCAM equals Grad-CAM.
    pooled_after_target: bool = False
    class_names: Optional[List[str]] = None  # None: "class 0", "class 1", ...

    @property
    def classes(self) -> List[str]:
        return list(self.class_names) if self.class_names else [f"class {i}" for i in range(self.num_classes)]

    def target_tensor(self, input_name: str) -> str:
        return f"target_{input_name}"


# --------------------------------------------------------------------------
# Architectures
# --------------------------------------------------------------------------

# EfficientNet-B0 stages (Table 1 of the paper, as in torchvision):
# expand ratio, kernel, stride, in channels, out channels, layers.
B0_STAGES = [
    (1, 3, 1, 32, 16, 1),
    (6, 3, 2, 16, 24, 2),
    (6, 5, 2, 24, 40, 2),
    (6, 3, 2, 40, 80, 3),
    (6, 5, 1, 80, 112, 3),
    (6, 5, 2, 112, 192, 4),
    (6, 3, 1, 192, 320, 1),
]


def efficientnet_backbone(width_mult: float, depth_mult: float, in_channels: int,
                          output_stride: int = 32) -> nn.Sequential:
    """torchvision's EfficientNet `features` with an `in_channels`-channel stem.

    The last element is the final 1x1 Conv+BN+SiLU: its output is the Grad-CAM
    target layer. output_stride 16 keeps the last stride-2 stage at stride 1:
    a 14x14 target map at 224x224 instead of 7x7.
    """
    assert output_stride in (16, 32), "output_stride is 16 or 32"
    last_stride_2 = max(i for i, s in enumerate(B0_STAGES) if s[2] == 2)
    stages = [MBConvConfig(*s[:2], 1 if output_stride == 16 and i == last_stride_2 else s[2], *s[3:],
                           width_mult=width_mult, depth_mult=depth_mult) for i, s in enumerate(B0_STAGES)]
    net = EfficientNet(stages, dropout=0.0)
    stem = net.features[0][0]
    conv = nn.Conv2d(in_channels, stem.out_channels, stem.kernel_size, stem.stride, stem.padding, bias=False)
    nn.init.kaiming_normal_(conv.weight, mode="fan_out")  # as torchvision initialises convs
    net.features[0][0] = conv
    net.features.out_channels = net.classifier[1].in_features
    return net.features


class MultiInputEfficientNet(nn.Module):
    """One EfficientNet backbone per input; pooled features concatenated,
    then Dropout + Linear."""

    def __init__(self, input_names: Sequence[str], in_channels: int, num_classes: int,
                 width_mult: float, depth_mult: float, dropout: float = 0.2, output_stride: int = 32):
        super().__init__()
        self.input_names = list(input_names)
        self.branches = nn.ModuleDict(
            {n: efficientnet_backbone(width_mult, depth_mult, in_channels, output_stride) for n in self.input_names})
        features = sum(b.out_channels for b in self.branches.values())
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(features, num_classes)

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        return self.forward_with_features(*xs)[0]

    def forward_with_features(self, *xs: torch.Tensor):
        """(logits, each input's last feature map [N, C, h, w]): what a training
        objective on the class activation maps needs."""
        features = [self.branches[n](x) for n, x in zip(self.input_names, xs)]
        pooled = [torch.flatten(self.pool(f), 1) for f in features]
        return self.classifier(self.dropout(torch.cat(pooled, 1))), features

    def class_maps(self, features) -> torch.Tensor:
        """Each input's class activation maps, [N, inputs, classes, h, w]: the
        classifier's weights applied at every position of the feature maps
        before pooling. Their spatial mean (plus the bias) is the logits, and
        Grad-CAM of this architecture is the same map over h*w, through ReLU."""
        weights = self.classifier.weight.split([f.shape[1] for f in features], dim=1)
        return torch.stack([torch.einsum("nkhw,ck->nchw", f, w) for f, w in zip(features, weights)], 1)


class ResNetMLP(resnet.ResNet):
    """torchvision ResNet (BasicBlock) at reduced width with an MLP head."""

    def __init__(self, widths=(16, 24, 32, 48), blocks=(1, 2, 1, 1), hidden=32, num_classes=5, dropout=0.3):
        super().__init__(resnet.BasicBlock, list(blocks))
        # ResNet's constructor hard-codes 64..512 channels: rebuild the layers
        # at the requested widths with its own _make_layer.
        self.inplanes = widths[0]
        self.conv1 = nn.Conv2d(3, widths[0], kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.layer1 = self._make_layer(resnet.BasicBlock, widths[0], blocks[0])
        self.layer2 = self._make_layer(resnet.BasicBlock, widths[1], blocks[1], stride=2)
        self.layer3 = self._make_layer(resnet.BasicBlock, widths[2], blocks[2], stride=2)
        self.layer4 = self._make_layer(resnet.BasicBlock, widths[3], blocks[3], stride=2)
        # BatchNorm1d before the Dropout so that calibrating its statistics
        # never sees dropped units.
        self.fc = nn.Sequential(
            nn.Linear(widths[3], hidden), nn.BatchNorm1d(hidden), nn.ReLU(inplace=True),
            nn.Dropout(dropout), nn.Linear(hidden, num_classes))
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")


def mobilenet_v3_softmax(width_mult: float, num_classes: int) -> nn.Sequential:
    """mobilenet_v3_small followed by Softmax: the model outputs probabilities."""
    net = mobilenetv3.mobilenet_v3_small(width_mult=width_mult, num_classes=num_classes)
    return nn.Sequential(net, nn.Softmax(dim=1))


RETINA_INPUTS = ["mnv", "fluid", "ga", "drusen"]

# Small models exported as test fixtures (kept to a few MB in total).
FIXTURE_SPECS = [
    ModelSpec(
        name="effnet4",
        # 100 px: the five stride-2 stages give 50, 25, 13, 7 and a 4x4 final map.
        # Width 0.125 keeps the four backbones ~1 MB; depth 0.5 keeps a second
        # (residual) block in the middle stages.
        inputs=[InputSpec(n, 1, 100, 100) for n in RETINA_INPUTS],
        output="logits", output_kind="logits", num_classes=4, opset=13,
        build=lambda: MultiInputEfficientNet(RETINA_INPUTS, 1, 4, width_mult=0.125, depth_mult=0.5),
        target_modules=lambda m: {n: m.branches[n][-1] for n in m.input_names},
        pooled_after_target=True,
    ),
    ModelSpec(
        name="resnet_mlp",
        inputs=[InputSpec("image", 3, 64, 64)],
        output="logits", output_kind="logits", num_classes=5, opset=15,
        build=lambda: ResNetMLP(widths=(16, 24, 32, 48), num_classes=5),
        # a middle stage: the gradient must flow back through layer3/layer4
        # convolutions and residual additions to reach it
        target_modules=lambda m: {"image": m.layer2},
    ),
    ModelSpec(
        name="mobilenetv3_softmax",
        # 96 px: 3x3 final map (64 px would give only 2x2)
        inputs=[InputSpec("image", 3, 96, 96)],
        output="probabilities", output_kind="probabilities", num_classes=6, opset=17,
        build=lambda: mobilenet_v3_softmax(width_mult=0.25, num_classes=6),
        target_modules=lambda m: {"image": m[0].features[-1]},
        pooled_after_target=True,
    ),
]

# Full-size model for benchmarks: EfficientNet-B0 per input at 224x224.
BENCH_SPEC = ModelSpec(
    name="effnet4-b0",
    inputs=[InputSpec(n, 1, 224, 224) for n in RETINA_INPUTS],
    output="logits", output_kind="logits", num_classes=4, opset=13,
    build=lambda: MultiInputEfficientNet(RETINA_INPUTS, 1, 4, width_mult=1.0, depth_mult=1.0),
    target_modules=lambda m: {n: m.branches[n][-1] for n in m.input_names},
    pooled_after_target=True,
)


# The bundled demo model (models/demo, trained by train_demo.py on the data of
# make_amd_data.py): EfficientNet-B0's MBConv stage structure per input at
# width 0.25 (last feature map 320 channels) and depth 0.5, 224x224 1-channel
# maps. Its gradcam.json gets the training normalisation (with_normalisation).
AMD_GRADES = ["No/early AMD", "Intermediate AMD", "Late dry AMD (GA)", "Late wet AMD (MNV)"]


def demo_spec(output_stride: int = 32) -> ModelSpec:
    return ModelSpec(
        name="amd-demo",
        inputs=[InputSpec(n, 1, 224, 224) for n in RETINA_INPUTS],
        output="logits", output_kind="logits", num_classes=4, opset=13,
        build=lambda: MultiInputEfficientNet(RETINA_INPUTS, 1, 4, width_mult=0.25, depth_mult=0.5,
                                             output_stride=output_stride),
        target_modules=lambda m: {n: m.branches[n][-1] for n in m.input_names},
        pooled_after_target=True,
        class_names=AMD_GRADES,
    )


def with_normalisation(spec: ModelSpec, scale: float, mean: Dict[str, List[float]],
                       std: Dict[str, List[float]]) -> ModelSpec:
    """`spec` whose inputs take pixel values: (pixel * scale - mean) / std."""
    inputs = [dataclasses.replace(s, scale=scale, mean=list(mean[s.name]), std=list(std[s.name]))
              for s in spec.inputs]
    return dataclasses.replace(spec, inputs=inputs)


# --------------------------------------------------------------------------
# Synthetic inputs and calibration
# --------------------------------------------------------------------------


def synthetic_images(n: int, spec: InputSpec, gen: torch.Generator) -> torch.Tensor:
    """Smooth background + a few Gaussian blobs + pixel noise, float32 [n,C,H,W].

    Structured enough that a CAM has somewhere to point; the models have no
    preprocessing (scale 1, mean 0, std 1), so these are the tensors fed in.
    """
    c, h, w = spec.channels, spec.height, spec.width
    img = 0.5 * F.interpolate(torch.rand(n, c, 6, 6, generator=gen), size=(h, w),
                              mode="bilinear", align_corners=False)
    yy = torch.linspace(0, 1, h).view(1, 1, h, 1)
    xx = torch.linspace(0, 1, w).view(1, 1, 1, w)
    for _ in range(3):
        cy, cx = torch.rand(2, n, 1, 1, 1, generator=gen)
        sigma = 0.04 + 0.12 * torch.rand(n, 1, 1, 1, generator=gen)
        amp = (torch.rand(n, c, 1, 1, generator=gen) - 0.3) * 1.5
        img = img + amp * torch.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * sigma ** 2))
    return img + 0.05 * torch.randn(n, c, h, w, generator=gen)


def synthetic_batch(spec: ModelSpec, n: int, gen: torch.Generator) -> List[torch.Tensor]:
    return [synthetic_images(n, s, gen) for s in spec.inputs]


def head_linear(model: nn.Module) -> nn.Linear:
    """The last Linear: it produces the logits (before Softmax, if any)."""
    return [m for m in model.modules() if isinstance(m, nn.Linear)][-1]


@torch.no_grad()
def calibrate(model: nn.Module, spec: ModelSpec, gen: torch.Generator, batches: int = 6, batch: int = 16,
              heads: Optional[Sequence[nn.Linear]] = None) -> None:
    """Make a randomly initialised model behave like a trained one.

    With fresh BatchNorm statistics (mean 0, var 1) a deep network's signal
    vanishes or explodes and its output no longer depends on the input; the
    CAMs are then numerical noise. So: random biases and BN affine parameters,
    BN running statistics measured on synthetic data, slightly perturbed (so
    eval-mode BN is not an exact whitening), and finally the logits centred
    and scaled so that the predicted class varies across inputs.

    `heads`: the Linears whose mean is the model output (e.g. a distilled
    transformer's two heads); by default the last Linear (head_linear), whose
    output is measured before a final Softmax, if any.
    """
    calibrate_statistics(model, spec, gen, batches, batch)
    centre_logits(model, spec, gen, batch, heads)


@torch.no_grad()
def calibrate_statistics(model: nn.Module, spec: ModelSpec, gen: torch.Generator, batches: int = 6,
                         batch: int = 16) -> None:
    """calibrate's first part: biases, BN affine parameters and statistics."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)) and m.bias is not None:
            m.bias.normal_(0.0, 0.05, generator=gen)
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.weight.uniform_(0.7, 1.3, generator=gen)
            m.bias.normal_(0.0, 0.1, generator=gen)

    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    # Only BN in train mode: Dropout and stochastic depth stay off.
    model.eval()
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative average over all calibration batches
        bn.train()
    for _ in range(batches):
        model(*synthetic_batch(spec, batch, gen))
    for bn in bns:
        bn.momentum = 0.1
        std = bn.running_var.sqrt()
        bn.running_mean += 0.05 * std * torch.randn(std.shape, generator=gen)
        bn.running_var *= 0.8 + 0.4 * torch.rand(std.shape, generator=gen)
    model.eval()


@torch.no_grad()
def centre_logits(model: nn.Module, spec: ModelSpec, gen: torch.Generator, batch: int = 16,
                  heads: Optional[Sequence[nn.Linear]] = None) -> None:
    """calibrate's second part: centre the logits per class and give them a
    spread of ~2 across inputs, by rescaling the head Linear(s)."""
    if heads is None:
        fc = head_linear(model)
        logits = []
        h = fc.register_forward_hook(lambda mod, inp, out: logits.append(out))
        model(*synthetic_batch(spec, 4 * batch, gen))
        h.remove()
        z = logits[0]
        fcs = [fc]
    else:
        # the model output is the mean of the heads' outputs: the same affine
        # map applied to every head applies to the output
        z = model(*synthetic_batch(spec, 4 * batch, gen))
        fcs = list(heads)
    scale = 2.0 / z.std(0).clamp_min(1e-12)
    for fc in fcs:
        fc.weight.mul_(scale[:, None])
        fc.bias.copy_((fc.bias - z.mean(0)) * scale)


# --------------------------------------------------------------------------
# CAM methods (pytorch-grad-cam's formulas, in torch)
# --------------------------------------------------------------------------
# Each takes the target layer's activations and gradients [N,C,h,w] and returns
# the map before ReLU [N,h,w]. Nothing crosses the batch axis: every sum is per
# sample (and channel). The references run them on float64 tensors.


def _spatial_sum(x: torch.Tensor) -> torch.Tensor:
    return x.sum(dim=(2, 3), keepdim=True)


def _weighted(weights: torch.Tensor, act: torch.Tensor) -> torch.Tensor:
    """sum_c w_c act_c: the map of every method defined by channel weights."""
    return (weights * act).sum(dim=1)


def gradcam_map(act: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
    """Grad-CAM (Selvaraju et al. 2017, eq. 1): w_c = mean_ij grad."""
    return _weighted(grad.mean(dim=(2, 3), keepdim=True), act)


def gradcam_plus_plus_map(act: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
    """Grad-CAM++ (Chattopadhyay et al. 2018, eq. 19): a_ij = g^2 /
    (2 g^2 + sum_ab A_ab g^3), zero where g = 0; w_c = sum_ij relu(g_ij) a_ij."""
    g2 = grad ** 2
    g3 = g2 * grad
    aij = g2 / (2 * g2 + _spatial_sum(act) * g3 + 1e-6)
    aij = torch.where(grad != 0, aij, torch.zeros_like(aij))
    return _weighted(_spatial_sum(F.relu(grad) * aij), act)


def xgradcam_map(act: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
    """XGrad-CAM (Fu et al. 2020): w_c = sum_ij g_ij A_ij / sum_ab A_ab."""
    return _weighted(_spatial_sum(grad * act / (_spatial_sum(act) + 1e-7)), act)


def hirescam_map(act: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
    """HiResCAM (Draelos & Carin 2020): sum_c g * A, element-wise."""
    return (grad * act).sum(dim=1)


def layercam_map(act: torch.Tensor, grad: torch.Tensor) -> torch.Tensor:
    """LayerCAM (Jiang et al. 2021): sum_c relu(g) * A, element-wise."""
    return (F.relu(grad) * act).sum(dim=1)


def eigencam_map(act: torch.Tensor, grad: Optional[torch.Tensor] = None) -> torch.Tensor:
    """EigenCAM (Muhammad & Yeasin 2020), pytorch-grad-cam's get_2d_projection:
    per sample X = act as [h*w, C] minus its per-channel mean; map = X v1, v1
    the first right-singular vector. Sign (arbitrary in an SVD): the map's
    largest-magnitude entry is positive, i.e. max + min >= 0."""
    maps = []
    for a in act:
        x = a.reshape(a.shape[0], -1).T
        x = x - x.mean(dim=0)
        v1 = torch.linalg.svd(x, full_matrices=False).Vh[0]
        p = x @ v1
        if p.max() + p.min() < 0:
            p = -p
        maps.append(p.reshape(a.shape[1:]))
    return torch.stack(maps)


# method name -> its map before ReLU [N,h,w]
CAM_METHODS: Dict[str, Callable[[torch.Tensor, Optional[torch.Tensor]], torch.Tensor]] = {
    "gradcam": gradcam_map,
    "gradcam++": gradcam_plus_plus_map,
    "xgradcam": xgradcam_map,
    "hirescam": hirescam_map,
    "layercam": layercam_map,
    "eigencam": eigencam_map,
}


def _minmax(x: torch.Tensor) -> torch.Tensor:
    """pytorch-grad-cam's scale_cam_image normalisation, per map of [N,h,w]."""
    x = x - x.amin(dim=(1, 2), keepdim=True)
    return x / (1e-7 + x.amax(dim=(1, 2), keepdim=True))


def cam_maps(method: str, act: torch.Tensor, grad: Optional[torch.Tensor], size) -> Dict[str, torch.Tensor]:
    """Raw map [N,h,w] (after ReLU) and final map [N,H,W] of one method for one
    target layer: BaseCAM's shared steps after the method's own map."""
    raw = F.relu(CAM_METHODS[method](act, grad))
    # cv2.resize INTER_LINEAR (pytorch-grad-cam) == bilinear, half-pixel centres
    up = F.interpolate(_minmax(raw)[:, None], size=tuple(size), mode="bilinear",
                       align_corners=False, antialias=False)[:, 0]
    # the final multi-layer aggregation renormalises (ReLU is a no-op here)
    return {"raw": raw, "cam": _minmax(up)}


def compute_gradcam(model: nn.Module, inputs: List[torch.Tensor], target_modules: Dict[str, nn.Module],
                    targets: Optional[torch.Tensor] = None,
                    reshape_transforms: Optional[Dict[str, Optional[Callable[[torch.Tensor], torch.Tensor]]]] = None,
                    score_fn: Optional[Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = None,
                    predict_fn: Optional[Callable[[torch.Tensor], torch.Tensor]] = None) -> Dict[str, object]:
    """Grad-CAM for every input of `model`, one backward pass of one score.

    `target_modules` maps input names (in the order of `inputs`) to modules.
    score = sum over rows of output[row, targets[row]] (the model output as
    is: logits, or probabilities for a model ending in Softmax); targets
    default to the predicted classes. Returns output, targets and per input
    name act, grad, raw and cam.

    Optional, per input name, `reshape_transforms`: pytorch-grad-cam's
    reshape_transform, applied to the module output and to its gradient
    (e.g. tokens [N, P + h*w, C] -> [N, C, h, w]); act and grad are then the
    transformed tensors. `score_fn(output, targets)` gives the per-row scores
    (default output[row, targets[row]]) and `predict_fn(output)` the default
    targets (default argmax).
    """
    acts: Dict[str, torch.Tensor] = {}
    grads: Dict[str, torch.Tensor] = {}

    def hook(name):
        def on_forward(mod, inp, out):
            acts[name] = out
            out.register_hook(lambda g: grads.__setitem__(name, g))
        return on_forward

    handles = [m.register_forward_hook(hook(n)) for n, m in target_modules.items()]
    try:
        output = model(*inputs)
    finally:
        for h in handles:
            h.remove()
    if targets is None:
        targets = output.argmax(dim=1) if predict_fn is None else predict_fn(output)
    if score_fn is None:
        score = output.gather(1, targets[:, None]).sum()
    else:
        score = score_fn(output, targets).sum()
    model.zero_grad(set_to_none=True)
    score.backward()

    result = {"output": output.detach(), "targets": targets, "layers": {}}
    for (name, _), x in zip(target_modules.items(), inputs):
        act, grad = acts[name].detach(), grads[name]
        transform = (reshape_transforms or {}).get(name)
        if transform is not None:
            act, grad = transform(act), transform(grad)
        maps = cam_maps("gradcam", act, grad, x.shape[-2:])
        result["layers"][name] = {"act": act, "grad": grad, **maps}
    return result


# --------------------------------------------------------------------------
# ONNX export with named target tensors
# --------------------------------------------------------------------------


class _WithTargets(nn.Module):
    """Returns (output, target activations...) so that the exporter gives the
    target tensors our names; the extra graph outputs are removed afterwards."""

    def __init__(self, model: nn.Module, target_modules: Dict[str, nn.Module]):
        super().__init__()
        self.model = model
        self.target_modules = target_modules

    def forward(self, *xs):
        acts = {}
        handles = [m.register_forward_hook(lambda mod, i, o, n=n: acts.__setitem__(n, o))
                   for n, m in self.target_modules.items()]
        try:
            out = self.model(*xs)
        finally:
            for h in handles:
                h.remove()
        return (out, *[acts[n] for n in self.target_modules])


def _legacy_exporter() -> Dict[str, object]:
    """torch >= 2.5 takes `dynamo`, and newer releases default to the dynamo exporter, which
    writes different graphs: keep the TorchScript exporter the fixtures were made with."""
    return {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}


def export_onnx(model: nn.Module, spec: ModelSpec, path: str) -> Dict[str, object]:
    """Export `model` (eval mode, float32) with dynamic batch; the tensor of
    each target layer is named target_<input> and the classifier output is the
    only graph output. Returns a summary (op types, notes)."""
    model.eval()
    targets = spec.target_modules(model)
    target_names = [spec.target_tensor(n) for n in targets]
    names = [s.name for s in spec.inputs] + [spec.output] + target_names
    dummy = tuple(torch.zeros(2, s.channels, s.height, s.width) for s in spec.inputs)
    # A fresh wrapper is in training mode, and the exporter restores the
    # wrapper's mode afterwards (recursively): put it in eval mode first.
    wrapper = _WithTargets(model, targets).eval()
    torch.onnx.export(
        wrapper, dummy, path,
        input_names=[s.name for s in spec.inputs],
        output_names=[spec.output] + target_names,
        dynamic_axes={n: {0: "batch"} for n in names},
        opset_version=spec.opset, do_constant_folding=True, **_legacy_exporter())
    assert not model.training

    m = onnx.load(path)
    g = m.graph
    notes = []
    for t in target_names:
        producer = next(n for n in g.node if t in n.output)
        consumed = any(t in n.input for n in g.node)
        if producer.op_type == "Identity" and not consumed:
            # The exporter duplicated the value for the extra output: drop the
            # Identity and give its input (the real layer output) the name.
            src = producer.input[0]
            g.node.remove(producer)
            for n in g.node:
                n.input[:] = [t if i == src else i for i in n.input]
                n.output[:] = [t if o == src else o for o in n.output]
            notes.append(f"{t}: removed exporter Identity, renamed {src}")
            producer = next(n for n in g.node if t in n.output)
        assert any(t in n.input for n in g.node), f"{t} is not consumed by any node"
        notes.append(f"{t}: produced by {producer.op_type} node {producer.name}")

    # Keep the target tensors' type and shape as value_info, drop them as outputs.
    extra = [o for o in g.output if o.name != spec.output]
    keep = [o for o in g.output if o.name == spec.output]
    del g.output[:]
    g.output.extend(keep)
    g.value_info.extend(extra)
    onnx.checker.check_model(m)
    assert [o.name for o in m.graph.output] == [spec.output]
    onnx.save(m, path)
    return {"opTypes": sorted({n.op_type for n in g.node}), "notes": notes,
            "opset": m.opset_import[0].version}


def gradcam_config(spec: ModelSpec) -> Dict[str, object]:
    """The product's gradcam.json for an exported model (preprocessing as the
    inputs' scale/mean/std say; none by default)."""
    return {
        "inputs": [{"name": s.name, "channels": s.channels, "height": s.height, "width": s.width,
                    "scale": s.scale, "mean": s.mean if s.mean is not None else [0] * s.channels,
                    "std": s.std if s.std is not None else [1] * s.channels} for s in spec.inputs],
        "output": spec.output,
        "outputKind": spec.output_kind,
        "classes": spec.classes,
        "targetLayers": {s.name: spec.target_tensor(s.name) for s in spec.inputs},
    }


def write_json(path: str, obj) -> None:
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def build_calibrated(spec: ModelSpec, seed: int, batch: int = 16) -> nn.Module:
    """Deterministic: same seed, same weights."""
    torch.manual_seed(seed)  # module initialisers use the global generator
    model = spec.build()
    calibrate(model, spec, torch.Generator().manual_seed(seed + 1), batch=batch)
    return model


def float64_copy(model: nn.Module) -> nn.Module:
    return copy.deepcopy(model).double().eval()
