// @vitest-environment jsdom
// The cost on nodes and in the status box, and edges styled by their gradient mode, from the
// real compiler on real templates.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import type { TesseraDocument } from '../../core/document/document.types';
import type { ShapeEnv } from '../../core/node-contract/node-definition';
import { nodeRegistry } from '../../nodes/registry';
import convAutoencoder from '../../templates/conv-autoencoder.json';
import vqVae from '../../templates/vq-vae.json';
import { compileView } from '../model/compile-view';
import { CanvasLegends } from './canvas-legends';
import { CostStatus } from './cost-status';
import { buildFlowEdges, FlowNodeCache } from './flow-mapping';
import { TesseraNode, type TesseraFlowNode } from './tessera-node';

afterEach(cleanup);

const env: ShapeEnv = {
  datasets: { mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 } },
};
const doc = (json: unknown) => structuredClone(json) as TesseraDocument;

const renderNode = (n: TesseraFlowNode) =>
  render(
    <ReactFlowProvider>
      <TesseraNode
        {...({
          id: n.id,
          data: n.data,
          selected: false,
          type: 'tessera',
          dragging: false,
          zIndex: 0,
          isConnectable: true,
          positionAbsoluteX: 0,
          positionAbsoluteY: 0,
        } as unknown as Parameters<typeof TesseraNode>[0])}
      />
    </ReactFlowProvider>,
  );

describe('cost on the canvas', () => {
  const d = doc(convAutoencoder);
  const view = compileView(d, nodeRegistry, env);
  const nodes = new FlowNodeCache().build(d, view, nodeRegistry, new Set());
  const byId = new Map(nodes.map((n) => [n.id, n]));

  it('puts a muted cost line with exact numbers in its tooltip on each node', () => {
    const enc1 = byId.get('enc1')!;
    expect(enc1.data.costLine).toBe('160 params · 28.2k MACs');
    const r = renderNode(enc1);
    const line = r.getByTestId('node-cost');
    expect(line.textContent).toBe('160 params · 28.2k MACs');
    expect(line.getAttribute('title')).toContain('Activations: 392 KiB at batch size 32');
    expect(byId.get('enc1-relu')!.data.costLine).toBe('0 params · 3.14k MACs');
  });

  it("shows the graph's totals in the status box", () => {
    const r = render(<CostStatus totals={view.totals} />);
    const box = r.getByTestId('cost-status');
    expect(box.textContent).toMatch(/^13\.3k params · 715k MACs\/example · .* \(batch 32\)$/);
    expect(box.getAttribute('title')).toContain('Parameters: 13,265');
    expect(render(<CostStatus />).container.textContent).toBe('');
  });
});

describe('gradient marks on edges', () => {
  // The VQ-VAE template, with its indices looked up by an Embedding and its reconstruction
  // through a Stop gradient into a second loss.
  const d = doc(vqVae);
  const add = (id: string, type: string) =>
    (d.nodes[id] = { id, type, typeVersion: 1, params: {}, position: { x: 0, y: 0 } });
  const wire = (id: string, s: [string, string], t: [string, string]) =>
    (d.edges[id] = { id, source: { node: s[0], port: s[1] }, target: { node: t[0], port: t[1] } });
  add('emb', 'layers/embedding');
  add('sg', 'math/stop-gradient');
  add('recon2', 'loss/mse');
  wire('e-idx', ['vq', 'indices'], ['emb', 'indices']);
  wire('e-sg', ['decoder', 'x'], ['sg', 'x']);
  wire('e-sg2', ['sg', 'y'], ['recon2', 'prediction']);
  wire('e-t2', ['data', 'image'], ['recon2', 'target']);
  const view = compileView(d, nodeRegistry, env);
  const edges = buildFlowEdges(d, view, new Set());
  const from = (node: string, port: string) =>
    edges.filter((e) => e.source === node && e.sourceHandle === port);

  it("styles the quantizer's straight-through output and its non-differentiable outputs", () => {
    const quantized = from('vq', 'quantized');
    expect(quantized.length).toBeGreaterThan(0);
    for (const e of quantized) {
      expect(e.className).toContain('grad-straight-through');
      expect(e.data).toEqual({ gradient: 'straight-through' });
    }
    for (const e of from('encoder', 'z')) expect(e.className).toContain('grad-flows');
    expect(from('vq', 'indices')[0]!.className).toContain('grad-none');
    expect(from('sg', 'y')[0]!.className).toContain('grad-stop');
    expect(from('sg', 'y')[0]!.domAttributes).toMatchObject({ 'data-gradient': 'stop' });
    const all = new Set(edges.map((e) => String(e.className)));
    expect([...all].every((c) => /grad-(flows|straight-through|stop|none)/.test(c))).toBe(true);
  });

  it('has a gradient legend beside the socket legend, one row per mode', () => {
    const r = render(<CanvasLegends />);
    expect(r.getByTestId('socket-legend')).toBeTruthy();
    const rows = r.getByTestId('gradient-legend').querySelectorAll('[data-gradient]');
    expect([...rows].map((x) => x.getAttribute('data-gradient'))).toEqual([
      'flows',
      'straight-through',
      'stop',
      'none',
    ]);
  });
});
