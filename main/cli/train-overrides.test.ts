import { describe, it, expect } from 'vitest';
import { loadTemplate } from '../engine/testing/engine-fixtures';
import { applyTrainOverrides } from './train-overrides';

describe('applyTrainOverrides', () => {
  it('sets batch size, checkpoint interval and drops previews on a copy', () => {
    const doc = loadTemplate('dcgan');
    const out = applyTrainOverrides(doc, { batch: 4, checkpointEvery: 3, noPreviews: true });
    expect(out.training.batchSize).toBe(4);
    expect(out.training.checkpointEvery).toBe(3);
    expect(out.previews).toEqual({});
    // The file's document is untouched; everything else is kept.
    expect(doc.training.batchSize).toBe(64);
    expect(Object.keys(doc.previews)).toContain('samples');
    expect(out.training.stages).toBe(doc.training.stages);
    expect(out.nodes).toBe(doc.nodes);
  });

  it('returns the document itself when nothing is overridden', () => {
    const doc = loadTemplate('vq-vae');
    expect(applyTrainOverrides(doc, {})).toBe(doc);
    expect(applyTrainOverrides(doc, { checkpointEvery: 0 }).training.checkpointEvery).toBe(0);
  });
});
