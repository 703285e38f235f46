/**
 * Execution providers. 'auto' tries CUDA, then WebGPU, then CPU and reports which one loaded;
 * an explicit device that cannot load is an error naming why, never a silent fallback.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { missingCudaLibraries, ortBinaryDir } from './cuda-install';

export type Device = 'auto' | 'cuda' | 'webgpu' | 'cpu';
export type ResolvedDevice = Exclude<Device, 'auto'>;
export const DEVICES: readonly Device[] = ['auto', 'cuda', 'webgpu', 'cpu'];

export class DeviceUnavailableError extends Error {
  override name = 'DeviceUnavailableError';
}

/** Physical cores (hyper-threads share a core's units, and onnxruntime runs best on cores). */
export function physicalCores(): number {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const cores = new Set<string>();
    let physical = '0';
    for (const line of info.split('\n')) {
      const [key, value] = line.split(':').map((s) => s.trim());
      if (key === 'physical id') physical = value ?? '0';
      if (key === 'core id') cores.add(`${physical}:${value}`);
    }
    if (cores.size > 0) return cores.size;
  } catch {
    // not Linux: fall through
  }
  return availableParallelism();
}

export interface SessionOptions {
  device?: Device;
  /** CPU intra-op threads; default: the physical cores. */
  threads?: number;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  device: ResolvedDevice;
}

/**
 * cuBLAS and cuDNN compute float32 convolutions and matrix products in TF32 (10-bit mantissa) on
 * Ampere and newer GPUs unless told otherwise, and onnxruntime-node has no option for it: heat
 * maps then differ from the CPU's by ~1e-3. Exact float32 unless GRADCAM_CUDA_TF32=1 (faster).
 * Read by those libraries when they load, so it is set before any session exists.
 */
if (process.env.GRADCAM_CUDA_TF32 !== '1') process.env.NVIDIA_TF32_OVERRIDE ??= '0';

/** `quiet` silences onnxruntime's own log while a provider is only being tried (its failure is reported by us). */
async function open(bytes: Uint8Array, device: ResolvedDevice, threads: number, quiet = false): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    executionProviders: [device],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: quiet ? 4 : 3,
    // onnxruntime's per-node timings and providers, written when the session is released.
    ...(process.env.GRADCAM_ORT_PROFILE ? { enableProfiling: true, profileFilePrefix: process.env.GRADCAM_ORT_PROFILE } : {}),
  });
}

// onnxruntime logs provider-load failures itself; they come back to us as errors, which we report.
ort.env.logLevel = (process.env.GRADCAM_ORT_LOG_LEVEL as typeof ort.env.logLevel | undefined) ?? 'fatal';

/** Why a provider failed to load in this process; it is not retried on every session. */
const unavailable = new Map<ResolvedDevice, string>();

/**
 * Why CUDA cannot load, where a file check can tell: the provider is not installed, or (only to
 * explain a failure: the driver's libcuda may live where ldconfig does not look) its CUDA 13 /
 * cuDNN 9 libraries are not found.
 */
function cudaProblem(checkLibraries: boolean): string | undefined {
  if (!existsSync(join(ortBinaryDir(), 'libonnxruntime_providers_cuda.so'))) return 'the CUDA provider libraries are not installed: run `npm run gpu:install` (see the README, "GPU")';
  if (!checkLibraries) return undefined;
  const missing = missingCudaLibraries();
  return missing.length > 0 ? `the CUDA provider needs ${missing.join(', ')}: install CUDA 13 and cuDNN 9 or add their folders to LD_LIBRARY_PATH` : undefined;
}

/**
 * Cheap checks before 'auto' tries a GPU provider: trying one that cannot work costs time and
 * prints driver noise. An explicit device skips these and reports onnxruntime's own error.
 */
function precheck(device: 'cuda' | 'webgpu'): string | undefined {
  if (device === 'cuda') return cudaProblem(false);
  const nodes = existsSync('/dev/dri') ? readdirSync('/dev/dri').filter((f) => f.startsWith('render')) : [];
  if (nodes.length === 0 && !existsSync('/dev/nvidia0')) return 'no GPU device (/dev/dri/render*, /dev/nvidia0)';
  return undefined;
}

export async function openSession(bytes: Uint8Array, options: SessionOptions = {}): Promise<OpenedSession> {
  const threads = options.threads ?? physicalCores();
  const wanted = options.device ?? 'auto';
  if (wanted !== 'auto') {
    try {
      return { session: await open(bytes, wanted, threads), device: wanted };
    } catch (err) {
      // onnxruntime only says "Failed to load shared library": name what is missing where we can tell.
      const why = wanted === 'cuda' && process.platform === 'linux' ? cudaProblem(true) : undefined;
      throw new DeviceUnavailableError(`device '${wanted}' could not be used: ${(err as Error).message.split('\n')[0]}${why ? ` (${why})` : ''}`);
    }
  }
  const failures: string[] = [];
  for (const device of ['cuda', 'webgpu'] as const) {
    if (process.platform === 'linux' && !unavailable.has(device)) {
      const reason = precheck(device);
      if (reason) unavailable.set(device, reason);
    }
    const known = unavailable.get(device);
    if (known) {
      failures.push(`${device}: ${known}`);
      continue;
    }
    try {
      return { session: await open(bytes, device, threads, true), device };
    } catch (err) {
      const reason = (err as Error).message.split('\n')[0] ?? 'failed to load';
      unavailable.set(device, reason);
      failures.push(`${device}: ${reason}`);
    }
  }
  try {
    return { session: await open(bytes, 'cpu', threads), device: 'cpu' };
  } catch (err) {
    failures.push(`cpu: ${(err as Error).message.split('\n')[0]}`);
    throw new DeviceUnavailableError(`no execution provider could run the model (${failures.join('; ')})`);
  }
}
