// Custom code never runs untrusted (issue 16, item 6). A fixture project carries a custom layer
// whose code writes a canary file when it is evaluated (a dynamic import of node:fs), and claims
// `trusted: true` in three places. Opened, validated (with the kernel check, which builds the
// model), compiled, exported, previewed (the Code panel's export) and trained through the shells
// and the CLI, the canary never appears; once `tessera trust FILE --yes` has recorded trust, the
// same `tessera train` runs the code and the canary appears: the trust gate is what stopped it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrainEvent } from '../../core/ipc/train-event';
import { compileDocument } from '../../core/graph/compile';
import { captureIo, setIo } from '../../main/cli/io';
import { main } from '../../main/cli/main';
import { createShapeEnv } from '../../main/engine/data/data-provider';
import { createAppHandlers } from '../../main/server/handlers/app-handlers';
import { createEngineAdapter } from '../../main/server/handlers/engine-adapter';
import { repoRoot } from '../../main/server/paths';
import { compileView } from '../../renderer/model/compile-view';
import { recordFigure } from '../../tests/reliability/figures';
import { nodeRegistry } from '../registry';

const source = import.meta.url;
const root = mkdtempSync(path.join(tmpdir(), 'custom-code-canary-'));
const projectsDir = path.join(root, 'projects');
const file = path.join(projectsDir, 'canary-project.json');
const canary = path.join(root, 'canary.txt');
const trustFile = path.join(root, 'trust.json');
const saved = {
  trust: process.env.TESSERA_TRUST_FILE,
  canary: process.env.TESSERA_CANARY_FILE,
};

