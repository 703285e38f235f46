"""Width-reduced models of common architecture families for the zoo fixtures.

Each family keeps the real family's structure (torchvision's or timm's own
classes, at tiny widths and depths, 24-40 px inputs) so that its ONNX export
has the family's operators and tensor layouts; make_zoo_fixtures.py exports
them and writes pytorch-grad-cam references.

A family's Grad-CAM target module is the layer the engine's default rule
picks:
  (a) attention on token [N,T,C] or channels-last [N,H,W,C] tensors: the
      input of the last attention block, i.e. among the ancestors of the last
      attention Softmax the latest token / channels-last tensor that is a
      normalisation output or a residual Add output;
  (b) otherwise the CNN rule: the last [N,C,h,w] map fed to global pooling.
The reference sees the module output through pytorch-grad-cam's
reshape_transform (`reshape_transform` below): tokens [N, P + h*w, C] -> drop
the P prefix tokens -> [N,h,w,C] -> [N,C,h,w]; channels-last [N,H,W,C] ->
[N,C,H,W].

timm is not a Debian package: the timm-based families import it from a source
folder (`import_timm`, the `--timm-src DIR` option of make_zoo_fixtures.py or
$TIMM_SRC). Run with /usr/bin/python3 (torch 1.13, torchvision 0.14).
"""

import dataclasses
import importlib
import math
import os
import sys
import types
from dataclasses import dataclass
from functools import partial
from typing import Callable, Dict, List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gradcam_models as G  # noqa: E402

LAYOUTS = ("tokens", "nhwc", "nchw")
TASKS = ("classification", "binary", "multilabel", "regression")
RULE_ATTENTION = ("attention: the input of the last attention block (among the ancestors of the last attention "
                  "Softmax, the latest token / channels-last tensor that is a normalisation or residual Add output)")
RULE_CNN = "cnn: the last [N,C,h,w] feature map fed to global pooling"


class TimmMissing(RuntimeError):
    """A timm-based family was requested without a usable timm source folder."""


_TIMM = None


def import_timm(timm_src: Optional[str] = None):
    """timm imported from `timm_src` (the folder holding timm/), else $TIMM_SRC.
    Raises TimmMissing with a one-line message when neither gives timm."""
    global _TIMM
    if _TIMM is not None:
        return _TIMM
    folder = timm_src or os.environ.get("TIMM_SRC")
    if not folder:
        raise TimmMissing("this family needs timm's source: pass --timm-src DIR (the folder that holds timm/) "
                          "or set TIMM_SRC")
    if not os.path.isfile(os.path.join(folder, "timm", "__init__.py")):
        raise TimmMissing(f"--timm-src {folder}: no timm/__init__.py there (give the folder that holds timm/)")
    sys.path.insert(0, os.path.abspath(folder))
    try:
        _TIMM = importlib.import_module("timm")
    except Exception as e:  # noqa: BLE001 - any import failure is reported the same way
        raise TimmMissing(f"cannot import timm from {folder}: {type(e).__name__}: {e}".splitlines()[0]) from e
    return _TIMM


# --------------------------------------------------------------------------
# Model description
# --------------------------------------------------------------------------


@dataclass
class ZooSpec(G.ModelSpec):
    """A ModelSpec plus the target layer's layout and the output's task."""
    layout: str = "nchw"            # of the target module's raw output: tokens | nhwc | nchw
    grid: Tuple[int, int] = (0, 0)  # h, w of the transformed [N,C,h,w] map
    prefix_tokens: int = 0          # P: class / distillation tokens before the h*w patch tokens
    rule: str = RULE_CNN
    module_note: str = ""           # why this module (reference.json's targetLayers[].rule)
    task: str = "classification"
    needs_timm: bool = False
    forward_cams: bool = False      # also Score-CAM and Ablation-CAM references
    perturb: bool = True            # transformer-style calibration (perturb_weights) before G.calibrate
    # the Linears whose mean is the model output (None: gradcam_models.head_linear)
    heads: Optional[Callable[[nn.Module], List[nn.Linear]]] = None
    seed: int = 0


