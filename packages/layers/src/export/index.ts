/**
 * @tfnlp/layers/export: hand trained models to other runtimes. `exportOnnx` writes an ONNX
 * model for ONNX Runtime; `exportPytorch` writes safetensors in PyTorch's names plus a
 * `model.py` of torch.nn modules. Platform-neutral (bytes and strings out); the folder
 * writer `exportModelFolder` is in `@tfnlp/layers/export/node`.
 */
export { type ExportOnnxOptions, exportOnnx } from './export_onnx.js';
export { exportPytorch, type PytorchExport } from './export_pytorch.js';
export {
  type AttributeProto,
  decodeModelProto,
  encodeModelProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './onnx_proto.js';
