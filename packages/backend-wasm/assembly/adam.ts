// One Adam / AdamW update in one pass: reads param, grad, m, v once and writes the new three.
// The unfused update is ~13 full-size tfjs ops per parameter (an embedding table of 2.6 M
// floats moved ~400 MB per step). Same arithmetic, same order, as @tfnlp/train's Adam (and
// torch.optim.Adam / AdamW), so the two paths give bit-identical results:
//   p  = p · decay                       (AdamW: decay = 1 - lr·wd; Adam: 1, skipped)
//   g  = grad + p · l2                   (Adam's coupled weight decay; 0 = none)
//   m' = m·β1 + g·(1 - β1)
//   v' = v·β2 + (g·(1 - β2))·g
//   p' = p - (m' / (√v' / √(1 - β2ᵗ) + ε)) · lr / (1 - β1ᵗ)

// @ts-ignore: decorator
@inline
function at(ptr: usize, index: i32): usize {
  return ptr + (<usize>index << 2);
}

export function adamUpdate(
  param: usize, grad: usize, m: usize, v: usize,
  outParam: usize, outM: usize, outV: usize, size: i32,
  decay: f32, l2: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  biasCorrection2Sqrt: f32, eps: f32, stepSize: f32,
): void {
  const size4 = size & ~3;
  const vDecay = f32x4.splat(decay);
  const vL2 = f32x4.splat(l2);
  const vB1 = f32x4.splat(beta1);
  const v1B1 = f32x4.splat(oneMinusBeta1);
  const vB2 = f32x4.splat(beta2);
  const v1B2 = f32x4.splat(oneMinusBeta2);
  const vBc2 = f32x4.splat(biasCorrection2Sqrt);
  const vEps = f32x4.splat(eps);
  const vStep = f32x4.splat(stepSize);
  let i = 0;
  for (; i < size4; i += 4) {
    let p = v128.load(at(param, i));
    if (decay != 1) p = f32x4.mul(p, vDecay);
    let g = v128.load(at(grad, i));
    if (l2 != 0) g = f32x4.add(g, f32x4.mul(p, vL2));
    const m2 = f32x4.add(f32x4.mul(v128.load(at(m, i)), vB1), f32x4.mul(g, v1B1));
    const v2 = f32x4.add(f32x4.mul(v128.load(at(v, i)), vB2), f32x4.mul(f32x4.mul(g, v1B2), g));
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(v2), vBc2), vEps);
    v128.store(at(outM, i), m2);
    v128.store(at(outV, i), v2);
    v128.store(at(outParam, i), f32x4.sub(p, f32x4.mul(f32x4.div(m2, denom), vStep)));
  }
  for (; i < size; i++) {
    let p = load<f32>(at(param, i));
    if (decay != 1) p = p * decay;
    let g = load<f32>(at(grad, i));
    if (l2 != 0) g = g + p * l2;
    const m2 = load<f32>(at(m, i)) * beta1 + g * oneMinusBeta1;
    const v2 = load<f32>(at(v, i)) * beta2 + g * oneMinusBeta2 * g;
    const denom = Mathf.sqrt(v2) / biasCorrection2Sqrt + eps;
    store<f32>(at(outM, i), m2);
    store<f32>(at(outV, i), v2);
    store<f32>(at(outParam, i), p - (m2 / denom) * stepSize);
  }
}