def reshape_transform(spec: ZooSpec) -> Optional[Callable[[torch.Tensor], torch.Tensor]]:
    """pytorch-grad-cam's reshape_transform for the spec's target layer (None for nchw)."""
    if spec.layout == "nchw":
        return None
    h, w = spec.grid
    p = spec.prefix_tokens
    if spec.layout == "tokens":
        def tokens_to_nchw(x: torch.Tensor) -> torch.Tensor:
            assert x.dim() == 3 and x.shape[1] == p + h * w, f"expected [N, {p}+{h}*{w}, C], got {list(x.shape)}"
            return x[:, p:, :].reshape(x.shape[0], h, w, x.shape[2]).permute(0, 3, 1, 2)
        return tokens_to_nchw

    def nhwc_to_nchw(x: torch.Tensor) -> torch.Tensor:
        assert x.dim() == 4 and tuple(x.shape[1:3]) == (h, w), f"expected [N,{h},{w},C], got {list(x.shape)}"
        return x.permute(0, 3, 1, 2)
    return nhwc_to_nchw


# --------------------------------------------------------------------------
# Calibration
# --------------------------------------------------------------------------


@torch.no_grad()
def perturb_weights(model: nn.Module, gen: torch.Generator) -> None:
    """Make a fresh transformer-style model less degenerate before G.calibrate.

    Transformer initialisations (std 0.02 Linears, zero heads, layer scales of
    1e-6, zero class tokens and attention biases) leave attention uniform and
    residual branches silent. So: every Linear (and nn.MultiheadAttention's
    input projection) drawn with std 1/sqrt(fan_in); LayerNorm affine
    parameters perturbed (weight U(0.7, 1.3), bias N(0, 0.1)); layer-scale
    parameters (all < 1e-3) set to U(0.3, 1); other all-zero free parameters
    (tokens, attention biases) drawn N(0, 0.2).
    """
    handled = set()
    for m in model.modules():
        if isinstance(m, nn.Linear):
            m.weight.normal_(0.0, 1.0 / math.sqrt(m.in_features), generator=gen)
            handled.add(id(m.weight))
        elif isinstance(m, nn.MultiheadAttention) and m.in_proj_weight is not None:
            m.in_proj_weight.normal_(0.0, 1.0 / math.sqrt(m.embed_dim), generator=gen)
            handled.add(id(m.in_proj_weight))
        elif isinstance(m, nn.LayerNorm) and m.elementwise_affine:
            m.weight.uniform_(0.7, 1.3, generator=gen)
            m.bias.normal_(0.0, 0.1, generator=gen)
            handled.update((id(m.weight), id(m.bias)))
    for name, p in model.named_parameters():
        if id(p) in handled:
            continue
        leaf = name.rsplit(".", 1)[-1]
        if ("scale" in leaf or "gamma" in leaf) and float(p.abs().max()) < 1e-3:
            p.uniform_(0.3, 1.0, generator=gen)
        elif leaf not in ("weight", "bias", "in_proj_bias") and float(p.abs().max()) == 0:
            p.normal_(0.0, 0.2, generator=gen)


def build_calibrated(spec: ZooSpec, seed: Optional[int] = None) -> nn.Module:
    """Deterministic: same seed, same weights (as gradcam_models.build_calibrated,
    plus perturb_weights for transformer-style families)."""
    seed = spec.seed if seed is None else seed
    torch.manual_seed(seed)  # module initialisers use the global generator
    model = spec.build()
    gen = torch.Generator().manual_seed(seed + 1)
    if spec.perturb:
        perturb_weights(model, gen)
    G.calibrate(model, spec, gen, heads=spec.heads(model) if spec.heads else None)
    return model.eval()


# --------------------------------------------------------------------------
# Families
# --------------------------------------------------------------------------


