/**
 * The Train tab's live chart on a canvas: the batch loss per update (left axis, from 0 to the
 * largest loss), the running training accuracy per update and the validation accuracy per epoch
 * (right axis, 0-1). No chart library: a few lines are all it needs. The x-axis spans the updates
 * made so far (a cancelled run fills the plot too); the legend and a text summary are HTML
 * next to the canvas (readable on a phone, and by screen readers).
 */

export interface ChartData {
  /** Per update: [step, batch loss, running accuracy]. */
  steps: Array<[number, number, number]>;
  /** Per epoch: [step, validation accuracy]. */
  epochs: Array<[number, number]>;
  /** Updates the run plans to make (shown in the axis title; the axis follows actual progress). */
  totalSteps: number;
}

/** Axis #767676 and text #444 on white: 4.5:1 and 9.7:1 (WCAG non-text 3:1, text 4.5:1). */
const COLORS = {
  loss: '#c0392b',
  accuracy: '#4a7bd0',
  val: '#1b9e5a',
  axis: '#767676',
  text: '#444',
};

/** The x-axis end: the updates made so far rounded up to a round number (1, 2 or 5 x 10^k). */
export function axisEnd(lastStep: number): number {
  if (lastStep <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(lastStep));
  for (const m of [1, 2, 5, 10]) if (m * p >= lastStep) return m * p;
  return 10 * p;
}

/** Draws `data` on `canvas` at its CSS size (a hidden canvas is drawn when shown again). */

export function drawChart(canvas: HTMLCanvasElement, data: ChartData): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const cssWidth = canvas.clientWidth;
  const cssHeight = canvas.clientHeight;
  if (cssWidth === 0 || cssHeight === 0) return; // hidden (another tab): drawn when shown
  const ratio = globalThis.devicePixelRatio || 1;
  if (canvas.width !== Math.round(cssWidth * ratio)) {
    canvas.width = Math.round(cssWidth * ratio);
    canvas.height = Math.round(cssHeight * ratio);
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  const pad = { left: 44, right: 30, top: 10, bottom: 24 };
  const w = cssWidth - pad.left - pad.right;
  const h = cssHeight - pad.top - pad.bottom;
  const lastStep = data.steps.at(-1)?.[0] ?? 0;
  const xMax = axisEnd(lastStep);
  let lossMax = 0;
  for (const [, loss] of data.steps) if (Number.isFinite(loss)) lossMax = Math.max(lossMax, loss);
  lossMax = lossMax > 0 ? lossMax * 1.05 : 1;
  const x = (step: number) => pad.left + (step / xMax) * w;
  const yLoss = (v: number) => pad.top + h - (v / lossMax) * h;
  const yAcc = (v: number) => pad.top + h - v * h;

  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = COLORS.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(pad.left, pad.top, w, h);
  ctx.fillStyle = COLORS.text;
  ctx.textAlign = 'right';
  ctx.fillText(lossMax.toFixed(2), pad.left - 4, pad.top + 10);
  ctx.fillText('0', pad.left - 4, pad.top + h);
  ctx.textAlign = 'left';
  ctx.fillText('1.0', pad.left + w + 4, pad.top + 10);
  ctx.fillText('0', pad.left + w + 4, pad.top + h);
  ctx.textAlign = 'center';
  const planned = data.totalSteps > 0 ? ` of ${data.totalSteps} planned` : '';
  ctx.fillText(`updates (${lastStep}${planned})`, pad.left + w / 2, pad.top + h + 16);
  ctx.textAlign = 'right';
  ctx.fillText(String(xMax), pad.left + w, pad.top + h + 16);

  const line = (points: Array<[number, number]>, color: string, dots = false) => {
    if (points.length === 0) return;
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (const [i, [px, py]] of points.entries()) {
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
    if (dots) {
      for (const [px, py] of points) {
        ctx.beginPath();
        ctx.arc(px, py, 3, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  };
  line(
    data.steps.filter(([, l]) => Number.isFinite(l)).map(([s, l]) => [x(s), yLoss(l)]),
    COLORS.loss,
  );
  line(
    data.steps.filter(([, , a]) => Number.isFinite(a)).map(([s, , a]) => [x(s), yAcc(a)]),
    COLORS.accuracy,
  );
  line(
    data.epochs.filter(([, a]) => Number.isFinite(a)).map(([s, a]) => [x(s), yAcc(a)]),
    COLORS.val,
    true,
  );
}
