// The tiny web page of an inference bundle: loads tfjs and model.js, feeds seeded noise to
// every float input, and draws the first image-shaped output as a grid.

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export const bundlePage = (project: string, moduleName: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(project)}: ${escapeHtml(moduleName)}</title>
<style>body { font: 14px system-ui, sans-serif; margin: 2em; } canvas { image-rendering: pixelated; width: 448px; border: 1px solid #ccc; }</style>
</head>
<body>
<h1>${escapeHtml(moduleName)}</h1>
<p id="status">Loading…</p>
<canvas id="grid"></canvas>
<script src="./tf.min.js"></script>
<script type="module">
import { loadFromUrl, moduleInputs } from './model.js';
const tf = window.tf;
const params = new URLSearchParams(location.search);
if (params.get('backend')) await tf.setBackend(params.get('backend'));
const batch = Number(params.get('batch') ?? 16);
const model = await loadFromUrl(tf, new URL('./', location.href).href);
// Seeded noise for every float input; symbolic dims other than the batch become 1.
const inputs = {};
for (const [port, type] of Object.entries(moduleInputs)) {
  const shape = type.shape.map((d, i) => (i === 0 ? batch : typeof d === 'number' ? d : 1));
  inputs[port] = tf.randomNormal(shape, 0, 1, 'float32', 42);
}
const outputs = model.run(inputs);
const image = Object.values(outputs).find((t) => t.rank === 4) ?? Object.values(outputs)[0];
const [b, h, w, c] = image.shape;
const cols = Math.ceil(Math.sqrt(b));
const rows = Math.ceil(b / cols);
const lo = image.min().dataSync()[0], hi = image.max().dataSync()[0];
const data = image.dataSync();
const canvas = document.getElementById('grid');
canvas.width = cols * w; canvas.height = rows * h;
const ctx = canvas.getContext('2d');
const pixels = ctx.createImageData(canvas.width, canvas.height);
for (let n = 0; n < b; n++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
  const px = (Math.floor(n / cols) * h + y) * canvas.width + (n % cols) * w + x;
  for (let k = 0; k < 3; k++) {
    const v = data[((n * h + y) * w + x) * c + Math.min(k, c - 1)];
    pixels.data[px * 4 + k] = Math.round(255 * (v - lo) / Math.max(hi - lo, 1e-8));
  }
  pixels.data[px * 4 + 3] = 255;
}
ctx.putImageData(pixels, 0, 0);
window.tesseraResult = { shape: image.shape, mean: image.mean().dataSync()[0], backend: tf.getBackend() };
document.getElementById('status').textContent = b + ' samples, ' + h + 'x' + w + 'x' + c + ', backend ' + tf.getBackend();
</script>
</body>
</html>
`;
