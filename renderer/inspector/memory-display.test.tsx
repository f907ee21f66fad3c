// @vitest-environment jsdom
// The memory estimate in the studio, from the real compiler on the conv autoencoder (13,265
// params, Adam, batch 32): the inspector's line for the selected node, the run's estimate in the
// status box beside the cost totals, and the warning when it exceeds the engine's limit.
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import type { TesseraDocument } from '../../core/document/document.types';
import type { ShapeEnv } from '../../core/node-contract/node-definition';
import { nodeRegistry } from '../../nodes/registry';
import convAutoencoder from '../../templates/conv-autoencoder.json';
import { CostStatus } from '../canvas/cost-status';
import { compileView } from '../model/compile-view';
import { setTrainingField } from '../store/commands';
import { memoryWarning, nodeMemoryLine, runMemoryLine, runMemoryTitle } from './memory-format';
import { mountInspector } from './testing/mount-inspector';

afterEach(cleanup);

const env: ShapeEnv = {
  datasets: { mnist: { available: true, height: 28, width: 28, channels: 1, classes: 10 } },
};
const doc = () => structuredClone(convAutoencoder) as unknown as TesseraDocument;
const program = compileView(doc(), nodeRegistry, env).program!;
const estimate = program.memory!;

describe('memory format', () => {
  it("reads a node's weights, their training state and its outputs at the batch size", () => {
    // enc1: 160 weights = 640 B; gradients 640 B and Adam's two slots 1280 B; 32 x 14 x 14 x 16 floats out.
    expect(nodeMemoryLine(program.graph.nodes.enc1!.memory!, 32)).toBe(
      '640 B params + 1.9 KiB gradients and adam state · 392 KiB activations at batch 32',
    );
    expect(nodeMemoryLine(program.graph.nodes['enc1-relu']!.memory!, 32)).toBe(
      '0 B params · 392 KiB activations at batch 32',
    );
  });

  it("reads the run's estimate and its parts", () => {
    expect(runMemoryLine(estimate)).toBe('training ≈ 2.4 MiB');
    const title = runMemoryTitle(estimate);
    expect(title).toContain('Memory for training at batch 32: 2.4 MiB');
    expect(title).toContain(
      'weights 51.8 KiB, gradients 51.8 KiB, optimizer state 104 KiB, activations 2.2 MiB',
    );
    expect(title).toMatch(/Largest: ConvTranspose2D[^\n]* 520 KiB/);
  });

  it('warns only past the limit the engine reports', () => {
    expect(memoryWarning(estimate)).toBeUndefined();
    expect(memoryWarning(estimate, { bytes: 16 * 1024 ** 3, what: "this machine's memory" })).toBe(
      undefined,
    );
    expect(memoryWarning(estimate, { bytes: 1024 ** 2, what: "this machine's memory" })).toMatch(
      /^Training needs ≈ 2\.4 MiB, more than this machine's memory \(1 MiB\): Train will refuse it\. Lower the batch size or make ConvTranspose2D/,
    );
  });
});

describe('memory in the inspector and the status box', () => {
  it('shows the selected node its memory, following the batch size', () => {
    const m = mountInspector(doc(), env);
    act(() => m.store.select(['enc1']));
    const line = () => m.getByTestId('node-memory').textContent;
    expect(line()).toBe(
      '640 B params + 1.9 KiB gradients and adam state · 392 KiB activations at batch 32',
    );
    act(() => m.store.dispatch('Set batch size', setTrainingField('batchSize', 64)));
    expect(line()).toBe(
      '640 B params + 1.9 KiB gradients and adam state · 784 KiB activations at batch 64',
    );
  });

  it('adds the run estimate to the cost totals, and a warning past the limit', () => {
    const view = compileView(doc(), nodeRegistry, env);
    const r = render(
      <CostStatus
        totals={view.totals}
        memory={estimate}
        memoryLimit={{ bytes: 16 * 1024 ** 3, what: "this machine's memory" }}
      />,
    );
    expect(r.getByTestId('cost-status').textContent).toMatch(
      /^13\.3k params · 715k MACs\/example · .* \(batch 32\) · training ≈ 2\.4 MiB$/,
    );
    expect(r.getByTestId('memory-status').getAttribute('title')).toContain(
      'optimizer state 104 KiB',
    );
    expect(r.queryByTestId('memory-warning')).toBeNull();
    cleanup();
    const tight = render(
      <CostStatus
        totals={view.totals}
        memory={estimate}
        memoryLimit={{ bytes: 1024 ** 2, what: "this machine's memory" }}
      />,
    );
    expect(tight.getByTestId('memory-warning').textContent).toContain(
      "more than this machine's memory (1 MiB): Train will refuse it",
    );
  });
});