def build_vit() -> nn.Module:
    from torchvision.models.vision_transformer import VisionTransformer
    return VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32,
                             mlp_dim=64, num_classes=5)


def build_swin() -> nn.Module:
    from torchvision.models.swin_transformer import SwinTransformer
    # 32 px / patch 4 = 8x8 tokens, then 4x4: with window 2 the last stage's
    # second block is still shifted (shift 1)
    return SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[1, 2], num_heads=[2, 2], window_size=[2, 2],
                           mlp_ratio=2.0, stochastic_depth_prob=0.0, num_classes=5)


def build_convnext() -> nn.Module:
    from torchvision.models.convnext import CNBlockConfig, ConvNeXt
    return ConvNeXt([CNBlockConfig(16, 32, 1), CNBlockConfig(32, None, 2)], stochastic_depth_prob=0.0,
                    num_classes=5)


def build_retfound() -> nn.Module:
    """RETFound's models_vit.VisionTransformer structure, small: timm's
    VisionTransformer with a class token whose head sees the mean of the patch
    tokens (global_pool=True) through fc_norm, without the final norm."""
    import_timm()
    from timm.models.vision_transformer import VisionTransformer

    class RetFoundViT(VisionTransformer):
        def __init__(self, global_pool: bool = True, **kwargs):
            super().__init__(**kwargs)
            self.global_pool = global_pool
            if global_pool:
                self.fc_norm = kwargs["norm_layer"](kwargs["embed_dim"])
                del self.norm  # RETFound removes the final norm

        def forward_features(self, x):
            b = x.shape[0]
            x = self.patch_embed(x)
            x = torch.cat((self.cls_token.expand(b, -1, -1), x), dim=1)
            x = self.pos_drop(x + self.pos_embed)
            for blk in self.blocks:
                x = blk(x)
            if self.global_pool:
                return self.fc_norm(x[:, 1:, :].mean(dim=1))  # mean of the patch tokens
            return self.norm(x)[:, 0]

        def forward(self, x):
            return self.head(self.forward_features(x))

    return RetFoundViT(global_pool=True, img_size=32, patch_size=8, in_chans=1, num_classes=4, embed_dim=32,
                       depth=2, num_heads=2, mlp_ratio=2, qkv_bias=True, norm_layer=partial(nn.LayerNorm, eps=1e-6))


def build_deit() -> nn.Module:
    import_timm()
    from timm.models.deit import VisionTransformerDistilled
    return VisionTransformerDistilled(img_size=32, patch_size=8, num_classes=5, embed_dim=32, depth=2, num_heads=2,
                                      mlp_ratio=2, qkv_bias=True)


def tap_swinv2_residual(block: nn.Module) -> nn.Module:
    """Give a timm SwinTransformerV2Block's last residual Add (tokens [N,H*W,C],
    before the block reshapes it to [N,H,W,C]) a module: block.residual_tap, an
    Identity, so that it can be the target. The computation is unchanged."""
    block.residual_tap = nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, h, w, c = x.shape
        x = x + self.drop_path1(self.norm1(self._attn(x)))
        x = x.reshape(b, -1, c)
        x = self.residual_tap(x + self.drop_path2(self.norm2(self.mlp(x))))
        return x.reshape(b, h, w, c)

    # a bound method: deep copies (the float64 reference) rebind it to the copy
    block.forward = types.MethodType(forward, block)
    return block


def tap_layernorm2d(norm: nn.Module) -> nn.Module:
    """Give the channels-last LayerNorm output inside timm's LayerNorm2d
    (permute -> layer_norm -> permute) a module: norm.channels_last_tap, an
    Identity, so that it can be the target. The computation is unchanged."""
    norm.channels_last_tap = nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.layer_norm(x.permute(0, 2, 3, 1), self.normalized_shape, self.weight, self.bias, self.eps)
        return self.channels_last_tap(x).permute(0, 3, 1, 2)

    norm.forward = types.MethodType(forward, norm)
    return norm


