"""tools/export_onnx.py, run as a user would: on a small Lightning-style
4-input EfficientNet classifier in a throw-away package, then checked with
ONNX Runtime (tools/ort_logits.js) against torch.

    /usr/bin/python3 -m unittest discover -s tools/tests
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import types
import unittest
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import onnx
import torch

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(TOOLS)
EXPORTER = os.path.join(TOOLS, "export_onnx.py")
ORT_LOGITS = os.path.join(TOOLS, "ort_logits.js")
ENGINE = os.path.join(REPO, "packages", "gradcam-core", "dist", "index.js")
GRADCAM_CLI = os.path.join(REPO, "packages", "gradcam-core", "bin", "gradcam.js")
INPUTS = ["mnv", "fluid", "ga", "drusen"]
SIZE = 64
# preprocessing of the Lightning model
MEAN, STD = 0.5, 0.25

# The user's code: `out` holds backbone1..4 (torchvision EfficientNet
# features at reduced width and depth, 1-channel stem) and the classifier.
PACKAGE = {
    "__init__.py": "",
    "net.py": '''
        import torch
        import torch.nn as nn
        import lightning as L
        from torchvision.models.efficientnet import EfficientNet, MBConvConfig

        STAGES = [(1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2),
                  (6, 3, 2, 40, 80, 3), (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4),
                  (6, 3, 1, 192, 320, 1)]


        def backbone(width, depth):
            net = EfficientNet([MBConvConfig(*s, width_mult=width, depth_mult=depth) for s in STAGES], dropout=0.2)
            stem = net.features[0][0]
            net.features[0][0] = nn.Conv2d(1, stem.out_channels, 3, 2, 1, bias=False)
            return net.features, net.classifier[1].in_features


        class NetModule(L.LightningModule):
            def __init__(self, config):
                super().__init__()
                self.save_hyperparameters()
                m = config["model"]
                parts = [backbone(m["width"], m["depth"]) for _ in range(4)]
                self.out = nn.ModuleDict({f"backbone{i + 1}": b for i, (b, _) in enumerate(parts)})
                self.out["classifier"] = nn.Sequential(
                    nn.Dropout(0.3), nn.Linear(sum(c for _, c in parts), m["num_classes"]))
                self.pool = nn.AdaptiveAvgPool2d(1)

            def forward(self, mnv, fluid, ga, drusen):
                feats = [torch.flatten(self.pool(self.out[f"backbone{i + 1}"](x)), 1)
                         for i, x in enumerate((mnv, fluid, ga, drusen))]
                return self.out["classifier"](torch.cat(feats, 1))

            def training_step(self, batch, batch_idx):
                self.log("loss", 0.0)


        class Branches(nn.Module):
            pass


        class PlainNet(nn.Module):
            """No Lightning, no config: keyword hyper-parameters; `out` a plain module."""

            def __init__(self, width, depth, num_classes=4):
                super().__init__()
                self.out = Branches()
                for i in range(4):
                    setattr(self.out, f"backbone{i + 1}", backbone(width, depth)[0])
                self.head = nn.Linear(4 * backbone(width, depth)[1], num_classes)

            def forward(self, a, b, c, d):
                xs = (a, b, c, d)
                return self.head(torch.cat([getattr(self.out, f"backbone{i + 1}")(x).mean((2, 3))
                                            for i, x in enumerate(xs)], 1))


        class ShapeDependent(NetModule):
            """Python control flow on the batch size: tracing freezes it."""

            def forward(self, mnv, fluid, ga, drusen):
                return super().forward(mnv, fluid, ga, drusen) + float(mnv.shape[0])
    ''',
}

CONFIG = {"model": {"width": 0.1, "depth": 0.25, "num_classes": 4}}
CONFIG_TOML = '[model]\nwidth = 0.1\ndepth = 0.25\nnum_classes = 4\n'


def make_package(root: str) -> None:
    pkg = os.path.join(root, "amdpkg")
    os.makedirs(pkg)
    for name, text in PACKAGE.items():
        with open(os.path.join(pkg, name), "w") as f:
            f.write(textwrap.dedent(text))


def images(n: int, seed: int, mean: float = 0.0, std: float = 1.0):
    """Image-like inputs as the exporter checks with, preprocessed with
    scale 1/255, `mean` and `std`."""
    from export_onnx import image_like
    gen = torch.Generator().manual_seed(seed)
    return [(image_like(n, 1, SIZE, SIZE, gen) / 255 - mean) / std for _ in INPUTS]


def trained_like(model: torch.nn.Module, seed: int, mean: float = 0.0, std: float = 1.0) -> torch.nn.Module:
    """Weights that behave like trained ones on inputs preprocessed with
    `mean` and `std`: random BN affine parameters and biases, BN statistics
    measured on such inputs, logits centred with a spread of ~1. (A fresh
    model's output hardly depends on its input; an uncalibrated one's logits
    reach 100s, where float32 rounding alone exceeds 1e-4.)"""
    gen = torch.Generator().manual_seed(seed)
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)) and m.bias is not None:
                m.bias.normal_(0, 0.05, generator=gen)
        for bn in bns:
            bn.weight.uniform_(0.7, 1.3, generator=gen)
            bn.bias.normal_(0, 0.1, generator=gen)
            bn.reset_running_stats()
            bn.momentum = None  # cumulative average
            bn.train()
        for i in range(4):
            model(*images(16, seed * 100 + i, mean, std))
        for bn in bns:
            bn.momentum = 0.1
        model.eval()
        fc = [m for m in model.modules() if isinstance(m, torch.nn.Linear)][-1]
        z = model(*images(32, seed * 100 + 99, mean, std))
        scale = 1 / z.std(0)
        fc.weight.mul_(scale[:, None])
        fc.bias.copy_((fc.bias - z.mean(0)) * scale)
    return model


def run(args, cwd: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, EXPORTER, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def ort(model_path: str, feeds: dict) -> np.ndarray:
    r = subprocess.run(["node", ORT_LOGITS, model_path, "--output", "logits",
                        *[f"{n}={p}" for n, p in feeds.items()]], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise AssertionError(f"ort_logits.js failed: {r.stderr}")
    res = json.loads(r.stdout)
    return np.asarray(res["data"], dtype=np.float64).reshape(res["dims"])


class _Gone:
    """Classes a real checkpoint may pickle but this Python cannot import."""


def save_with_foreign_classes(obj, path: str) -> None:
    """torch.save with Lightning's AttributeDict and a class of an absent
    package inside, as a Lightning checkpoint can hold."""
    attribute_dict = type("AttributeDict", (dict,), {"__module__": "lightning.fabric.utilities.data"})
    gone = type("LoopState", (_Gone,), {"__module__": "trainer_plugin.loops"})
    fakes = {"lightning": None, "lightning.fabric": None, "lightning.fabric.utilities": None,
             "lightning.fabric.utilities.data": attribute_dict, "trainer_plugin": None, "trainer_plugin.loops": gone}
    saved = {k: sys.modules.get(k) for k in fakes}
    for name, cls in fakes.items():
        mod = types.ModuleType(name)
        if cls is not None:
            setattr(mod, cls.__name__, cls)
        sys.modules[name] = mod
    try:
        obj = dict(obj, hyper_parameters=attribute_dict(obj["hyper_parameters"]), loops={"fit_loop": gone()})
        torch.save(obj, path)
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v


class ExportTest(unittest.TestCase):
    """All exporter runs start together in setUpClass (each one imports torch:
    seconds); the tests check their results."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tmp = tempfile.mkdtemp(prefix="export-onnx-test-")
        make_package(tmp)
        sys.path.insert(0, tmp)
        sys.path.insert(0, TOOLS)
        from lightning_compat import install_lightning_stand_in
        install_lightning_stand_in()
        import amdpkg.net
        cls.net = amdpkg.net

        torch.manual_seed(0)
        cls.model = trained_like(amdpkg.net.NetModule(CONFIG), 1, MEAN, STD)
        ckpt = os.path.join(tmp, "epoch=7-step=800.ckpt")
        # What Lightning saves, hparams included (config= in the constructor).
        save_with_foreign_classes({
            "epoch": 7, "global_step": 800, "pytorch-lightning_version": "2.4.0",
            "state_dict": cls.model.state_dict(), "hyper_parameters": {"config": CONFIG},
            "optimizer_states": [], "lr_schedulers": [], "callbacks": {}}, ckpt)
        with open(os.path.join(tmp, "config.toml"), "w") as f:
            f.write(CONFIG_TOML)

        torch.manual_seed(2)
        cls.plain = trained_like(amdpkg.net.PlainNet(0.1, 0.25), 3)
        torch.save(cls.plain.state_dict(), os.path.join(tmp, "plain.pt"))
        with open(os.path.join(tmp, "hparams.json"), "w") as f:
            json.dump({"width": 0.1, "depth": 0.25}, f)

        state = dict(cls.model.state_dict())
        state.pop("out.classifier.1.bias")
        state["out.extra.weight"] = torch.zeros(3)
        torch.save({"state_dict": state, "hyper_parameters": {"config": CONFIG}}, os.path.join(tmp, "mismatch.ckpt"))

        os.makedirs(cls.out_dir("untouched"))
        with open(os.path.join(cls.out_dir("untouched"), "gradcam.json"), "w") as f:
            f.write("previous export\n")

        net, size = ["--module", "amdpkg.net.NetModule"], ["--input-size", str(SIZE)]
        main = ["--checkpoint", ckpt, *net, *size]
        backbones = [f"out.backbone{i}" for i in range(1, 5)]
        runs = {
            "lightning": [*main, "--config", "config.toml", "--class-names", "none", "early", "intermediate",
                          "late", "--mean", str(MEAN), "--std", str(STD), "--out", cls.out_dir("lightning")],
            # a middle stage of each backbone as the target layer, input=path form
            "plain": ["--checkpoint", "plain.pt", "--module", "amdpkg.net:PlainNet", "--config", "hparams.json",
                      *size, "--opset", "15", "--out", cls.out_dir("plain"), "--target-modules",
                      *[f"{n}=out.backbone{i + 1}.5" for i, n in enumerate(INPUTS)]],
            "no_checkpoint": ["--checkpoint", "nope.ckpt", *net, "--out", cls.out_dir("no_checkpoint")],
            "no_module": ["--checkpoint", ckpt, "--module", "amd_missing.net.NetModule",
                          "--out", cls.out_dir("no_module")],
            "no_class": ["--checkpoint", ckpt, "--module", "amdpkg.net.NoSuchNet", "--out", cls.out_dir("no_class")],
            "mismatch": ["--checkpoint", "mismatch.ckpt", *net, *size, "--out", cls.out_dir("mismatch")],
            "unknown_target": [*main, "--target-modules", *backbones[:3], "out.backbone9",
                               "--out", cls.out_dir("unknown_target")],
            "pooled_target": [*main, "--target-modules", "out.classifier", *backbones[1:],
                              "--out", cls.out_dir("pooled_target")],
            "swapped_targets": [*main, "--target-modules", backbones[1], backbones[0], *backbones[2:],
                                "--out", cls.out_dir("swapped_targets")],
            "shape_dependent": ["--checkpoint", ckpt, "--module", "amdpkg.net.ShapeDependent", *size,
                                "--out", cls.out_dir("untouched")],
        }
        with ThreadPoolExecutor(max_workers=4) as pool:
            cls.results = dict(zip(runs, pool.map(lambda a: run(a, tmp), runs.values())))

    @classmethod
    def tearDownClass(cls):
        sys.path.remove(cls.tmp)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def out_dir(cls, name: str) -> str:
        return os.path.join(cls.tmp, "models", name)

    def succeeded(self, name: str) -> str:
        r = self.results[name]
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return self.out_dir(name)

    def assert_failed(self, name: str, *fragments: str) -> str:
        r = self.results[name]
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        last = r.stderr.strip().splitlines()[-1]
        self.assertTrue(last.startswith("error: "), r.stderr)
        for f in fragments:
            self.assertIn(f, last)
        self.assertFalse(os.path.exists(self.out_dir(name)), f"{self.out_dir(name)} was created")
        return last

    def check_logits(self, model, model_path: str, seed: int, mean: float = 0.0, std: float = 1.0) -> float:
        batch = 5
        xs = images(batch, seed, mean, std)
        feeds = {}
        for n, x in zip(INPUTS, xs):
            feeds[n] = os.path.join(self.tmp, f"in_{n}.npy")
            np.save(feeds[n], x.numpy())
        with torch.no_grad():
            expected = model(*xs).double().numpy()
        got = ort(model_path, feeds)
        self.assertEqual(got.shape, (batch, 4))
        diff = float(np.abs(got - expected).max())
        self.assertLessEqual(diff, 1e-4)
        return diff

    def check_engine_loads(self, out: str, cfg: dict) -> None:
        """The engine's own loader accepts the folder (when it is built)."""
        if not os.path.exists(ENGINE):
            return
        script = ("const {loadModel}=require(process.argv[1]);const m=loadModel(process.argv[2]);"
                  "console.log(JSON.stringify({config:m.config,inferred:m.inferred}))")
        r = subprocess.run(["node", "-e", script, ENGINE, out], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        loaded = json.loads(r.stdout)
        self.assertEqual(loaded["inferred"], [])
        self.assertEqual(loaded["config"]["targetLayers"], cfg["targetLayers"])

    def test_lightning_checkpoint(self):
        out = self.succeeded("lightning")
        self.assertIn("the checkpoint refers to trainer_plugin.loops.LoopState, not importable here", self.results["lightning"].stdout)
        self.assertEqual(sorted(os.listdir(out)), ["export.json", "gradcam.json", "model.onnx"])

        with open(os.path.join(out, "gradcam.json")) as f:
            cfg = json.load(f)
        self.assertEqual(cfg, {
            "inputs": [{"name": n, "channels": 1, "height": SIZE, "width": SIZE, "scale": 1 / 255,
                        "mean": [MEAN], "std": [STD]} for n in INPUTS],
            "output": "logits", "outputKind": "logits",
            "classes": ["none", "early", "intermediate", "late"],
            "targetLayers": {n: f"target_{n}" for n in INPUTS}})

        m = onnx.load(os.path.join(out, "model.onnx"))
        self.assertEqual(m.opset_import[0].version, 13)
        initializers = {t.name for t in m.graph.initializer}
        self.assertEqual([i.name for i in m.graph.input if i.name not in initializers], INPUTS)
        self.assertEqual([o.name for o in m.graph.output], ["logits"])
        for v in [*m.graph.input[:4], m.graph.output[0]]:
            self.assertTrue(v.type.tensor_type.shape.dim[0].dim_param, f"{v.name}: batch is not dynamic")
        producers = {o for n in m.graph.node for o in n.output}
        consumed = {i for n in m.graph.node for i in n.input}
        for n in INPUTS:
            self.assertIn(f"target_{n}", producers)
            self.assertIn(f"target_{n}", consumed)  # feeds the pooling: a layer, not a side output

        with open(os.path.join(out, "export.json")) as f:
            info = json.load(f)
        self.assertEqual(info["source"]["epoch"], 7)
        self.assertEqual(info["source"]["constructorArguments"], ["config"])
        self.assertEqual(info["targetModules"], {n: f"out.backbone{i + 1}" for i, n in enumerate(INPUTS)})
        self.assertLessEqual(info["check"]["maxAbsDiff"], 1e-4)

        self.check_logits(self.model, os.path.join(out, "model.onnx"), 11, MEAN, STD)
        self.check_engine_loads(out, cfg)

    def test_engine_heat_maps_match_torch(self):
        """gradcam-core's Grad-CAM on the exported model (when it is built)
        equals Grad-CAM computed in torch on the checkpoint's model."""
        if not os.path.exists(ENGINE):
            self.skipTest("packages/gradcam-core is not built (npm run build -w packages/gradcam-core)")
        from gradcam_models import compute_gradcam
        out = self.succeeded("lightning")
        xs = images(1, 13, MEAN, STD)
        args = []
        for n, x in zip(INPUTS, xs):
            np.save(os.path.join(self.tmp, f"cam_{n}.npy"), x[0].numpy())
            args += ["--input", f"{n}={os.path.join(self.tmp, f'cam_{n}.npy')}"]
        raw = os.path.join(self.tmp, "cams")
        r = subprocess.run(["node", GRADCAM_CLI, "analyze", "--model", out, *args, "--raw-dir", raw,
                            "--device", "cpu", "--threads", "1"], capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        expected = compute_gradcam(self.model, xs, {n: self.model.out[f"backbone{i + 1}"]
                                                    for i, n in enumerate(INPUTS)})
        for n in INPUTS:
            cam = expected["layers"][n]["cam"][0].numpy()
            self.assertGreater(cam.max(), 0.5, f"{n}: the torch heat map is empty")
            np.testing.assert_allclose(np.load(os.path.join(raw, f"{n}.npy")), cam, atol=1e-3, err_msg=n)

    def test_plain_state_dict_spread_config_and_explicit_targets(self):
        out = self.succeeded("plain")
        with open(os.path.join(out, "gradcam.json")) as f:
            cfg = json.load(f)
        self.assertEqual(cfg["classes"], [f"class {i}" for i in range(4)])
        self.assertEqual(cfg["inputs"][0]["mean"], [0.0])
        self.assertEqual(onnx.load(os.path.join(out, "model.onnx")).opset_import[0].version, 15)
        self.check_logits(self.plain, os.path.join(out, "model.onnx"), seed=12)
        self.check_engine_loads(out, cfg)

    def test_missing_checkpoint(self):
        self.assert_failed("no_checkpoint", "checkpoint not found: nope.ckpt")

    def test_module_not_importable(self):
        self.assert_failed("no_module", "cannot import module amd_missing.net", "No module named 'amd_missing'")
        self.assert_failed("no_class", "module amdpkg.net has no class NoSuchNet")

    def test_state_dict_mismatch(self):
        self.assert_failed("mismatch", "1 missing key(s): out.classifier.1.bias",
                           "1 unexpected key(s): out.extra.weight")

    def test_unknown_target_module(self):
        self.assert_failed("unknown_target", "target module out.backbone9 not found",
                           "modules under out: backbone1, backbone2, backbone3, backbone4, classifier")

    def test_target_not_a_feature_map(self):
        self.assert_failed("pooled_target", "out.classifier outputs [3, 4], not a feature map")

    def test_targets_in_the_wrong_order(self):
        self.assert_failed("swapped_targets", "target module out.backbone2 does not process input mnv",
                           "depends on fluid")

    def test_mismatch_leaves_out_untouched(self):
        r = self.results["shape_dependent"]
        self.assertNotEqual(r.returncode, 0)
        last = r.stderr.strip().splitlines()[-1]
        self.assertRegex(last, r"^error: ONNX Runtime's output differs from torch's: max \|diff\| 1 > 0.0001 at row")
        out = self.out_dir("untouched")
        self.assertEqual(os.listdir(out), ["gradcam.json"])
        with open(os.path.join(out, "gradcam.json")) as f:
            self.assertEqual(f.read(), "previous export\n")

    def test_ort_logits_errors(self):
        r = subprocess.run(["node", ORT_LOGITS, os.path.join(self.tmp, "missing.onnx"), "x=y.npy"],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 1)
        self.assertIn("ONNX Runtime cannot load", r.stderr)


if __name__ == "__main__":
    unittest.main()
