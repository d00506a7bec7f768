/**
 * A small ONNX graph builder: unique value names, nodes with typed attributes, weights as
 * initializers, symbolic input/output shapes. The op-level helpers (op_*.ts) and the model
 * exporters (models.ts) build on it; `toModel` gives the ModelProto that onnx_proto.ts encodes.
 */
import type * as tf from '@tensorflow/tfjs-core';
import {
  type AttributeProto,
  AttributeType,
  DataType,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './onnx_proto.js';

/** A dimension of a graph input/output: a fixed size or a symbolic name ('batch'). */
export type Dim = number | string;

const utf8 = new TextEncoder();

/** Attribute helpers: `attr.int('axis', 1)`, `attr.float('epsilon', 1e-5)`, ... */
export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i }),
  float: (name: string, f: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f }),
  ints: (name: string, ints: number[]): AttributeProto => ({
    name,
    type: AttributeType.INTS,
    ints,
  }),
  floats: (name: string, floats: number[]): AttributeProto => ({
    name,
    type: AttributeType.FLOATS,
    floats,
  }),
  string: (name: string, s: string): AttributeProto => ({
    name,
    type: AttributeType.STRING,
    s: utf8.encode(s),
  }),
  strings: (name: string, values: string[]): AttributeProto => ({
    name,
    type: AttributeType.STRINGS,
    strings: values.map((s) => utf8.encode(s)),
  }),
};

function valueInfo(name: string, elemType: number, dims: Dim[]): ValueInfoProto {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })),
        },
      },
    },
  };
}

/** The float32 values of a tensor (a copy); `t` is disposed when `owned`. */
export function floatData(t: tf.Tensor, owned = false): Float32Array {
  const data = Float32Array.from(t.dataSync() as Float32Array);
  if (owned) t.dispose();
  return data;
}

/** Builds one ONNX graph; every method returns the names of the values it created. */
export class GraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private readonly int64Cache = new Map<string, string>();
  private readonly floatCache = new Map<number, string>();

  /** A fresh value name starting with `base`. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Declares a graph input. */
  input(name: string, elemType: number, dims: Dim[]): string {
    if (this.used.has(name)) throw new Error(`GraphBuilder: value '${name}' already exists.`);
    this.used.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares `value` a graph output named `name` (an Identity node renames it). */
  output(value: string, name: string, elemType: number, dims: Dim[]): void {
    if (value !== name) this.op('Identity', [value], [], name);
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** A float32 initializer (a weight) of shape `dims`. */
  weight(name: string, data: Float32Array, dims: number[]): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new Error(`GraphBuilder: ${name} has ${data.length} values for shape [${dims}].`);
    }
    const full = this.fresh(name);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    this.initializers.push({ name: full, dims, data_type: DataType.FLOAT, raw_data: bytes });
    return full;
  }

  /** A tensor (weight, table) as a float32 initializer of its own shape. */
  tensor(name: string, t: tf.Tensor): string {
    return this.weight(name, floatData(t), t.shape);
  }

  /** An int64 constant (a shape, axes, an index), shared between uses. */
  int64(values: number[], dims: number[] = [values.length]): string {
    const key = `${dims}|${values}`;
    const hit = this.int64Cache.get(key);
    if (hit) return hit;
    const name = this.fresh('const_i64');
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    this.initializers.push({
      name,
      dims,
      data_type: DataType.INT64,
      raw_data: new Uint8Array(data.buffer),
    });
    this.int64Cache.set(key, name);
    return name;
  }

  /** A float32 scalar constant, shared between uses. */
  scalar(value: number): string {
    const hit = this.floatCache.get(value);
    if (hit) return hit;
    const name = this.weight('const_f32', Float32Array.of(value), []);
    this.floatCache.set(value, name);
    return name;
  }

  /** Adds a node with one output; returns the output's name. */
  op(opType: string, inputs: string[], attrs: AttributeProto[] = [], outName?: string): string {
    return this.opN(opType, inputs, 1, attrs, outName ? [outName] : undefined)[0]!;
  }

  /** Adds a node with `n` outputs; returns their names. */
  opN(
    opType: string,
    inputs: string[],
    n: number,
    attrs: AttributeProto[] = [],
    outNames?: string[],
  ): string[] {
    const output = outNames
      ? outNames.map((o) => this.fresh(o))
      : Array.from({ length: n }, (_, i) => this.fresh(`${opType.toLowerCase()}${n > 1 ? i : ''}`));
    this.nodes.push({
      name: this.fresh(`node_${opType}`),
      op_type: opType,
      input: inputs,
      output,
      attribute: attrs,
    });
    return output;
  }

  /** The ModelProto of the graph (default ONNX domain at `opset`). */
  toModel(opts: {
    opset: number;
    irVersion: number;
    graphName: string;
    producerVersion: string;
    docString?: string;
    metadata?: Record<string, string>;
  }): ModelProto {
    const model: ModelProto = {
      ir_version: opts.irVersion,
      producer_name: 'tfnlp',
      producer_version: opts.producerVersion,
      opset_import: [{ domain: '', version: opts.opset }],
      graph: {
        name: opts.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    };
    if (opts.docString) model.doc_string = opts.docString;
    if (opts.metadata) {
      model.metadata_props = Object.entries(opts.metadata).map(([key, value]) => ({ key, value }));
    }
    return model;
  }
}