def build_swinv2() -> nn.Module:
    import_timm()
    from timm.models.swin_transformer_v2 import SwinTransformerV2
    model = SwinTransformerV2(img_size=32, patch_size=4, num_classes=5, embed_dim=16, depths=(1, 2), num_heads=(2, 2),
                              window_size=2, mlp_ratio=2.0, drop_path_rate=0.0)
    tap_swinv2_residual(model.layers[-1].blocks[-2])
    return model


def build_efficientformer() -> nn.Module:
    import_timm()
    from timm.models import efficientformer as ef
    # two stages (stride 4, 8): 32 px -> 4x4 tokens in the last stage, whose
    # last block is the attention (MetaBlock1d after Flat)
    model = ef.EfficientFormer(depths=(1, 2), embed_dims=(16, 32), num_classes=5, num_vit=1, mlp_ratios=2,
                               drop_path_rate=0.0)
    # The family's Attention is built with fixed defaults (8 heads of 32 keys,
    # values 4x wider, a 7x7 resolution): the same class, narrower and at the 4x4 grid.
    for blk in model.stages[-1].blocks:
        if isinstance(blk, ef.MetaBlock1d):
            blk.token_mixer = ef.Attention(32, key_dim=8, num_heads=2, attn_ratio=2, resolution=4)
    return model


def build_levit() -> nn.Module:
    import_timm()
    from timm.models.levit import LevitDistilled
    # stride-8 stem: 32 px -> 4x4 tokens, then a subsampling attention stage -> 2x2
    return LevitDistilled(img_size=32, num_classes=5, embed_dim=(16, 32), key_dim=8, depth=(1, 2), num_heads=(2, 2),
                          attn_ratio=2.0, mlp_ratio=2.0, stem_type="s8", down_op="subsample")


def build_mobilevit() -> nn.Module:
    import_timm()
    from timm.models.byobnet import ByobNet, ByoModelCfg
    from timm.models.mobilevit import _inverted_residual_block, _mobilevit_block
    # 24 px: stem 12, 12, 6, then the MobileViT block at 3x3, which patch size 2
    # does not divide: its unfold/fold is wrapped in F.interpolate to 4x4 and back
    cfg = ByoModelCfg(
        blocks=(
            _inverted_residual_block(d=1, c=8, s=1, br=2.0),
            _inverted_residual_block(d=1, c=16, s=2, br=2.0),
            _mobilevit_block(d=1, c=16, s=2, transformer_dim=16, transformer_depth=2, patch_size=2, br=2.0),
        ),
        stem_chs=8, stem_type="3x3", stem_pool="", downsample="", act_layer="silu", num_features=32,
    )
    return ByobNet(cfg, num_classes=5)


def _maxxvit(block_type, cfg_kwargs, depths=(1, 1), embed_dim=(16, 32), **tcfg):
    import_timm()
    from timm.models import maxxvit as mx
    base = cfg_kwargs()
    tc = dataclasses.replace(base["transformer_cfg"], dim_head=8, **tcfg)
    cfg = mx.MaxxVitCfg(embed_dim=embed_dim, depths=depths, block_type=block_type, stem_width=8,
                        conv_cfg=base["conv_cfg"], transformer_cfg=tc)
    return mx.MaxxVit(cfg, img_size=32, num_classes=5)


def build_coatnet() -> nn.Module:
    import_timm()
    from timm.models import maxxvit as mx
    # conv stage (MBConv) then transformer stage: stem /2, stages /2, /2 -> 32 px
    # gives 8x8 after the conv stage and 4x4 in the transformer stage
    model = _maxxvit(("C", "T"), mx._rw_coat_cfg, depths=(1, 2))
    tap_layernorm2d(model.stages[-1].blocks[-1].norm1)
    return model


def build_maxvit() -> nn.Module:
    import_timm()
    from timm.models import maxxvit as mx
    return _maxxvit(("M", "M"), partial(mx._rw_max_cfg, window_size=2), depths=(1, 1))


