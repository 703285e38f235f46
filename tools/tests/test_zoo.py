"""tools/zoo_models.py and tools/make_zoo_fixtures.py: a few zoo builders
exported and checked with ONNX Runtime (tools/ort_logits.js) against torch,
and the reshape_transform Grad-CAM reference against a direct computation.

    /usr/bin/python3 -m unittest discover -s tools/tests

The timm-based families run only where $TIMM_SRC names timm's source folder.
"""

import os
import subprocess
import sys
import tempfile
import unittest

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TOOLS)
import gradcam_models as G  # noqa: E402
import make_zoo_fixtures as M  # noqa: E402
import zoo_models as Z  # noqa: E402

# fast families without timm: a token layout, a channels-last layout with
# shifted windows, a CNN with a binary head
FAST = ["vit", "swin", "binary"]


class ZooExportTest(unittest.TestCase):
    def export_and_compare(self, name):
        spec = Z.ZOO_BY_NAME[name]
        model = Z.build_calibrated(spec)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.onnx")
            G.export_onnx(model, spec, path)
            check = M.check_ort(model, spec, path, torch.Generator().manual_seed(7))
            self.assertLessEqual(check["maxAbsDiff"], 1e-4)
            g = onnx.load(path).graph
            self.assertEqual([o.name for o in g.output], [spec.output])
            self.assertEqual(g.output[0].type.tensor_type.shape.dim[0].dim_param, "batch")
            target = spec.target_tensor("image")
            self.assertTrue(any(target in n.output for n in g.node), f"{target} not produced")
            self.assertTrue(any(target in n.input for n in g.node), f"{target} not consumed")
            # shortened names: the same graph, ONNX Runtime still agrees, the target keeps its name
            ops = [n.op_type for n in g.node]
            notes = [f"{target}: produced by X node {g.node[0].name}"]
            self.assertEqual(M.shorten_names(path, spec, notes), len(ops))
            short = onnx.load(path)
            self.assertEqual([n.op_type for n in short.graph.node], ops)
            self.assertLess(len(short.graph.SerializeToString()), len(g.SerializeToString()))
            self.assertEqual(notes, [f"{target}: produced by X node {ops[0]}_0"])
            self.assertTrue(any(target in n.output for n in short.graph.node), f"{target} renamed")
            self.assertEqual([o.name for o in short.graph.output], [spec.output])
            check = M.check_ort(model, spec, path, torch.Generator().manual_seed(7))
            self.assertLessEqual(check["maxAbsDiff"], 1e-4)
        # the target module's raw output has the spec's layout
        raw = {}
        module = spec.target_modules(model)["image"]
        h = module.register_forward_hook(lambda m, i, o: raw.__setitem__("x", o))
        with torch.no_grad():
            model(*G.synthetic_batch(spec, 2, torch.Generator().manual_seed(3)))
        h.remove()
        transform = Z.reshape_transform(spec)
        act = transform(raw["x"]) if transform else raw["x"]
        self.assertEqual(act.dim(), 4)
        if spec.grid != (0, 0):
            self.assertEqual(tuple(act.shape[2:]), spec.grid)
        return model

    def test_fast_families_export_and_match_onnxruntime(self):
        for name in FAST:
            with self.subTest(family=name):
                self.export_and_compare(name)

    @unittest.skipUnless(os.environ.get("TIMM_SRC"), "TIMM_SRC not set")
    def test_timm_family_exports_and_matches_onnxruntime(self):
        model = self.export_and_compare("retfound")
        self.assertFalse(hasattr(model, "norm"), "RETFound's structure has no final norm")


class TinyTokens(nn.Module):
    """Patch embedding, a class token, a LayerNorm (the target) and one
    softmax-attention mixing step, then the mean of the tokens -> logits."""

    def __init__(self, c=6, classes=3):
        super().__init__()
        self.embed = nn.Conv2d(2, c, 4, 4)
        self.cls = nn.Parameter(torch.randn(1, 1, c))
        self.norm = nn.LayerNorm(c)
        self.qk = nn.Linear(c, 2 * c)
        self.head = nn.Linear(c, classes)

    def forward(self, x):
        t = self.embed(x).flatten(2).transpose(1, 2)
        t = torch.cat([self.cls.expand(x.shape[0], -1, -1), t], 1)
        n = self.norm(t)
        q, k = self.qk(n).chunk(2, -1)
        mixed = torch.softmax(q @ k.transpose(1, 2), -1) @ n
        return self.head(mixed[:, 0] + mixed.mean(1))


class ReshapeTransformReferenceTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = TinyTokens().double().eval()
        self.x = torch.randn(2, 2, 12, 8, dtype=torch.float64)  # a 3x2 grid of patches
        self.spec = Z.ZooSpec(name="tiny", inputs=[G.InputSpec("image", 2, 12, 8)], output="logits",
                              output_kind="logits", num_classes=3, opset=17, build=TinyTokens,
                              target_modules=lambda m: {"image": m.norm}, layout="tokens", grid=(3, 2),
                              prefix_tokens=1)

    def direct(self, targets, sign=None):
        """act and grad [N,C,h,w] built position by position from the token tensor
        and its autograd gradient, then Grad-CAM by its formula."""
        m = self.model
        t = m.embed(self.x).flatten(2).transpose(1, 2)
        t = torch.cat([m.cls.expand(2, -1, -1), t], 1)
        n = m.norm(t)
        q, k = m.qk(n).chunk(2, -1)
        mixed = torch.softmax(q @ k.transpose(1, 2), -1) @ n
        out = m.head(mixed[:, 0] + mixed.mean(1))
        score = out[torch.arange(2), targets]
        if sign is not None:
            score = score * sign
        (g,) = torch.autograd.grad(score.sum(), n)
        act = torch.zeros(2, 6, 3, 2, dtype=torch.float64)
        grad = torch.zeros_like(act)
        for i in range(3):
            for j in range(2):
                act[:, :, i, j] = n[:, 1 + i * 2 + j, :].detach()
                grad[:, :, i, j] = g[:, 1 + i * 2 + j, :]
        w = grad.mean(dim=(2, 3), keepdim=True)
        raw = F.relu((w * act).sum(1))
        return out.detach(), act, grad, raw

    def test_tokens_reference_equals_direct_computation(self):
        targets = torch.tensor([2, 0])
        ref = G.compute_gradcam(self.model, [self.x], {"image": self.model.norm}, targets,
                                reshape_transforms={"image": Z.reshape_transform(self.spec)})
        out, act, grad, raw = self.direct(targets)
        layer = ref["layers"]["image"]
        torch.testing.assert_close(ref["output"], out)
        torch.testing.assert_close(layer["act"], act)
        torch.testing.assert_close(layer["grad"], grad)
        torch.testing.assert_close(layer["raw"], raw)
        self.assertEqual(tuple(layer["cam"].shape), (2, 12, 8))

    def test_binary_score_sign(self):
        spec = Z.ZOO_BY_NAME["binary"]
        out = torch.tensor([[1.5], [-0.5]], dtype=torch.float64)
        self.assertEqual(M.score_fn(spec)(out, torch.tensor([1, 0])).tolist(), [1.5, 0.5])
        self.assertEqual(M.predict_fn(spec)(out).tolist(), [1, 0])

    def test_nhwc_transform_is_a_permutation(self):
        spec = Z.ZOO_BY_NAME["swin"]
        h, w = spec.grid  # 4x4
        x = torch.randn(2, h, w, 5)
        y = Z.reshape_transform(spec)(x)
        self.assertEqual(tuple(y.shape), (2, 5, h, w))
        self.assertEqual(float(y[1, 3, 2, 1]), float(x[1, 2, 1, 3]))

    def test_ablation_zeroes_every_token_of_a_channel(self):
        spec = Z.ZOO_BY_NAME["vit"]
        model = Z.build_calibrated(spec)
        cams = M.ZooForwardCams(spec, G.float64_copy(model))
        seen = {}
        module = spec.target_modules(cams.model)["image"]
        module.register_forward_hook(lambda m, i, o: seen.__setitem__("in_next", o))
        x = G.synthetic_batch(spec, 1, torch.Generator().manual_seed(1))[0].double()
        cams.ablate = ("image", torch.tensor([5, 9]))
        cams.forward([x.expand(2, -1, -1, -1)])
        cams.ablate = None
        # the hook registered after the ablating one sees the replaced output
        ablated = seen["in_next"]
        self.assertTrue(bool((ablated[0, :, 5] == 0).all()) and bool((ablated[1, :, 9] == 0).all()))
        self.assertFalse(bool((ablated[0, :, 9] == 0).all()))


class TimmOptionTest(unittest.TestCase):
    def test_missing_timm_source_is_a_one_line_error(self):
        env = {k: v for k, v in os.environ.items() if k != "TIMM_SRC"}
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run([sys.executable, os.path.join(TOOLS, "make_zoo_fixtures.py"), "--out", tmp,
                                "--model", "deit"], capture_output=True, text=True, env=env, timeout=120)
            self.assertEqual(r.returncode, 2)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertIn("--timm-src", r.stderr)
            self.assertEqual(os.listdir(tmp), [])
            r = subprocess.run([sys.executable, os.path.join(TOOLS, "make_zoo_fixtures.py"), "--out", tmp,
                                "--model", "deit", "--timm-src", tmp], capture_output=True, text=True, env=env,
                               timeout=120)
            self.assertEqual(r.returncode, 2)
            self.assertIn("no timm/__init__.py", r.stderr)


if __name__ == "__main__":
    unittest.main()
