/**
 * ONNX protobuf messages through protobufjs's light runtime and the schema of onnx.proto3
 * (generated/onnx_schema.ts). Only plain objects cross this file's boundary: the graph builder
 * fills them, `encodeModelProto` turns them into the bytes of a `.onnx` file.
 */
import protobuf from 'protobufjs/light.js';
import { ONNX_SCHEMA } from './generated/onnx_schema.js';

/** TensorProto.DataType values used by the exporter. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;

/** AttributeProto.AttributeType values used by the exporter. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

/** A TensorProto as a plain object (data in `raw_data`, little-endian). */
export interface TensorProto {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

/** An AttributeProto as a plain object. */
export interface AttributeProto {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

/** A NodeProto as a plain object. */
export interface NodeProto {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: AttributeProto[];
}

/** A ValueInfoProto: a graph input or output with element type and (symbolic) shape. */
export interface ValueInfoProto {
  name: string;
  type: {
    tensor_type: {
      elem_type: number;
      shape: { dim: ({ dim_value: number } | { dim_param: string })[] };
    };
  };
}

/** A ModelProto as a plain object. */
export interface ModelProto {
  ir_version: number;
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  opset_import: { domain: string; version: number }[];
  graph: {
    name: string;
    node: NodeProto[];
    initializer: TensorProto[];
    input: ValueInfoProto[];
    output: ValueInfoProto[];
  };
  metadata_props?: { key: string; value: string }[];
}

let modelType: protobuf.Type | null = null;

function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_SCHEMA as protobuf.INamespace).lookupType(
    'onnx.ModelProto',
  );
  return modelType;
}

/** The `.onnx` bytes of `model`; throws if a field does not fit the schema. */
export function encodeModelProto(model: ModelProto): Uint8Array {
  const type = onnxModelType();
  const problem = type.verify(model);
  if (problem) throw new Error(`exportOnnx: invalid ONNX model (${problem}); please report this.`);
  return type.encode(type.fromObject(model)).finish();
}

/** Decodes `.onnx` bytes back to a plain object (int64 fields as numbers), e.g. for tests. */
export function decodeModelProto(bytes: Uint8Array): ModelProto {
  const type = onnxModelType();
  return type.toObject(type.decode(bytes), {
    longs: Number,
    bytes: Uint8Array,
    defaults: false,
  }) as unknown as ModelProto;
}
