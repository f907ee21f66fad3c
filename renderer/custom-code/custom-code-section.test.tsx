// @vitest-environment jsdom
// The studio with a project whose custom code this machine has not trusted: the code is shown
// read-only under the banner, the node carries a diagnostic, Train is disabled with the reason;
// Trust (a main-side grant) makes it editable, the author's edits stay trusted and are recorded,
// and code changed outside the studio is untrusted again.
import { useMemo } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Bridge, TrustGrantRequest } from '../../core/ipc/contract';
import type { TesseraDocument } from '../../core/document/document.types';
import { nodeRegistry } from '../../nodes/registry';
import canaryJson from '../../tests/fixtures/custom-code/canary-project.json';
import { testEnv } from '../../nodes/shared/test-kit';
import { EditorContext, useStoreSnapshot, type Editor } from '../app/editor-context';
import { Inspector } from '../inspector/inspector';
import { compileView } from '../model/compile-view';
import { DocumentStore } from '../store/document-store';
import { TrainingPanel } from '../training/training-panel';
import { CustomCodeBanner } from './custom-code-banner';
import { withTrustDiagnostics } from './trust-text';
import { AUTHORED_GRANT_DELAY_MS, useCustomCodeTrust } from './use-custom-code-trust';

// Monaco does not run in jsdom: a textarea with the same props stands in for the editor.
vi.mock('./custom-code-editor', () => ({
  CustomCodeEditor: (p: { value: string; readOnly: boolean; onChange(v: string): void }) => (
    <textarea
      data-testid="code-editor"
      value={p.value}
      readOnly={p.readOnly}
      onChange={(e) => {
        if (!p.readOnly) p.onChange(e.target.value);
      }}
    />
  ),
}));

// uPlot needs a browser's matchMedia; the loss charts are not what this test looks at.
vi.mock('../training/loss-chart', () => ({ LossChart: () => null }));

afterEach(cleanup);

const fixture = (): TesseraDocument => structuredClone(canaryJson) as unknown as TesseraDocument;

/** The main side's part: trust recorded per (node, code), as trust.json does by hash. */
const fakeMain = () => {
  const trusted = new Set<string>();
  const grants: TrustGrantRequest[] = [];
  const codeOf = (doc: unknown, id: string): string =>
    String((doc as TesseraDocument).nodes[id]?.params['code'] ?? '');
  const bridge = {
    invoke: (channel: string, payload: unknown) => {
      if (channel === 'trust:status') {
        const doc = (payload as { document: unknown }).document as TesseraDocument;
        return Promise.resolve(
          Object.values(doc.nodes)
            .filter((n) => n.type === 'custom/custom-layer')
            .map((n) => ({
              nodeId: n.id,
              trustId: n.id,
              name: n.label ?? n.id,
              hash: 'h',
              trusted: trusted.has(`${n.id}:${codeOf(doc, n.id)}`),
            })),
        );
      }
      if (channel === 'trust:grant') {
        const g = payload as TrustGrantRequest;
        grants.push(g);
        trusted.add(`${g.trustId}:${g.code}`);
        return Promise.resolve({ hash: 'h' });
      }
      return Promise.reject(new Error(`unexpected ${channel}`));
    },
    on: () => () => undefined,
  } as unknown as Bridge;
  return { bridge, grants };
};

const Studio = ({ store, bridge }: { store: DocumentStore; bridge: Bridge }) => {
  const snap = useStoreSnapshot(store);
  const trust = useCustomCodeTrust(bridge, snap.doc, snap.path);
  const view = useMemo(
    () =>
      withTrustDiagnostics(
        compileView(snap.doc, nodeRegistry, testEnv, snap.scope),
        trust.untrusted,
        snap.scope,
      ),
    [snap.doc, snap.scope, trust.untrusted],
  );
  const editor = {
    store,
    bridge,
    registry: nodeRegistry,
    env: testEnv,
    view,
    trust,
    toast: () => undefined,
    focusNode: (id: string) => store.select([id]),
  } as unknown as Editor;
  return (
    <EditorContext.Provider value={editor}>
      <CustomCodeBanner />
      <Inspector />
      <TrainingPanel />
    </EditorContext.Provider>
  );
};

