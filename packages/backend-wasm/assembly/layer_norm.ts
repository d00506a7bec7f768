// LayerNorm over the last axis, fused: one kernel per direction instead of the ~8 (forward)
// and ~20 (backward) element-wise / reduction kernels of the composed graph, each a full
// pass over [rows, d]. The forward saves (mean, 1/std) per row; the backward recomputes x̂.
//   y = (x - mean) · rstd · γ + β,   rstd = 1 / sqrt(var + eps),  var biased (PyTorch)

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * @param x      [rows, d]      @param gamma [d]     @param beta [d]
 * @param y      [rows, d]      @param stats [rows, 2] (mean, rstd)
 */
export function layerNormForward(
  x: usize, gamma: usize, beta: usize, y: usize, stats: usize, rows: i32, d: i32, eps: f32,
): void {
  const rowBytes = <usize>d << 2;
  const vecEnd = <usize>(d & ~3) << 2;
  const invD: f32 = 1 / <f32>d;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const yr = y + <usize>r * rowBytes;
    // Mean, then the variance of the centred row (two passes: stable for large means).
    let acc = f32x4.splat(0);
    let j: usize = 0;
    for (; j < vecEnd; j += 16) acc = f32x4.add(acc, v128.load(xr + j));
    let sum = hsum(acc);
    for (; j < rowBytes; j += 4) sum += load<f32>(xr + j);
    const mean = sum * invD;
    const m = f32x4.splat(mean);
    acc = f32x4.splat(0);
    for (j = 0; j < vecEnd; j += 16) {
      const c = f32x4.sub(v128.load(xr + j), m);
      acc = f32x4.add(acc, f32x4.mul(c, c));
    }
    let sq = hsum(acc);
    for (; j < rowBytes; j += 4) {
      const c = load<f32>(xr + j) - mean;
      sq += c * c;
    }
    const rstd: f32 = 1 / Mathf.sqrt(sq * invD + eps);
    const s = f32x4.splat(rstd);
    for (j = 0; j < vecEnd; j += 16) {
      const n = f32x4.mul(f32x4.sub(v128.load(xr + j), m), s);
      v128.store(yr + j, f32x4.add(f32x4.mul(n, v128.load(gamma + j)), v128.load(beta + j)));
    }
    for (; j < rowBytes; j += 4) {
      store<f32>(yr + j, (load<f32>(xr + j) - mean) * rstd * load<f32>(gamma + j) + load<f32>(beta + j));
    }
    store<f32>(stats + (<usize>r << 3), mean);
    store<f32>(stats + (<usize>r << 3), rstd, 4);
  }
}

/**
 * dx = rstd · (g - mean(g) - x̂ · mean(g · x̂)),  g = dy · γ;   dγ = Σ_rows dy · x̂,  dβ = Σ_rows dy
 * @param dy [rows, d]   @param x [rows, d]   @param gamma [d]   @param stats [rows, 2]
 * @param dx [rows, d]   @param dgamma [d]    @param dbeta [d]
 */
export function layerNormBackward(
  dy: usize, x: usize, gamma: usize, stats: usize, dx: usize, dgamma: usize, dbeta: usize,
  rows: i32, d: i32,
): void {
  const rowBytes = <usize>d << 2;
  const vecEnd = <usize>(d & ~3) << 2;
  const invD: f32 = 1 / <f32>d;
  memory.fill(dgamma, 0, rowBytes);
  memory.fill(dbeta, 0, rowBytes);
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const xr = x + off;
    const dyr = dy + off;
    const dxr = dx + off;
    const mean = load<f32>(stats + (<usize>r << 3));
    const rstd = load<f32>(stats + (<usize>r << 3), 4);
    const m = f32x4.splat(mean);
    const s = f32x4.splat(rstd);
    // Pass 1: Σ g, Σ g·x̂, and the parameter gradients.
    let accG = f32x4.splat(0);
    let accGX = f32x4.splat(0);
    let j: usize = 0;
    for (; j < vecEnd; j += 16) {
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + j), m), s);
      const dyv = v128.load(dyr + j);
      const g = f32x4.mul(dyv, v128.load(gamma + j));
      accG = f32x4.add(accG, g);
      accGX = f32x4.add(accGX, f32x4.mul(g, xh));
      v128.store(dgamma + j, f32x4.add(v128.load(dgamma + j), f32x4.mul(dyv, xh)));
      v128.store(dbeta + j, f32x4.add(v128.load(dbeta + j), dyv));
    }
    let sumG = hsum(accG);
    let sumGX = hsum(accGX);
    for (; j < rowBytes; j += 4) {
      const xh = (load<f32>(xr + j) - mean) * rstd;
      const dyv = load<f32>(dyr + j);
      const g = dyv * load<f32>(gamma + j);
      sumG += g;
      sumGX += g * xh;
      store<f32>(dgamma + j, load<f32>(dgamma + j) + dyv * xh);
      store<f32>(dbeta + j, load<f32>(dbeta + j) + dyv);
    }
    const meanG = sumG * invD;
    const meanGX = sumGX * invD;
    // Pass 2: dx.
    const mg = f32x4.splat(meanG);
    const mgx = f32x4.splat(meanGX);
    for (j = 0; j < vecEnd; j += 16) {
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + j), m), s);
      const g = f32x4.mul(v128.load(dyr + j), v128.load(gamma + j));
      v128.store(dxr + j, f32x4.mul(s, f32x4.sub(f32x4.sub(g, mg), f32x4.mul(xh, mgx))));
    }
    for (; j < rowBytes; j += 4) {
      const xh = (load<f32>(xr + j) - mean) * rstd;
      const g = load<f32>(dyr + j) * load<f32>(gamma + j);
      store<f32>(dxr + j, rstd * (g - meanG - xh * meanGX));
    }
  }
}
