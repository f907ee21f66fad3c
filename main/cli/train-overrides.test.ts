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
    // The Fréchet distance only feeds a preview: left out, with the edges into it.
    expect(Object.keys(doc.nodes)).toContain('fid');
    expect(Object.keys(out.nodes).sort()).toEqual(
      Object.keys(doc.nodes)
        .filter((id) => id !== 'fid')
        .sort(),
    );
    expect(Object.values(out.edges).some((e) => e.target.node === 'fid')).toBe(false);
    expect(Object.keys(out.edges).length).toBe(
      Object.values(doc.edges).filter((e) => e.target.node !== 'fid').length,
    );
    expect(Object.keys(out.edges).length).toBeLessThan(Object.keys(doc.edges).length);
  });

  it('keeps a metric another node reads, and every node when previews stay', () => {
    const doc = loadTemplate('dcgan');
    expect(applyTrainOverrides(doc, { batch: 2 }).nodes).toBe(doc.nodes);
    const read = structuredClone(doc);
    read.edges.extra = {
      id: 'extra',
      source: { node: 'fid', port: 'distance' },
      target: { node: 'loss', port: 'x' },
    };
    expect(Object.keys(applyTrainOverrides(read, { noPreviews: true }).nodes)).toContain('fid');
  });

  it('returns the document itself when nothing is overridden', () => {
    const doc = loadTemplate('vq-vae');
    expect(applyTrainOverrides(doc, {})).toBe(doc);
    expect(applyTrainOverrides(doc, { checkpointEvery: 0 }).training.checkpointEvery).toBe(0);
  });
});