const banner =
  'This project contains custom code from /p/canary-project.json. It has not been run on this machine. Review it, then Trust to allow training.';

describe('custom code in the studio', () => {
  it('is read-only and blocks Train until trusted; trusted code and the author’s edits are editable', async () => {
    const { bridge, grants } = fakeMain();
    const doc = fixture();
    expect(doc['trusted']).toBe(true); // the file's own claim, which nothing reads
    const store = new DocumentStore(doc, '/p/canary-project.json');
    render(<Studio store={store} bridge={bridge} />);

    // The studio-wide banner names the file; Review selects the node.
    expect((await screen.findByTestId('custom-code-app-banner')).textContent).toContain(banner);
    const train = screen.getByRole('button', { name: /Train/ });
    expect(train).toHaveProperty('disabled', true);
    expect(train.getAttribute('title')).toBe(
      'Training is blocked: the custom code of "Canary scale" has not been trusted on this machine. Select the node, review its code, then press Trust.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Review the code' }));

    // The inspector: the code read-only under the banner, and the node's diagnostic.
    const editor = (await screen.findByTestId('code-editor')) as HTMLTextAreaElement;
    expect(editor.readOnly).toBe(true);
    expect(editor.value).toBe(doc.nodes['canary']!.params['code']);
    expect(screen.getByTestId('custom-code-banner').textContent).toContain(banner);
    expect(screen.getByTestId('inspector').textContent).toContain(
      'Custom layer "Canary scale" holds code that has not been run on this machine, so training is blocked.',
    );
    expect(screen.queryByLabelText('Code')).toBeNull(); // the code is not also a plain text field

    // Trust: one grant of exactly the code shown, from the file shown.
    fireEvent.click(screen.getByRole('button', { name: 'Trust' }));
    await waitFor(() => expect(screen.queryByTestId('custom-code-banner')).toBeNull());
    expect(grants).toEqual([
      {
        trustId: 'canary',
        code: doc.nodes['canary']!.params['code'],
        how: 'reviewed',
        path: '/p/canary-project.json',
      },
    ]);
    expect(screen.queryByTestId('custom-code-app-banner')).toBeNull();
    expect((screen.getByTestId('code-editor') as HTMLTextAreaElement).readOnly).toBe(false);
    expect(screen.getByRole('button', { name: /Train/ })).toHaveProperty('disabled', false);

    // The author edits: the document changes, the code stays editable, the edit is recorded.
    const edited = `${String(doc.nodes['canary']!.params['code'])}// tuned\n`;
    fireEvent.change(screen.getByTestId('code-editor'), { target: { value: edited } });
    expect(store.doc.nodes['canary']!.params['code']).toBe(edited);
    expect((screen.getByTestId('code-editor') as HTMLTextAreaElement).readOnly).toBe(false);
    expect(screen.queryByTestId('custom-code-banner')).toBeNull();
    await waitFor(() => expect(grants.at(-1)).toMatchObject({ code: edited, how: 'authored' }), {
      timeout: AUTHORED_GRANT_DELAY_MS + 2000,
    });

    // The same project changed outside the studio (a text editor, a pull): untrusted again.
    const outside = fixture();
    outside.nodes['canary']!.params['code'] = `${edited}const more = 1;\n`;
    act(() => store.load(outside, '/p/canary-project.json'));
    act(() => store.select(['canary']));
    await waitFor(() =>
      expect((screen.getByTestId('code-editor') as HTMLTextAreaElement).readOnly).toBe(true),
    );
    expect(await screen.findByTestId('custom-code-banner')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Train/ })).toHaveProperty('disabled', true);
  });
});
