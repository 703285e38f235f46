/** A sample's heat-map source gives back what the PNGs need: the same colormap entries, the same image. */
import { applyColormap, randomMap } from 'gradcam-core';
import { summariseHeatmap } from './heatmap-grid';
import { decodeSampleSource, encodeSampleSource } from './heatmap-source';

const image = (width: number, height: number, channels: 1 | 3, seed: number) => ({ width, height, channels, data: Uint8Array.from(randomMap(width * height * channels, seed), (v) => Math.floor(v * 256)) });

test('round trip of a sample with a grey and an RGB input: identical colours and image bytes', () => {
  const grey = { stem: 'mnv', heatmap: randomMap(37 * 23, 7), image: image(37, 23, 1, 3) };
  grey.heatmap.set([0, 1, 0.5, 1 / 256, 255 / 256, Number.NaN, -0.2, 1.3]); // the edges of the colormap's bins
  const rgb = { stem: 'input1', heatmap: randomMap(16 * 9, 11), image: image(16, 9, 3, 5) };
  const file = encodeSampleSource([grey, rgb].map((e) => ({ ...e, levels: summariseHeatmap(e.heatmap, e.image.width, e.image.height).levels })));
  for (const entry of [grey, rgb]) {
    const back = decodeSampleSource(file, entry.stem)!;
    expect(Buffer.from(applyColormap(back.heatmap))).toEqual(Buffer.from(applyColormap(entry.heatmap)));
    expect(back.image).toEqual(entry.image);
  }
  expect(decodeSampleSource(file, 'fluid')).toBeUndefined();
});

test('a file that is not a source, or is cut short, is refused', () => {
  expect(() => decodeSampleSource(Buffer.from('not a heat map'), 'mnv')).toThrow('not a heat-map source file');
  const good = encodeSampleSource([{ stem: 'mnv', levels: new Uint8Array(4), image: image(2, 2, 1, 1) }]);
  expect(() => decodeSampleSource(good.subarray(0, good.length - 3), 'mnv')).toThrow('expected');
});
