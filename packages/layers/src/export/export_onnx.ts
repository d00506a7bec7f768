/**
 * `exportOnnx`: a trained classifier or causal LM as an ONNX model (opset 17) for ONNX Runtime
 * (Node, Python, the browser with onnxruntime-web, Triton, ...). Inputs `input_ids` and
 * `attention_mask` (int64 [batch, sequence], 1 = real token, right padding), output `logits`
 * (float [batch, numClasses], or [batch, sequence, vocab] for a CausalLM); batch and sequence
 * length are dynamic.
 */
import type { Module } from '../core/module.js';
import { attr, GraphBuilder } from './graph.js';
import { type ExportableModel, logitsDims, modelOnnx } from './models.js';
import { DataType, encodeModelProto } from './onnx_proto.js';

/** Options of `exportOnnx`. */
export interface ExportOnnxOptions {
  /** ONNX opset of the default domain (default 17; 17 and later work). */
  opset?: number;
  /**
   * Names of the dynamic axes (torch.onnx's `dynamic_axes` idea): default `batch` and
   * `sequence`. A number fixes that axis instead.
   */
  dynamicAxes?: { batch?: string | number; sequence?: string | number };
  /** Extra `metadata_props` of the model (e.g. labels as JSON). */
  metadata?: Record<string, string>;
}

/** ONNX IR version 8 (ONNX 1.12+), the first to carry opset 17. */
const IR_VERSION = 8;

/**
 * The `.onnx` bytes of `model` (a BagClassifier, RNNClassifier, TransformerClassifier or
 * CausalLM) at inference: dropout off, weights as float32 initializers named after the state dict.
 */
export function exportOnnx(model: Module, options: ExportOnnxOptions = {}): Uint8Array {
  const opset = options.opset ?? 17;
  if (!(Number.isInteger(opset) && opset >= 17)) {
    throw new Error(`exportOnnx: opset must be an integer >= 17, got ${opset}.`);
  }
  const batch = options.dynamicAxes?.batch ?? 'batch';
  const sequence = options.dynamicAxes?.sequence ?? 'sequence';
  const g = new GraphBuilder();
  const ids = g.input('input_ids', DataType.INT64, [batch, sequence]);
  const maskIn = g.input('attention_mask', DataType.INT64, [batch, sequence]);
  const mask = g.op('Cast', [maskIn], [attr.int('to', DataType.FLOAT)]); // [B, T] 0/1
  const logits = modelOnnx(g, model, { ids, mask });
  // modelOnnx threw for any other type.
  g.output(logits, 'logits', DataType.FLOAT, logitsDims(model as ExportableModel, batch, sequence));
  const config = model.getConfig();
  return encodeModelProto(
    g.toModel({
      opset,
      irVersion: IR_VERSION,
      graphName: config.type,
      producerVersion: '0.1.0',
      docString: `tfnlp ${config.type}: input_ids, attention_mask (int64 [batch, sequence]) -> logits`,
      metadata: { tfnlp_config: JSON.stringify(config), ...options.metadata },
    }),
  );
}
