import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CUDA_RUNTIME_LIBRARIES, CudaInstallError, installCudaProvider, missingCudaLibraries, PROVIDER_FILES } from '../../src/runtime/cuda-install';

/** A stand-in for the npm package's tarball: same layout, small files. */
function fakePackage(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradcam-cuda-pkg-'));
  const libDir = join(dir, 'package', 'Plugins', 'Linux', 'x64');
  mkdirSync(libDir, { recursive: true });
  for (const f of files) writeFileSync(join(libDir, f), `contents of ${f}`);
  execFileSync('tar', ['czf', join(dir, 'pkg.tgz'), '-C', dir, 'package']);
  return join(dir, 'pkg.tgz');
}

describe('install-cuda', () => {
  test('puts the provider libraries where onnxruntime looks and says what is still missing', () => {
    const dest = mkdtempSync(join(tmpdir(), 'gradcam-cuda-dest-'));
    const lines: string[] = [];
    const installed = installCudaProvider({ from: fakePackage(PROVIDER_FILES), dest, log: (l) => lines.push(l) });
    expect(installed).toEqual(PROVIDER_FILES.map((f) => join(dest, f)));
    for (const f of PROVIDER_FILES) expect(readFileSync(join(dest, f), 'utf8')).toBe(`contents of ${f}`);
    expect(lines[0]).toMatch(/^installed /);
    expect(lines[1]).toMatch(/CUDA 13|were found/);
  });

  test('a package without the libraries is a clear error, and nothing is installed', () => {
    const dest = mkdtempSync(join(tmpdir(), 'gradcam-cuda-dest-'));
    expect(() => installCudaProvider({ from: fakePackage(['libonnxruntime_providers_shared.so']), dest, log: () => undefined })).toThrow(CudaInstallError);
    expect(() => installCudaProvider({ from: join(dest, 'nope.tgz'), dest, log: () => undefined })).toThrow(/does not exist/);
  });

  test('runtime libraries are looked up on LD_LIBRARY_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-cuda-libs-'));
    for (const lib of CUDA_RUNTIME_LIBRARIES) writeFileSync(join(dir, lib), '');
    expect(missingCudaLibraries({ LD_LIBRARY_PATH: `/nonexistent:${dir}` })).toEqual([]);
    const without = missingCudaLibraries({ LD_LIBRARY_PATH: '' });
    expect(CUDA_RUNTIME_LIBRARIES).toEqual(expect.arrayContaining(without));
  });
});
