/**
 * `gradcam install-cuda` (`npm run gpu:install`): puts onnxruntime's CUDA execution provider next
 * to onnxruntime-node's own library, from the npm registry alone.
 *
 * onnxruntime-node's postinstall fetches these libraries from a host outside npm (and is skipped
 * in this project's .npmrc). The npm package below carries the same provider, built for CUDA 13 +
 * cuDNN 9 against onnxruntime 1.29.0; providers load only into the exact core version they were
 * built with, so onnxruntime-node is pinned to that version.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export const CUDA_PROVIDER_PACKAGE = 'com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9';
/** The onnxruntime core version the provider above was built against. */
export const CUDA_PROVIDER_ORT_VERSION = '1.29.0';
const PROVIDER_DIR = 'package/Plugins/Linux/x64';
export const PROVIDER_FILES = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'] as const;

/** What the provider loads at run time: CUDA 13, cuDNN 9 (loaded once the first Conv runs). */
export const CUDA_RUNTIME_LIBRARIES = ['libcuda.so.1', 'libcudart.so.13', 'libcublas.so.13', 'libcublasLt.so.13', 'libcurand.so.10', 'libcudnn.so.9'] as const;

export class CudaInstallError extends Error {
  override name = 'CudaInstallError';
}

/** The folder holding onnxruntime-node's core library, where providers are looked up. */
export function ortBinaryDir(): string {
  return dirname(require.resolve('onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node', { paths: [__dirname] }));
}

export function ortVersion(): string {
  const pkg = require.resolve('onnxruntime-node/package.json', { paths: [__dirname] });
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** Runtime libraries the dynamic loader would not find (LD_LIBRARY_PATH, then the ldconfig cache). */
export function missingCudaLibraries(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = (env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean);
  let cache = '';
  try {
    cache = execFileSync('ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // no ldconfig (e.g. a minimal container): LD_LIBRARY_PATH is all we can check
  }
  return CUDA_RUNTIME_LIBRARIES.filter((lib) => !dirs.some((d) => existsSync(join(d, lib))) && !cache.includes(`${lib} `));
}

export interface CudaInstallOptions {
  /** A local copy of the package's .tgz (offline installs); default: `npm pack` from the registry. */
  from?: string;
  /** Where to put the libraries; default: onnxruntime-node's binary folder. */
  dest?: string;
  log?: (line: string) => void;
}

export function installCudaProvider(options: CudaInstallOptions = {}): string[] {
  const log = options.log ?? ((line: string) => console.log(line));
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new CudaInstallError(`the CUDA provider is built for linux-x64, not ${process.platform}-${process.arch}`);
  const version = ortVersion();
  if (version !== CUDA_PROVIDER_ORT_VERSION) {
    throw new CudaInstallError(`onnxruntime-node is ${version}, but the CUDA provider in ${CUDA_PROVIDER_PACKAGE} is built for ${CUDA_PROVIDER_ORT_VERSION} exactly (providers load only into their own core version)`);
  }
  const dest = options.dest ?? ortBinaryDir();
  const work = mkdtempSync(join(tmpdir(), 'gradcam-cuda-'));
  try {
    let tgz = options.from;
    if (!tgz) {
      log(`fetching ${CUDA_PROVIDER_PACKAGE} from the npm registry (~180 MB) ...`);
      // npm checks the tarball against the registry's integrity hash.
      execFileSync('npm', ['pack', CUDA_PROVIDER_PACKAGE, '--pack-destination', work, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
      tgz = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')) ?? 'missing.tgz');
    }
    if (!existsSync(tgz)) throw new CudaInstallError(`${tgz} does not exist`);
    try {
      execFileSync('tar', ['xzf', tgz, '-C', work, ...PROVIDER_FILES.map((f) => `${PROVIDER_DIR}/${f}`)], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      throw new CudaInstallError(`${tgz} does not hold ${PROVIDER_FILES.join(', ')} under ${PROVIDER_DIR}: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`);
    }
    mkdirSync(dest, { recursive: true });
    const installed = PROVIDER_FILES.map((f) => {
      copyFileSync(join(work, PROVIDER_DIR, f), join(dest, f));
      return join(dest, f);
    });
    log(`installed ${PROVIDER_FILES.join(', ')} into ${dest}`);
    const missing = missingCudaLibraries();
    log(
      missing.length === 0
        ? 'the CUDA 13 / cuDNN 9 libraries it needs were found: try `gradcam analyze --device cuda ...`'
        : `not found yet (needed at run time; install CUDA 13 and cuDNN 9, or point LD_LIBRARY_PATH at the folders holding them): ${missing.join(', ')}`,
    );
    return installed;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
