import { describe, expect, it } from 'vitest';
import vqganJson from '../../templates/vqgan.json';
import type { Bridge } from '../../core/ipc/contract';
import { loadDocument } from '../../core/document/load-document';
import { DocumentStore } from '../store/document-store';
import { dropTemplate } from './file-actions';

const bridge = {
  invoke: async (channel: string, id: string) => {
    expect(channel).toBe('templates:get');
    return { path: `templates/${id}.json`, content: structuredClone(vqganJson), diagnostics: [] };
  },
  on: () => () => undefined,
} as unknown as Bridge;

describe('dropTemplate', () => {
  it('inserts the template with its modules as one undo step, shows the top level, selects the nodes', async () => {
    const s = new DocumentStore(loadDocument(structuredClone(vqganJson)).document!);
    s.enter('decoder');
    const before = s.doc;
    const ids = await dropTemplate(bridge, s, 'vqgan', { x: 0, y: 0 });
    expect(ids).toHaveLength(Object.keys(vqganJson.nodes).length);
    expect(Object.keys(s.doc.modules)).toHaveLength(6);
    expect(s.getSnapshot()).toMatchObject({
      scope: '',
      selection: ids,
      undoLabel: 'Insert VQGAN (MNIST)',
    });
    s.undo();
    expect(s.doc).toEqual(before);
  });
});
