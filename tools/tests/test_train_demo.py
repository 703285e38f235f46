"""The demo model's training objective (tools/train_demo.py) and the
architecture options it uses (tools/gradcam_models.py).

    /usr/bin/python3 -m unittest discover -s tools/tests
"""

import os
import sys
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import gradcam_models as G  # noqa: E402
import train_demo as T  # noqa: E402


class MapsAsFeatures:
    """Stands in for the model in equivariance_loss: its class maps are the
    features themselves, [N, 1 input, 1 class, h, w]."""

    def class_maps(self, features):
        return features[0][:, None]


class DihedralTest(unittest.TestCase):
    def test_the_eight_symmetries_are_distinct_and_turn_cell_centres_onto_cell_centres(self):
        image = torch.arange(16.0).view(1, 1, 4, 4)
        turned = [T.dihedral(image, [k]) for k in range(8)]
        self.assertTrue(torch.equal(turned[0], image))
        self.assertEqual(len({tuple(t.flatten().tolist()) for t in turned}), 8)
        # A 224-px image and its 7x7 grid of cells drawn at their centres turn together: the
        # cell holding a bright pixel is the cell of that pixel after the turn.
        for k in range(8):
            img = torch.zeros(1, 1, 224, 224)
            img[0, 0, 40, 200] = 1
            cells = torch.nn.functional.avg_pool2d(img, 32)
            self.assertTrue(torch.equal(torch.nn.functional.avg_pool2d(T.dihedral(img, [k]), 32),
                                        T.dihedral(cells, [k])), f"symmetry {k}")

    def test_each_sample_gets_its_own_symmetry(self):
        x = torch.randn(3, 2, 5, 5)
        out = T.dihedral(x, np.array([0, 1, 4]))
        self.assertTrue(torch.equal(out[0], x[0]))
        self.assertTrue(torch.equal(out[1], torch.rot90(x[1], 1, dims=(-2, -1))))
        self.assertTrue(torch.equal(out[2], torch.flip(x[2], dims=(-1,))))


class EquivarianceLossTest(unittest.TestCase):
    def setUp(self):
        gen = torch.Generator().manual_seed(3)
        self.maps = torch.rand(4, 1, 14, 14, generator=gen)
        self.turns = np.array([1, 3, 4, 7])

    def loss(self, turned):
        return float(T.equivariance_loss(MapsAsFeatures(), [torch.cat([self.maps, turned])], 4, self.turns))

    def test_zero_for_maps_that_turn_with_the_image(self):
        self.assertAlmostEqual(self.loss(T.dihedral(self.maps, self.turns)), 0.0, places=6)

    def test_ignores_the_scale_of_a_map(self):
        self.assertAlmostEqual(self.loss(3 * T.dihedral(self.maps, self.turns)), 0.0, places=4)

    def test_positive_for_maps_displaced_by_a_cell(self):
        displaced = torch.roll(T.dihedral(self.maps, self.turns), 1, dims=-1)
        self.assertGreater(self.loss(displaced), 0.05)


class DemoArchitectureTest(unittest.TestCase):
    def test_output_stride_16_doubles_the_target_map_with_the_same_weights(self):
        small, large = G.demo_spec(32).build().eval(), G.demo_spec(16).build().eval()
        self.assertEqual(sum(p.numel() for p in small.parameters()), sum(p.numel() for p in large.parameters()))
        xs = [torch.randn(2, 1, 96, 96) for _ in G.RETINA_INPUTS]
        with torch.no_grad():
            self.assertEqual(small.forward_with_features(*xs)[1][0].shape[-2:], (3, 3))
            self.assertEqual(large.forward_with_features(*xs)[1][0].shape[-2:], (6, 6))

    def test_class_maps_average_to_the_logits(self):
        model = G.demo_spec(16).build().eval()
        xs = [torch.randn(2, 1, 96, 96) for _ in G.RETINA_INPUTS]
        with torch.no_grad():
            logits, features = model.forward_with_features(*xs)
            maps = model.class_maps(features)
        self.assertEqual(tuple(maps.shape), (2, 4, 4, 6, 6))
        torch.testing.assert_close(maps.mean(dim=(-2, -1)).sum(1) + model.classifier.bias, logits,
                                   rtol=1e-5, atol=1e-5)


if __name__ == "__main__":
    unittest.main()
