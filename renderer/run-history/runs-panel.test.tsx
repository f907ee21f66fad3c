// @vitest-environment jsdom
// The Runs view over a stand-in bridge answering as the main side does: the project's history
// listed, ticked runs handed to the overlay chart in their colours, the graph diff of two runs,
// a refused resume shown with its reason (nothing started), an accepted one started.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Bridge } from '../../core/ipc/contract';
import type { RunRecord, RunSummary } from '../../core/run-history/run-record';
import type { TesseraDocument } from '../../core/document/document.types';
import { nodeRegistry } from '../../nodes/registry';
import convAutoencoder from '../../templates/conv-autoencoder.json';
import { EditorContext, type Editor } from '../app/editor-context';
import { DocumentStore } from '../store/document-store';
import { onRunStarted } from './run-started';
import { RunsPanel } from './runs-panel';

// uPlot needs a canvas; the chart's inputs are what this test checks.
vi.mock('./run-overlay-chart', () => ({
  RunOverlayChart: (p: {
    objective: string;
    runs: { label: string; color: string }[];
    values: (number | null)[][];
  }) => (
    <div data-testid="overlay" data-objective={p.objective}>
      {p.runs.map((r, i) => (
        <span key={r.label} data-testid="series" data-color={r.color}>
          {r.label}:{p.values[i]!.filter((v) => v !== null).join(',')}
        </span>
      ))}
    </div>
  ),
}));

afterEach(cleanup);

const path = '/home/ada/Tessera/ae.tessera.json';
const docWith = (lr: number): TesseraDocument => {
  const d = structuredClone(convAutoencoder) as unknown as TesseraDocument;
  d.nodes.adam!.params.lr = lr;
  return d;
};
const run = (n: number, lr: number): RunRecord => ({
  format: 'tessera.run',
  version: 1,
  runId: `run-${n}`,
  project: { path, name: 'Conv autoencoder' },
  startedAt: `2026-11-03T10:0${n}:00.000Z`,
  endedAt: `2026-11-03T10:0${n}:30.000Z`,
  state: 'finished',
  graphHash: `sha256:${String(n).repeat(64)}`,
  config: { batchSize: 8, seed: 7, backend: 'auto', totalSteps: 3 },
  step: 3,
  losses: { Reconstruction: { steps: [1, 2, 3], values: [0.3 / n, 0.2 / n, 0.1 / n] } },
  finalLosses: { Reconstruction: 0.1 / n },
  finalMetrics: {},
  checkpoints: [
    { path: `/runs/run-${n}/checkpoints/step-000003.json`, step: 3, stageIndex: 0, createdAt: 't' },
  ],
  document: docWith(lr),
});
const records = [run(1, 0.001), run(2, 0.01)];
const summary = ({ format: _f, version: _v, document: _d, ...s }: RunRecord): RunSummary => s;

const mount = (resume: { ok: true } | { ok: false; message: string }) => {
  const store = new DocumentStore(docWith(0.01), path);
  const invoke = vi.fn(async (channel: string, payload?: { runId?: string }) => {
    if (channel === 'runs:list') return records.map(summary);
    if (channel === 'runs:get') return records.find((r) => r.runId === payload?.runId);
    if (channel === 'runs:checkResume') return resume;
    if (channel === 'train:start') return { runId: 'run-3' };
    throw new Error(`unexpected ${channel}`);
  });
  const bridge = { invoke, on: () => () => undefined } as unknown as Bridge;
  const editor = { store, bridge, registry: nodeRegistry, toast: vi.fn() } as unknown as Editor;
  const shown = vi.fn();
  const view = render(
    <EditorContext.Provider value={editor}>
      <RunsPanel onShowTraining={shown} />
    </EditorContext.Provider>,
  );
  return { invoke, shown, ...view };
};

describe('the Runs view', () => {
  it('lists the project’s runs and overlays the ticked ones in distinct colours', async () => {
    const { invoke, container } = mount({ ok: true });
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(2));
    expect(invoke).toHaveBeenCalledWith('runs:list', { path, name: 'Conv autoencoder' });
    const cells = [...container.querySelectorAll('[data-testid="run-row"]')].map((tr) =>
      [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent),
    );
    expect(cells[0]!.slice(2, 6)).toEqual([
      'finished',
      '3 / 3',
      'Reconstruction 0.100',
      '11111111',
    ]);
    expect(cells[1]![4]).toBe('Reconstruction 0.0500');
    expect(screen.getByTestId('runs-project').textContent).toBe('ae.tessera.json');
    fireEvent.click(screen.getByLabelText('Compare run #1'));
    fireEvent.click(screen.getByLabelText('Compare run #2'));
    const series = screen.getAllByTestId('series');
    expect(series.map((s) => s.textContent)).toEqual(['#1:0.3,0.2,0.1', '#2:0.15,0.1,0.05']);
    expect(new Set(series.map((s) => s.dataset.color)).size).toBe(2);
  });

  it('shows the graph diff of two runs: the changed param, old and new', async () => {
    mount({ ok: true });
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(2));
    fireEvent.click(screen.getByLabelText('Compare run #1'));
    fireEvent.click(screen.getByLabelText('Compare run #2'));
    fireEvent.click(screen.getByRole('button', { name: 'Diff #1 → #2' }));
    const change = await screen.findByTestId('diff-change');
    expect(change.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'learning rate (lr): 0.001 → 0.01',
    );
    expect(screen.getAllByTestId('diff-node')).toHaveLength(1);
    // One run ticked: its graph against the one open now (the same here).
    fireEvent.click(screen.getByRole('button', { name: 'Close diff' }));
    fireEvent.click(screen.getByLabelText('Compare run #1'));
    fireEvent.click(screen.getByRole('button', { name: 'Diff #2 → open graph' }));
    expect((await screen.findByTestId('diff-same')).textContent).toContain('Same graph');
  });

  it('refuses a resume with the reason and starts nothing; starts one that fits', async () => {
    const message = 'Cannot resume from /runs/run-1/checkpoints/step-000003.json: it does not fit.';
    const refused = mount({ ok: false, message });
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(2));
    fireEvent.click(screen.getByLabelText('Resume from run #1'));
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(refused.invoke.mock.calls.map((c) => c[0])).not.toContain('train:start');
    expect(refused.shown).not.toHaveBeenCalled();
    cleanup();

    const started: string[] = [];
    const off = onRunStarted((id) => started.push(id));
    const ok = mount({ ok: true });
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(2));
    fireEvent.click(screen.getByLabelText('Resume from run #2'));
    await waitFor(() => expect(ok.shown).toHaveBeenCalled());
    expect(ok.invoke).toHaveBeenCalledWith(
      'train:start',
      expect.objectContaining({
        resumeFrom: '/runs/run-2/checkpoints/step-000003.json',
        projectPath: path,
      }),
    );
    expect(started).toEqual(['run-3']);
    off();
  });
});
