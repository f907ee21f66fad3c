// Every built-in template compiles cleanly against the real node registry, and the README's
// template table names each of them (so the docs cannot drift from templates/).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDocument } from '../../core/graph/compile';
import { nodeRegistry } from '../../nodes/registry';
import { createShapeEnv } from '../../main/engine/data/data-provider';

const templatesDir = new URL('../../templates/', import.meta.url);
const templateIds = readdirSync(templatesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

describe('built-in templates', () => {
  it('there are templates for the VQ, GAN and autoregressive families', () => {
    expect(templateIds).toEqual(
      expect.arrayContaining([
        'vq-vae',
        'vqgan',
        'dcgan',
        'wgan-clip',
        'wgan-gp',
        'fvsbn',
        'nade',
        'made',
        'pixelcnn',
      ]),
    );
  });

  it.each(templateIds)(
    '%s compiles with no errors or warnings, and has a name, a description and a stage',
    (id) => {
      const text = readFileSync(new URL(`${id}.json`, templatesDir), 'utf8');
      const result = compileDocument(text, nodeRegistry, createShapeEnv());
      const problems = result.diagnostics.filter((d) => d.severity !== 'info');
      expect(problems.map((d) => `${d.nodeId ?? ''}: ${d.message}`)).toEqual([]);
      expect(result.document?.name.length).toBeGreaterThan(2);
      expect(String(result.document?.description ?? '').length).toBeGreaterThan(40);
      expect(result.document?.training.stages.length).toBeGreaterThan(0);
    },
  );

  it('the README lists every template', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = templateIds.filter((id) => !readme.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });
});
