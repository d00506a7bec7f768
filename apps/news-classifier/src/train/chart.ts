/**
 * The Train tab's live chart on a canvas: the batch loss per update (left axis, from 0 to the
 * largest loss), the running training accuracy per update and the validation accuracy per epoch
 * (right axis, 0-1). No chart library: a few lines are all it needs.
 */

export interface ChartData {
  /** Per update: [step, batch loss, running accuracy]. */
  steps: Array<[number, number, number]>;
  /** Per epoch: [step, validation accuracy]. */
  epochs: Array<[number, number]>;
  /** Updates the run will make (the x-axis end). */
  totalSteps: number;
}

const COLORS = { loss: '#c0392b', accuracy: '#4a7bd0', val: '#1b9e5a', axis: '#999', text: '#444' };

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
  const pad = { left: 44, right: 44, top: 26, bottom: 24 };
  const w = cssWidth - pad.left - pad.right;
  const h = cssHeight - pad.top - pad.bottom;
  const lastStep = data.steps.at(-1)?.[0] ?? 0;
  const xMax = Math.max(1, data.totalSteps, lastStep);
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
  ctx.fillText(`updates (${lastStep} / ${data.totalSteps})`, pad.left + w / 2, pad.top + h + 16);

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
  // Legend, above the plot.
  ctx.textAlign = 'left';
  const legend: Array<[string, string]> = [
    ['loss', COLORS.loss],
    ['train accuracy', COLORS.accuracy],
    ['validation accuracy', COLORS.val],
  ];
  let lx = pad.left + 8;
  for (const [name, color] of legend) {
    ctx.fillStyle = color;
    ctx.fillRect(lx, 9, 10, 3);
    ctx.fillStyle = COLORS.text;
    ctx.fillText(name, lx + 14, 14);
    lx += ctx.measureText(name).width + 30;
  }
}
