// The dataset channels through the shared app handlers (web shell, no native dialog): a folder
// outside the projects folder is refused until chosen, a chosen one previews with its classes
// and is remembered by the next shell, paths inside the projects folder need no choice, and
// train:start refuses an image folder the app may not read.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppHandlers } from '../server/handlers/app-handlers';
import { fakeEngine } from '../server/handlers/fake-engine';
import { createDataProvider } from '../engine/data/data-provider';
import { previewDataset } from '../engine/data/dataset-preview';
import { tempDir, twoClassFolder } from '../engine/data/image-folder/testing/make-image-folder';
import { DatasetAccess } from './dataset-access';

const shell = (stateDir: string, projectsDir: string) =>
  createAppHandlers({
    engine: {
      ...fakeEngine(),
      previewDataset: (r) =>
        previewDataset(r, createDataProvider({ imageFolderCacheDir: tempDir('tessera-cache-') })),
    },
    shell: 'web',
    appVersion: 't',
    templatesDir: stateDir,
    projectsDir,
    runsDir: stateDir,
    recentFile: nodePath.join(stateDir, 'recent.json'),
    emit: () => undefined,
  }).handlers;

const folderParams = (folder: string) => ({ folder, height: 8, width: 8, channels: '1' });
const docWith = (folder: string) => ({
  format: 'tessera.project',
  formatVersion: 1,
  name: 'x',
  nodes: { data: { id: 'data', type: 'data/image-folder', params: { folder } } },
  edges: {},
  modules: {},
  training: {},
  previews: {},
});

describe('datasets:preview and datasets:choose', () => {
  it('refuses a folder outside the projects folder until it is chosen, then previews it', async () => {
    const state = tempDir();
    const h = shell(state, nodePath.join(state, 'projects'));
    const folder = twoClassFolder(3, 8);
    const req = { type: 'data/image-folder', params: folderParams(folder), nodeId: 'data' };
    const refused = await h['datasets:preview'](req);
    expect(refused.preview).toBeUndefined();
    expect(refused.diagnostics[0]).toMatchObject({ severity: 'error', nodeId: 'data' });
    expect(refused.diagnostics[0]?.message).toMatch(
      /Refusing to read the image folder .*: it is outside the projects folder .* Choose it with Choose folder… in the inspector/,
    );
    const chosen = await h['datasets:choose']({ kind: 'folder', path: folder });
    expect(chosen.diagnostics).toEqual([]);
    const r = await h['datasets:preview'](req);
    // The squares are tinted: converted to grey for channels 1, and the preview says so.
    expect(r.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      [
        'warning',
        expect.stringMatching(/^Image Folder \(data\): 6 colour image\(s\) were converted to grey/),
      ],
    ]);
    expect(r.preview).toMatchObject({
      kind: 'images',
      classNames: ['dark', 'light'],
      height: 8,
      width: 8,
      channels: 1,
    });
    const samples = r.preview?.kind === 'images' ? r.preview.samples : [];
    // Classes in turn: dark, light, dark, light, ...
    expect(samples.map((s) => s.className)).toEqual([
      'dark',
      'light',
      'dark',
      'light',
      'dark',
      'light',
    ]);
    expect(Buffer.from(samples[0]!.pngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    // A sub-folder of a chosen folder is covered; a new shell remembers the choice.
    expect(
      (
        await new DatasetAccess({
          projectsDir: state,
          file: nodePath.join(state, 'dataset-sources.json'),
        }).check('folder', nodePath.join(folder, 'dark'))
      ).ok,
    ).toBe(true);
    const next = shell(state, nodePath.join(state, 'projects'));
    expect((await next['datasets:preview'](req)).preview?.kind).toBe('images');
  });

  it('reads inside the projects folder without a choice; refuses relative, .. and missing paths', async () => {
    const projects = tempDir();
    const h = shell(tempDir(), projects);
    const inside = nodePath.join(projects, 'pets');
    mkdirSync(inside);
    twoClassFolder(2, 8, inside);
    const ok = await h['datasets:preview']({
      type: 'data/image-folder',
      params: folderParams(inside),
    });
    expect(ok.preview?.kind).toBe('images');
    const rel = await h['datasets:preview']({
      type: 'data/image-folder',
      params: folderParams('pets'),
    });
    expect(rel.diagnostics[0]?.message).toMatch(/pets is not a full path/);
    const dots = await h['datasets:choose']({ kind: 'folder', path: `${inside}/../pets` });
    expect(dots.diagnostics[0]?.message).toMatch(/'\.\.' segments are not used/);
    const missing = await h['datasets:choose']({
      kind: 'folder',
      path: nodePath.join(projects, 'none'),
    });
    expect(missing.diagnostics[0]?.message).toMatch(/does not exist; choose one that does/);
    const file = await h['datasets:choose']({
      kind: 'folder',
      path: nodePath.join(inside, 'dark', '000.png'),
    });
    expect(file.diagnostics[0]?.message).toMatch(/is not a folder/);
  });

  it('previews a text file (when allowed) and MNIST with their labels', async () => {
    const state = tempDir();
    const h = shell(state, state);
    const mnist = await h['datasets:preview']({ type: 'data/mnist', params: {} });
    expect(mnist.preview).toMatchObject({ kind: 'images', height: 28, width: 28, channels: 1 });
    const names =
      mnist.preview?.kind === 'images' ? mnist.preview.samples.map((s) => s.className) : [];
    expect(names.slice(0, 10)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const text = nodePath.join(state, 'poem.txt');
    writeFileSync(text, 'Tyger Tyger, burning bright, In the forests of the night; '.repeat(20));
    const t = await h['datasets:preview']({
      type: 'data/text-file',
      params: { source: text, context: 8 },
    });
    expect(t.preview).toMatchObject({ kind: 'text', tokens: 'characters', vocabSize: 18 });
    expect(
      t.preview?.kind === 'text' && t.preview.excerpt.startsWith('Tyger Tyger, burning bright,'),
    ).toBe(true);
    const outside = await h['datasets:preview']({
      type: 'data/text-file',
      params: { source: '/etc/hostname' },
    });
    expect(outside.diagnostics[0]?.message).toMatch(
      /Refusing to read the text file \/etc\/hostname/,
    );
    const notDataset = await h['datasets:preview']({ type: 'layers/dense', params: {} });
    expect(notDataset.diagnostics[0]?.message).toMatch(/not a dataset node/);
    const badParams = await h['datasets:preview']({
      type: 'data/image-folder',
      params: { folder: nodePath.join(state, 'x'), height: 0 },
    });
    expect(badParams.diagnostics[0]?.message).toMatch(/Image Folder \(node\): height is 0; set/);
  });

  it('train:start refuses an image folder the app may not read, and starts once it is chosen', async () => {
    const state = tempDir();
    const h = shell(state, nodePath.join(state, 'projects'));
    const folder = twoClassFolder(2, 8);
    await expect(h['train:start']({ document: docWith(folder), steps: 1 })).rejects.toThrow(
      /Image Folder \(data\): Refusing to read the image folder/,
    );
    await h['datasets:choose']({ kind: 'folder', path: folder });
    const run = await h['train:start']({ document: docWith(folder), steps: 1 });
    expect(run.runId).toMatch(/^fake-/);
  });
});
