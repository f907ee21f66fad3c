import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPackageJson, writeExportPackageJson } from './export-package-json';

const appVersions = JSON.parse(
  readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
) as {
  dependencies: Record<string, string>;
};

describe('export package.json', () => {
  it('pins the packages the program imports to the versions the app runs', () => {
    const manifest = JSON.parse(exportPackageJson('model')) as Record<
      string,
      Record<string, string>
    >;
    expect(manifest.dependencies?.['@tensorflow/tfjs']).toBe(
      appVersions.dependencies['@tensorflow/tfjs'],
    );
    expect(manifest.dependencies?.['@tensorflow/tfjs-backend-wasm']).toBe(
      appVersions.dependencies['@tensorflow/tfjs-backend-wasm'],
    );
    expect(manifest.dependencies?.mnist).toBe(appVersions.dependencies.mnist);
    expect(manifest.optionalDependencies?.['@tensorflow/tfjs-node']).toBeDefined();
    expect(manifest.scripts?.train).toBe('tsx model.ts');
    expect(manifest.type).toBe('module');
  });

  it('writes one into an empty folder and never over an existing package.json', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'export-pkg-'));
    expect(await writeExportPackageJson(empty, 'my-gan')).toBe(path.join(empty, 'package.json'));
    expect(JSON.parse(readFileSync(path.join(empty, 'package.json'), 'utf8')).name).toBe('my-gan');

    const mine = mkdtempSync(path.join(tmpdir(), 'export-pkg-'));
    writeFileSync(path.join(mine, 'package.json'), '{"name":"users-own"}');
    expect(await writeExportPackageJson(mine, 'model')).toBeUndefined();
    expect(readFileSync(path.join(mine, 'package.json'), 'utf8')).toBe('{"name":"users-own"}');
  });
});
