// templates:list and templates:results through both shells' front doors (the web bridge and
// Electron's IPC handlers), over the repository's templates and docs/results.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TemplateResults, TemplateSummary } from '../../../core/ipc/contract';
import { electronClient, webClient, type ShellClient } from '../../files/testing/shell-clients';
import { repoRoot } from '../paths';
import { createAppHandlers } from './app-handlers';
import { fakeEngine } from './fake-engine';

const open: ShellClient[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

const client = async (shell: 'web' | 'electron'): Promise<ShellClient> => {
  const dir = mkdtempSync(nodePath.join(tmpdir(), 'tessera-templates-'));
  const app = createAppHandlers({
    engine: fakeEngine(),
    shell,
    appVersion: 't',
    templatesDir: nodePath.join(repoRoot(), 'templates'),
    projectsDir: nodePath.join(dir, 'projects'),
    runsDir: nodePath.join(dir, 'runs'),
    recentFile: nodePath.join(dir, 'recent.json'),
    emit: () => undefined,
  });
  const c = shell === 'web' ? await webClient(app.handlers) : await electronClient(app.handlers);
  open.push(c);
  return c;
};

describe.each(['web', 'electron'] as const)('the templates gallery over the %s shell', (shell) => {
  it('lists each template with its family, paper, outline and counts', async () => {
    const c = await client(shell);
    const list = (await c.invoke('templates:list')) as TemplateSummary[];
    expect(list.length).toBeGreaterThanOrEqual(20);
    const dcgan = list.find((t) => t.id === 'dcgan')!;
    expect(dcgan.family).toBe('GAN');
    expect(dcgan.paper?.url).toBe('https://arxiv.org/abs/1511.06434');
    expect(dcgan.outline.nodes).toHaveLength(10);
    expect(dcgan.outline.edges.length).toBeGreaterThan(5);
    expect(dcgan.moduleCount).toBe(2);
    expect(dcgan.nodeCount).toBeGreaterThan(dcgan.outline.nodes.length);
    expect(dcgan.hasResults).toBe(true);
    expect(list.find((t) => t.id === 'conv-autoencoder')?.hasResults).toBe(false);
    for (const t of list) {
      expect(t.family, t.id).not.toBe('Other');
      expect(t.outline.nodes.length, t.id).toBeGreaterThan(3);
    }
  });

  it('answers the results image by template id, null without one, and refuses paths', async () => {
    const c = await client(shell);
    const r = (await c.invoke('templates:results', 'vq-vae')) as TemplateResults;
    expect(r.source).toBe('docs/results/vqvae-reconstructions.png');
    expect(r.image).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(await c.invoke('templates:results', 'char-gpt')).toBeNull();
    for (const bad of ['../package', '/etc/passwd', 'docs/results/gan-dcgan.png', 'A', 3])
      await expect(c.invoke('templates:results', bad), String(bad)).rejects.toThrow(
        /template ids are kebab-case names|Invalid input|expected string/i,
      );
  });
});
