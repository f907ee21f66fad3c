// A custom layer's code goes into the export verbatim, in a module of its own named after the
// node, only when it is trusted on this machine; the exported program compiles under
// tsc --strict and runs that code.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { customCodeTrust } from '../../trust/custom-code-trust';
import { TrustStore } from '../../trust/trust-store';
import { tesseraRoot } from './collect-sources';
import { exportProject } from './export-project';
import { runExport, typecheck } from './testing/export-fixture';
import { writeExportPackageJson } from './export-package-json';
import { writeExportFiles } from './write-export';

const fixture = path.join(tesseraRoot(), 'tests', 'fixtures', 'custom-code', 'canary-project.json');
const document = JSON.parse(readFileSync(fixture, 'utf8')) as {
  nodes: { canary: { params: { code: string } } };
};
const code = document.nodes.canary.params.code;

describe('export of custom code', () => {
  it('refuses untrusted code naming the node; exports trusted code verbatim, compiling and running it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'export-custom-'));
    const trustFile = path.join(dir, 'trust.json');
    const refused = exportProject(document, { trustFile, projectFile: 'canary-project.json' });
    expect(refused.source).toBeUndefined();
    expect(refused.files).toEqual({});
    expect(refused.diagnostics).toHaveLength(1);
    expect(refused.diagnostics[0]).toMatchObject({ severity: 'error', nodeId: 'canary' });
    expect(refused.diagnostics[0]?.message).toMatch(
      /Custom layer "Canary scale" \(canary\).*will not export it.*tessera trust canary-project\.json/,
    );

    const store = new TrustStore(trustFile);
    for (const c of customCodeTrust(document, store))
      await store.grant(c.hash, { trustId: c.trustId, how: 'reviewed' });
    const result = exportProject(document, { trustFile });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const module = result.files['model.lib/custom-code/canaryScale.ts'];
    expect(module).toBeDefined();
    expect(module!.split('\n')[0]).toBe(
      '// Custom code of node "Canary scale" (canary, custom/custom-layer), copied verbatim from the project.',
    );
    expect(module).toContain(code);
    expect(result.source).toContain(
      "import { forward as canaryScaleForward } from './model.lib/custom-code/canaryScale';",
    );
    expect(result.source).toContain(
      'const createCanaryScaleLayer = customLayerFactory(canaryScaleForward);',
    );
    // The code is in its module only, not repeated as a JSON string in the program's params.
    expect(result.source).not.toContain('TESSERA_CANARY_FILE');

    const out = path.join(dir, 'program');
    await writeExportFiles(out, result.files);
    await writeExportPackageJson(out, 'model'); // "type": "module", as every export gets
    symlinkSync(path.join(tesseraRoot(), 'node_modules'), path.join(out, 'node_modules'));
    expect(await typecheck([path.join(out, 'model.lib', 'tsconfig.json')])).toBe('');
    const canary = path.join(dir, 'canary.txt');
    process.env.TESSERA_CANARY_FILE = canary;
    try {
      const losses = await runExport(out, 'model.ts', ['--steps', '2', '--backend', 'cpu']);
      expect(losses.map((l) => l.step)).toEqual([1, 2]);
      expect(losses.every((l) => Number.isFinite(l.losses['Fit']))).toBe(true);
    } finally {
      delete process.env.TESSERA_CANARY_FILE;
    }
    expect(existsSync(canary) && readFileSync(canary, 'utf8')).toBe(
      'custom code loaded\nforward ran\n',
    );
  }, 300_000);
});
