"""tools/zoo_full.py (`npm run zoo`): its cheap Grad-CAM reference (backward from
the logits to the target layer only) equals gradcam_models.compute_gradcam (the
full backward, as pytorch-grad-cam runs it), for an [N,C,h,w] layer and for a
token layer seen through reshape_transform; every family names a torchvision
builder and a reference module that exists. Small models only (seconds).

    /usr/bin/python3 -m unittest discover -s tools/tests
"""

import os
import sys
import unittest

import torch
import torchvision.models as tvm

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOOLS)
import gradcam_models as G  # noqa: E402
import zoo_full as Z  # noqa: E402
from zoo_models import ZooSpec, reshape_transform  # noqa: E402


def small_vit():
    from torchvision.models.vision_transformer import VisionTransformer
    return VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=16, mlp_dim=32,
                             num_classes=6)


class ReferenceTest(unittest.TestCase):
    def check(self, spec, size):
        torch.manual_seed(3)
        model = spec.build().eval()
        x = torch.rand(1, 3, size, size)
        logits, classes, cams, _ = Z.reference_cams(model, spec, x)
        self.assertEqual(classes[0], int(logits.argmax()))
        self.assertNotEqual(classes[0], classes[1])
        self.assertTrue(all(p.requires_grad for p in model.parameters()), "parameters' flags restored")
        for cls, cam in zip(classes, cams):
            full = G.compute_gradcam(model, [x], spec.target_modules(model), targets=torch.tensor([cls]),
                                     reshape_transforms={"image": reshape_transform(spec)})
            self.assertLess(float((full["layers"]["image"]["cam"][0] - cam).abs().max()), 1e-6)

    def test_nchw_layer(self):
        self.check(ZooSpec(name="resnet18", inputs=[G.InputSpec("image", 3, 64, 64)], output="logits",
                           output_kind="logits", num_classes=6, opset=17, build=lambda: tvm.resnet18(num_classes=6),
                           target_modules=lambda m: {"image": m.layer4}), 64)

    def test_token_layer(self):
        self.check(ZooSpec(name="vit", inputs=[G.InputSpec("image", 3, 32, 32)], output="logits",
                           output_kind="logits", num_classes=6, opset=17, build=small_vit,
                           target_modules=lambda m: {"image": m.encoder.layers[-1].ln_1},
                           layout="tokens", grid=(4, 4), prefix_tokens=1), 32)


class FamiliesTest(unittest.TestCase):
    def test_reference_modules_exist(self):
        for f in Z.FAMILIES:
            if not hasattr(tvm, f.name):
                continue  # reported as "not in this torchvision"
            with self.subTest(model=f.name):
                model = getattr(tvm, f.name)(weights=None)
                self.assertIsInstance(f.target(model), torch.nn.Module)


if __name__ == "__main__":
    unittest.main()
