import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompileCache } from '../../src/compile/cache';
import { ortBinaryDir } from '../../src/runtime/cuda-install';
import { DeviceUnavailableError, openSession, physicalCores } from '../../src/runtime/device';
import { CamEngine } from '../../src/runtime/engine';
import { FIXTURES } from '../support/fixtures';

// CI machines have no GPU: these tests check the CPU path and the refusals, not CUDA itself.
const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'resnet_mlp', 'model.onnx')));

describe('execution providers', () => {
  test("'auto' runs on whatever loads and says which", async () => {
    const { session, device } = await openSession(bytes, { device: 'auto' });
    expect(['cuda', 'webgpu', 'cpu']).toContain(device);
    await session.release();
  });

  test('an explicit device that cannot load is an error, never a silent fallback', async () => {
    if (process.env.GRADCAM_EXPECT_CUDA) return; // a GPU machine: covered by the GPU check script
    await expect(openSession(bytes, { device: 'cuda' })).rejects.toThrow(DeviceUnavailableError);
    await expect(openSession(bytes, { device: 'cuda' })).rejects.toThrow(/device 'cuda' could not be used/);
  });

  test('a CUDA failure names what is missing: the provider, or the CUDA 13 / cuDNN 9 libraries', async () => {
    if (process.env.GRADCAM_EXPECT_CUDA || process.platform !== 'linux') return;
    const provider = existsSync(join(ortBinaryDir(), 'libonnxruntime_providers_cuda.so'));
    await expect(openSession(bytes, { device: 'cuda' })).rejects.toThrow(provider ? /the CUDA provider needs .*libcuda/ : /npm run gpu:install/);
  });

  test('physical cores are at least one', () => {
    expect(physicalCores()).toBeGreaterThanOrEqual(1);
  });
});

describe('compiled-graph cache', () => {
  test('the second engine for the same model and layers compiles nothing', async () => {
    const cache = new CompileCache(null);
    const first = await CamEngine.create(join(FIXTURES, 'resnet_mlp'), { device: 'cpu', cache });
    const second = await CamEngine.create(join(FIXTURES, 'resnet_mlp'), { device: 'cpu', cache });
    expect([first.cacheHit, second.cacheHit]).toEqual(['miss', 'memory']);
    expect(second.compileMs).toBe(0);
    await Promise.all([first.dispose(), second.dispose()]);
  });

  test('a new process finds it on disk; other layers are another entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-cache-'));
    const a = await CamEngine.create(join(FIXTURES, 'resnet_mlp'), { device: 'cpu', cache: new CompileCache(dir) });
    const b = await CamEngine.create(join(FIXTURES, 'resnet_mlp'), { device: 'cpu', cache: new CompileCache(dir) });
    expect([a.cacheHit, b.cacheHit]).toEqual(['miss', 'disk']);
    expect(b.layers).toEqual(a.layers);
    const layers = a.model.config.targetLayers;
    const other = await CamEngine.create(join(FIXTURES, 'resnet_mlp'), { device: 'cpu', cache: new CompileCache(dir), targetLayers: { image: '/model/layer1/layer1.0/relu_1/Relu_output_0' } });
    expect(other.cacheHit).toBe('miss');
    expect(other.layers).not.toEqual(layers);
    await Promise.all([a.dispose(), b.dispose(), other.dispose()]);
  });
});
