// Test helpers (excluded from the build by tsconfig.json).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { Module } from '../core/module.js';

export interface FixtureTensor {
  shape: number[];
  data: number[];
}

export interface Fixture {
  // biome-ignore lint/suspicious/noExplicitAny: free-form per fixture
  config?: Record<string, any>;
  params?: Record<string, FixtureTensor>;
  // biome-ignore lint/suspicious/noExplicitAny: ids are plain arrays
  inputs: Record<string, any>;
  outputs: Record<string, FixtureTensor>;
  grads?: Record<string, FixtureTensor>;
}

export const FIXTURES = new URL('../../fixtures/', import.meta.url);

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Fixture;
}

export function toTensor(t: FixtureTensor): tf.Tensor {
  return tf.tensor(t.data, t.shape, 'float32');
}

/** Loads fixture params into a module (strict). */
export function loadParams(module: Module, fx: Fixture): void {
  const state = Object.fromEntries(
    Object.entries(fx.params ?? {}).map(([k, v]) => [k, toTensor(v)]),
  );
  module.loadStateDict(state);
  Object.values(state).forEach((t) => {
    t.dispose();
  });
}

/**
 * Worst violation of |a - e| <= atol + rtol * |e| (torch.allclose semantics), reported as
 * the ratio |a - e| / (atol + rtol * |e|): below 1 passes. Shapes must match.
 */
export function closeness(
  actual: tf.Tensor,
  expected: FixtureTensor,
  atol: number,
  rtol: number,
): { ratio: number; maxAbs: number } {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  let ratio = 0;
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    const e = expected.data[i]!;
    const d = Math.abs(a[i]! - e);
    maxAbs = Math.max(maxAbs, d);
    ratio = Math.max(ratio, d / (atol + rtol * Math.abs(e)));
  }
  return { ratio, maxAbs };
}

/** Parity tolerance of the library: atol 1e-5, rtol 1e-5 (torch.allclose style). */
export const ATOL = 1e-5;
export const RTOL = 1e-5;

/** Asserts closeness; returns the max absolute difference. */
export function expectClose(
  actual: tf.Tensor,
  expected: FixtureTensor,
  atol = ATOL,
  label = '',
  rtol = RTOL,
): number {
  const { ratio, maxAbs } = closeness(actual, expected, atol, rtol);
  expect(ratio, `${label} max |diff| = ${maxAbs} (allclose ratio ${ratio})`).toBeLessThan(1);
  return maxAbs;
}

/** sum over outputs of sum(out * R_out), the fixtures' scalar loss. */
export function fixtureLoss(outputs: Record<string, tf.Tensor>, fx: Fixture): tf.Scalar {
  let loss: tf.Tensor = tf.scalar(0);
  for (const [k, v] of Object.entries(outputs)) {
    const r = fx.inputs[`R_${k}`] as FixtureTensor | undefined;
    if (!r) throw new Error(`fixture has no R_${k}`);
    loss = tf.add(loss, tf.sum(tf.mul(v, toTensor(r))));
  }
  return loss as tf.Scalar;
}

/**
 * Checks gradients of `lossFn` w.r.t. module parameters (`param:<name>`) and the given
 * input variables (`input:<name>`) against the fixture. Returns the worst difference.
 */
export function expectGradients(
  module: Module,
  inputs: Record<string, tf.Variable>,
  lossFn: () => tf.Scalar,
  fx: Fixture,
  tol = ATOL,
): number {
  const named = module.namedParameters();
  const vars = [
    ...named.map(([n, v]) => [`param:${n}`, v] as const),
    ...Object.entries(inputs).map(([n, v]) => [`input:${n}`, v] as const),
  ];
  const { grads, value } = tf.variableGrads(
    lossFn,
    vars.map(([, v]) => v),
  );
  let worst = 0;
  const expectedKeys = Object.keys(fx.grads ?? {});
  for (const key of expectedKeys) {
    const entry = vars.find(([n]) => n === key);
    expect(entry, `no variable for gradient ${key}`).toBeDefined();
    const g = grads[entry![1].name];
    expect(g, `no gradient computed for ${key}`).toBeDefined();
    worst = Math.max(worst, expectClose(g!, fx.grads![key]!, tol, key));
  }
  value.dispose();
  Object.values(grads).forEach((g) => {
    g.dispose();
  });
  return worst;
}