beforeAll(() => {
  mkdirSync(projectsDir);
  copyFileSync(
    path.join(repoRoot(), 'tests', 'fixtures', 'custom-code', 'canary-project.json'),
    file,
  );
  // Every path below reads trust from here (the CLI, the shells' handlers, the training worker).
  process.env.TESSERA_TRUST_FILE = trustFile;
  process.env.TESSERA_CANARY_FILE = canary;
});
afterAll(() => {
  setIo(undefined);
  for (const [name, value] of [
    ['TESSERA_TRUST_FILE', saved.trust],
    ['TESSERA_CANARY_FILE', saved.canary],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
});

const cli = async (args: string[]) => {
  const cap = captureIo();
  setIo(cap);
  try {
    const exit = await main(args);
    return { exit, out: cap.stdout.join(''), err: cap.stderr.join('') };
  } finally {
    setIo(undefined);
  }
};

const handlers = (events: TrainEvent[]) =>
  createAppHandlers({
    engine: createEngineAdapter(),
    shell: 'web',
    appVersion: 't',
    templatesDir: path.join(repoRoot(), 'templates'),
    projectsDir,
    runsDir: path.join(root, 'runs'),
    recentFile: path.join(root, 'recent.json'),
    emit: (_e, payload) => events.push(payload),
  }).handlers;

const finalStatus = async (events: TrainEvent[], runId: string): Promise<TrainEvent> => {
  for (let i = 0; i < 600; i++) {
    const done = events.find(
      (e) =>
        e.type === 'status' &&
        e.runId === runId &&
        ['failed', 'finished', 'stopped'].includes(e.state),
    );
    if (done) return done;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} did not end`);
};

describe('custom code never runs untrusted', () => {
  it('no path runs it before trust; after tessera trust --yes, training runs it', async () => {
    const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const nodes = document['nodes'] as Record<string, Record<string, unknown>>;
    // The file claims trust at the document, node and training levels; nothing reads it.
    const claims = [
      document['trusted'],
      nodes['canary']?.['trusted'],
      (document['training'] as Record<string, unknown>)['trusted'],
    ];
    expect(claims).toEqual([true, true, true]);
    const tried: string[] = [];
    const stillNoCanary = (name: string): void => {
      tried.push(name);
      expect(existsSync(canary), `the canary after ${name}`).toBe(false);
    };
    const events: TrainEvent[] = [];
    const h = handlers(events);

    // open: the shells read the file; trust comes from the trust store, which has none.
    const opened = await h['project:open'](file);
    expect(opened.content).toBeDefined();
    const openedTrust = await h['trust:status']({ document: opened.content });
    expect(openedTrust).toMatchObject([{ nodeId: 'canary', name: 'Canary scale', trusted: false }]);
    stillNoCanary('open');

    // validate, with the kernel check (it starts the backend and builds the model).
    const validated = await cli(['validate', file, '--kernels', '--backend', 'cpu']);
    expect(validated.exit).toBe(1);
    expect(validated.out).toMatch(
      /warning node Canary scale \(canary\): Custom layer "Canary scale" \(canary\) holds code that has not been trusted on this machine.*tessera trust .*canary-project\.json/,
    );
    expect(validated.err).toMatch(
      /could not be built for the kernel check: Custom layer canary: its code runs only in a training run/,
    );
    stillNoCanary('validate');

    // compile: the engine's compiler and the studio's live compile (shapes from the declarations).
    const compiled = compileDocument(document, nodeRegistry, createShapeEnv());
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compiled.program?.graph.nodes['canary']?.outputTypes['y']).toMatchObject({
      shape: ['B', 28, 28, 1],
    });
    expect(compileView(compiled.document!, nodeRegistry, createShapeEnv()).diagnostics).toEqual([]);
    stillNoCanary('compile');

    // export: tessera export and the studio's Save export write nothing.
    const out = path.join(projectsDir, 'out', 'model.ts');
    const exported = await cli(['export', file, '-o', out]);
    expect(exported.exit).toBe(1);
    expect(existsSync(out)).toBe(false);
    const saveExport = await h['code:saveExport']({
      document,
      path: path.join(projectsDir, 'model.ts'),
    });
    expect(saveExport.path).toBeUndefined();
    expect(saveExport.diagnostics[0]).toMatchObject({ nodeId: 'canary', source: 'trust' });
    stillNoCanary('export');

    // train: the CLI and the studio's Train (train:start) are refused by the engine itself.
    const refused = await cli([
      'train',
      file,
      '--steps',
      '2',
      '--backend',
      'cpu',
      '--out',
      path.join(root, 'run-refused'),
    ]);
    expect(refused.exit).toBe(1);
    expect(refused.err).toMatch(
      /Training failed: Refused to train: the custom code of node "Canary scale" \(canary\) is not trusted on this machine; review the code, then press Trust in the studio's inspector or run `tessera trust .*canary-project\.json`/,
    );
    const { runId } = await h['train:start']({ document, steps: 2, backend: 'cpu' });
    const status = await finalStatus(events, runId);
    expect(status).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/Refused to train.*"Canary scale"/),
    });
    stillNoCanary('train');

    // preview: the Code panel's TypeScript export.
    const preview = await h['code:exportTypeScript']({ document });
    expect(preview.source).toBeUndefined();
    expect(preview.diagnostics[0]?.message).toMatch(
      /Custom layer "Canary scale" \(canary\).*will not export it/,
    );
    stillNoCanary('preview');

    // tessera trust without --yes records nothing.
    const looked = await cli(['trust', file]);
    expect(looked.exit).toBe(1);
    expect(existsSync(trustFile)).toBe(false);

    const untrustedWrites = existsSync(canary) ? 1 : 0;
    recordFigure({
      area: 'custom-code',
      label: 'paths tried untrusted (open, validate, compile, export, train, preview)',
      value: tried.length,
      target: '6',
      pass: tried.length === 6,
      source,
    });
    recordFigure({
      area: 'custom-code',
      label: 'canary written while untrusted',
      value: untrustedWrites,
      target: '0',
      pass: untrustedWrites === 0,
      source,
    });
    // The claims were there, and yet the store said untrusted and the engine refused.
    const claimIgnored =
      claims.every((c) => c === true) &&
      openedTrust.every((c) => !c.trusted) &&
      refused.exit === 1 &&
      untrustedWrites === 0;
    recordFigure({
      area: 'custom-code',
      label: '`trusted: true` in the file ignored',
      value: claimIgnored ? 'yes' : 'no',
      target: 'yes',
      pass: claimIgnored,
      source,
    });
    expect(claimIgnored).toBe(true);
    expect(tried).toEqual(['open', 'validate', 'compile', 'export', 'train', 'preview']);

    // Trust, then the same training runs the code: the canary appears.
    const trusted = await cli(['trust', file, '--yes']);
    expect(trusted.exit).toBe(0);
    expect(trusted.out).toContain(`(recorded in ${trustFile})`);
    const ran = await cli([
      'train',
      file,
      '--steps',
      '2',
      '--backend',
      'cpu',
      '--out',
      path.join(root, 'run-trusted'),
    ]);
    expect(ran.err).toBe('');
    expect(ran.exit).toBe(0);
    const written = existsSync(canary) ? readFileSync(canary, 'utf8') : '';
    expect(written).toBe('custom code loaded\nforward ran\n');
    const trustedWrites = written === '' ? 0 : 1;
    recordFigure({
      area: 'custom-code',
      label: 'canary written once trusted',
      value: trustedWrites,
      target: '1',
      pass: trustedWrites === 1,
      source,
    });
  }, 300_000);
});
