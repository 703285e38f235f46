import { join } from 'node:path';
import { checkSampleId, defaultSaveDir, samplePaths, SUMMARY_FILE } from '../../src/figures/output-layout';

describe('output layout (the guide\'s "Output Files Structure")', () => {
  test('default save folder: gradcam_results_YYYYMMDD_HHMMSS in local time', () => {
    expect(defaultSaveDir(new Date(2024, 10, 13, 14, 30, 22), '/data')).toBe('/data/gradcam_results_20241113_143022');
    expect(defaultSaveDir(new Date(2025, 0, 2, 3, 4, 5), '/x')).toBe('/x/gradcam_results_20250102_030405');
  });

  test('per-sample files', () => {
    expect(samplePaths('/out', 'sample_001', ['mnv', 'fluid'])).toEqual({
      figure: join('/out', 'sample_001_gradcam_visualization.png'),
      heatmapDir: join('/out', 'sample_001_heatmaps'),
      heatmaps: { mnv: join('/out', 'sample_001_heatmaps', 'sample_001_mnv.png'), fluid: join('/out', 'sample_001_heatmaps', 'sample_001_fluid.png') },
    });
    expect(SUMMARY_FILE).toBe('summary_visualization.png');
  });

  test.each(['', '.', '..', '../escape', 'a/b', 'a\\b'])('sample id %p cannot name files', (id) => {
    expect(() => checkSampleId(id)).toThrow(/cannot be used in a file name/);
  });
});
