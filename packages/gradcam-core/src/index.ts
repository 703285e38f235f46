/** gradcam-core: Grad-CAM for ONNX image classifiers, computed in-graph by onnxruntime. */
export { analyzePrediction, MultiInputGradCAM, type CamResult, type GradCamOptions, type SampleInput } from './api/multi-input-gradcam';
export { CamEngine, InputError, type CamBatch, type EngineOptions, type InputTensor } from './runtime/engine';
export { DEVICES, DeviceUnavailableError, physicalCores, type Device, type ResolvedDevice } from './runtime/device';
export { CompileCache, defaultCacheDir, type CacheHit } from './compile/cache';
export { compileCam, probeModel, type CompiledCam, type CompileOptions } from './compile/compiler';
export { layerCandidates, resolveTargetLayers, UnknownLayerError, type LayerCandidate } from './compile/targets';
export { loadModel, ModelLoadError, type LoadedModel } from './model/load';
export { ModelConfigError, parseModelConfig, type InputSpec, type ModelConfig, type OutputKind } from './model/config';
export { ImageInputError, prepareInput, type PreparedInput } from './image/preprocess';
export { encodeNpy, parseNpy, readNpy, writeNpy, type NpyArray } from './image/npy';
export { decodeModel, encodeModel, OnnxFormatError } from './onnx/proto';
export { UnsupportedOpError } from './autodiff/rule';
export { CAM_METHODS, UnknownMethodError } from './cam/methods';
