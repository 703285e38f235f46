import { applyColormap, overlayHeatmap } from 'gradcam-core';
import sharp from 'sharp';
import { blendHalf, heatmapPngs } from './heatmap-images';

const W = 37;
const H = 23;
const map = Float32Array.from({ length: W * H }, (_, i) => (Math.sin(i / 7) + 1) / 2);
const grey = { width: W, height: H, channels: 1 as const, data: Uint8Array.from({ length: W * H }, (_, i) => (i * 31) % 256) };
const rgb = { width: W, height: H, channels: 3 as const, data: Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 17) % 256) };

test.each([
  ['grey', grey],
  ['RGB', rgb],
])('the overlay equals gradcam-core overlayHeatmap at its default alpha (%s image)', (_name, image) => {
  expect(blendHalf(applyColormap(map), image)).toEqual(overlayHeatmap(image, map));
});

test('the PNGs decode to the pixels they were made from', async () => {
  const pngs = await heatmapPngs(map, grey);
  const decode = async (png: Buffer) => sharp(png).raw().toBuffer({ resolveWithObject: true });
  const heat = await decode(pngs.heatmap);
  expect(heat.info).toMatchObject({ width: W, height: H, channels: 3 });
  expect(new Uint8Array(heat.data)).toEqual(applyColormap(map));
  expect(new Uint8Array((await decode(pngs.overlay)).data)).toEqual(overlayHeatmap(grey, map));
  expect(await sharp(pngs.image).metadata()).toMatchObject({ width: W, height: H, channels: 1 });
  expect(new Uint8Array(await sharp(pngs.image).toColourspace('b-w').raw().toBuffer())).toEqual(grey.data);
  expect(new Uint8Array((await decode((await heatmapPngs(map, rgb)).image)).data)).toEqual(rgb.data);
});