# --------------------------------------------------------------------------
# Head variants on a small CNN (gradcam_models' 1-input EfficientNet)
# --------------------------------------------------------------------------


def build_head_cnn(outputs: int) -> nn.Module:
    # output stride 16: a 3x3 last map at 40 px (40, 20, 10, 5, 3)
    return G.MultiInputEfficientNet(["image"], 1, outputs, width_mult=0.06, depth_mult=0.5, output_stride=16)


def _image(channels: int, size: int) -> List[G.InputSpec]:
    return [G.InputSpec("image", channels, size, size)]


def _head_spec(name: str, outputs: int, task: str, class_names: List[str], seed: int, output: str = "logits") -> ZooSpec:
    """The heads beside softmax share one small CNN: only the output and its meaning differ."""
    return ZooSpec(
        name=name, inputs=_image(1, 40), output=output, output_kind="logits", num_classes=outputs, opset=17,
        build=lambda: build_head_cnn(outputs), target_modules=lambda m: {"image": m.branches["image"][-1]},
        pooled_after_target=True, class_names=class_names, task=task, perturb=False,
        module_note="1-input EfficientNet: the last feature map before global pooling", seed=seed)


ZOO_SPECS: List[ZooSpec] = [
    ZooSpec(
        name="vit", inputs=_image(3, 32), output="logits", output_kind="logits", num_classes=5, opset=17,
        build=build_vit, target_modules=lambda m: {"image": m.encoder.layers[-1].ln_1},
        layout="tokens", grid=(4, 4), prefix_tokens=1, rule=RULE_ATTENTION,
        module_note="torchvision VisionTransformer: the last encoder block's ln_1 (norm1) output",
        heads=lambda m: [m.heads.head], forward_cams=True, seed=4101),
    ZooSpec(
        name="retfound", inputs=_image(1, 32), output="logits", output_kind="logits", num_classes=4, opset=17,
        build=build_retfound, target_modules=lambda m: {"image": m.blocks[-1].norm1},
        layout="tokens", grid=(4, 4), prefix_tokens=1, rule=RULE_ATTENTION,
        module_note="RETFound-style timm ViT (global_pool=True, fc_norm, no final norm): the last block's norm1",
        class_names=["grade 0", "grade 1", "grade 2", "grade 3"],
        heads=lambda m: [m.head], needs_timm=True, seed=4302),  # 4102: two classes with all-negative maps
    ZooSpec(
        name="swin", inputs=_image(3, 32), output="logits", output_kind="logits", num_classes=5, opset=17,
        build=build_swin, target_modules=lambda m: {"image": m.features[-1][-1].norm1},
        layout="nhwc", grid=(4, 4), rule=RULE_ATTENTION,
        module_note="torchvision SwinTransformer: features[-1][-1].norm1, the last (shifted) block's norm1",
        heads=lambda m: [m.head], forward_cams=True, seed=4103),
    ZooSpec(
        name="deit", inputs=_image(3, 32), output="logits", output_kind="logits", num_classes=5, opset=13,
        build=build_deit, target_modules=lambda m: {"image": m.blocks[-1].norm1},
        layout="tokens", grid=(4, 4), prefix_tokens=2, rule=RULE_ATTENTION,
        module_note="timm VisionTransformerDistilled: the last block's norm1 (class + distillation token)",
        heads=lambda m: [m.head, m.head_dist], needs_timm=True, seed=4104),
    _head_spec("binary", 1, "binary", ["absent", "present"], seed=4105),
    _head_spec("multilabel", 4, "multilabel", ["drusen", "fluid", "ga", "mnv"], seed=4106),
    _head_spec("regression", 2, "regression", ["thickness", "area"], seed=4107, output="outputs"),
    ZooSpec(
        name="convnext", inputs=_image(3, 32), output="logits", output_kind="logits", num_classes=5, opset=17,
        build=build_convnext, target_modules=lambda m: {"image": m.features},
        layout="nchw", grid=(4, 4), pooled_after_target=True,
        module_note="torchvision ConvNeXt: the output of features (last stage), fed to avgpool",
        heads=lambda m: [m.classifier[-1]], seed=4108),
    ZooSpec(
        name="efficientformer", inputs=_image(3, 32), output="logits", output_kind="logits", num_classes=5, opset=17,
        build=build_efficientformer, target_modules=lambda m: {"image": m.stages[-1].blocks[-1].norm1},
        layout="tokens", grid=(4, 4), prefix_tokens=0, rule=RULE_ATTENTION,
        module_note="timm EfficientFormer: the last stage's MetaBlock1d norm1 (flattened tokens)",
        heads=lambda m: [m.head, m.head_dist], needs_timm=True, seed=4109),
    ZooSpec(
        name="levit", inputs=_image(3, 32), output="logits", output_kind="logits", num_classes=5, opset=17,
        build=build_levit, target_modules=lambda m: {"image": m.stages[-1].blocks[-2]},
        layout="tokens", grid=(2, 2), prefix_tokens=0, rule=RULE_ATTENTION,
        module_note="timm LevitDistilled: the input of the last attention block = the previous block's output "
                    "(its residual Add); LeViT has no LayerNorm",
        heads=lambda m: [m.head.linear, m.head_dist.linear], needs_timm=True, seed=4110),
    ZooSpec(
        name="mobilevit", inputs=_image(3, 24), output="logits", output_kind="logits", num_classes=5, opset=17,
        build=build_mobilevit, target_modules=lambda m: {"image": m.final_conv},
        layout="nchw", grid=(3, 3), pooled_after_target=True,
        module_note="timm MobileViT (ByobNet): final_conv, the last map before global pooling; its transformer "
                    "tokens merge the batch with the patch positions ([N*P, T, C]), so the CNN rule applies",
        heads=lambda m: [m.head.fc], needs_timm=True, seed=4111),
    ZooSpec(
        name="coatnet", inputs=_image(3, 32), output="logits", output_kind="logits", num_classes=5, opset=17,
        build=build_coatnet, target_modules=lambda m: {"image": m.stages[-1].blocks[-1].norm1.channels_last_tap},
        layout="nhwc", grid=(4, 4), rule=RULE_ATTENTION,
        module_note="timm CoAtNet (MaxxVit, C then T stages): the last TransformerBlock2d's norm1, a LayerNorm2d; "
                    "the target is its channels-last LayerNormalization output [N,H,W,C] (before the permute back "
                    "to NCHW), the latest channels-last normalisation output before the last attention Softmax; "
                    "the block's attention itself runs on NCHW maps flattened to [N,C,h*w]",
        heads=lambda m: [m.head.fc], needs_timm=True, seed=4112),
    ZooSpec(
        name="maxvit", inputs=_image(3, 32), output="logits", output_kind="logits", num_classes=5, opset=17,
        build=build_maxvit, target_modules=lambda m: {"image": m.stages[-1].blocks[-1].attn_grid.norm1},
        layout="nhwc", grid=(4, 4), rule=RULE_ATTENTION,
        module_note="timm MaxViT: the last block's grid attention (PartitionAttentionCl) norm1",
        heads=lambda m: [m.head.fc], needs_timm=True, seed=4113),
    ZooSpec(
        name="swinv2", inputs=_image(3, 32), output="logits", output_kind="logits", num_classes=5, opset=17,
        build=build_swinv2, target_modules=lambda m: {"image": m.layers[-1].blocks[-2].residual_tap},
        layout="tokens", grid=(4, 4), prefix_tokens=0, rule=RULE_ATTENTION,
        module_note="timm SwinTransformerV2 (post-norm blocks): the input of the last block = the previous "
                    "block's last residual Add, tokens [N,H*W,C] (the block then reshapes it to [N,H,W,C])",
        heads=lambda m: [m.head.fc], needs_timm=True, seed=4114),
]

ZOO_BY_NAME: Dict[str, ZooSpec] = {s.name: s for s in ZOO_SPECS}
