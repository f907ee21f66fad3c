// Hostile paths against the file policy, through both shells' front doors (the web shell's HTTP
// bridge, Electron's IPC handlers): outside the projects folder, '..' segments, NUL bytes,
// symlinks inside the folder that resolve outside it, wrong extensions, a dialog's grant spent
// twice or on another action. Every one must be refused for open, save and export, and nothing
// outside the projects folder may change. Then seeded random paths built from the same pieces:
// whatever they are, a save may only ever land inside the projects folder.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import type { FileAction, OpenedFile, SaveExportResult, SaveResult } from '../../core/ipc/contract';
import { recordFigure } from '../../tests/reliability/figures';
import { createAppHandlers } from '../server/handlers/app-handlers';
import { fakeEngine } from '../server/handlers/fake-engine';
import { liesInside } from './path-rules';
import { electronClient, webClient, type ShellClient } from './testing/shell-clients';

const source = 'main/files/hostile-paths.reliability.test.ts';
const seed = 16_003;
const randomRuns = 300;
const doc = { format: 'tessera.project', formatVersion: 1, name: 'h', nodes: {}, edges: {} };

interface World {
  root: string;
  projectsDir: string;
  elsewhere: string;
  client: ShellClient;
  /** Every file outside the projects folder and its content, to compare after the attacks. */
  snapshot(): string;
}

const clients: ShellClient[] = [];
afterAll(async () => {
  for (const c of clients) await c.close();
});

const world = async (shell: 'web' | 'electron'): Promise<World> => {
  const root = realpathSync(mkdtempSync(nodePath.join(tmpdir(), `tessera-hostile-${shell}-`)));
  const projectsDir = nodePath.join(root, 'projects');
  const elsewhere = nodePath.join(root, 'elsewhere');
  mkdirSync(projectsDir);
  mkdirSync(elsewhere);
  writeFileSync(nodePath.join(elsewhere, 'real.tessera.json'), JSON.stringify(doc));
  writeFileSync(nodePath.join(elsewhere, 'real.ts'), 'export {};\n');
  writeFileSync(nodePath.join(elsewhere, 'id_rsa'), 'secret');
  const link = (target: string, name: string) =>
    symlinkSync(target, nodePath.join(projectsDir, name));
  link(elsewhere, 'escape');
  link(nodePath.join(projectsDir, 'escape'), 'chain');
  // A link up to the test's own folder (not '/': a regression must not write into the system).
  link(root, 'root');
  link(nodePath.join(elsewhere, 'real.tessera.json'), 'outside.tessera.json');
  link(nodePath.join(elsewhere, 'real.ts'), 'outside.ts');
  link(nodePath.join(elsewhere, 'id_rsa'), 'key.tessera.json');
  link(nodePath.join(elsewhere, 'id_rsa'), 'key.ts');
  const app = createAppHandlers({
    engine: fakeEngine(),
    shell,
    appVersion: 't',
    templatesDir: nodePath.join(root, 'templates'),
    projectsDir,
    runsDir: nodePath.join(projectsDir, 'runs'),
    recentFile: nodePath.join(root, 'config', 'recent.json'),
    emit: () => undefined,
    // Electron: the user cancels every native dialog the attacks might open.
    ...(shell === 'electron' ? { chooseFile: async () => undefined } : {}),
  });
  const client =
    shell === 'web' ? await webClient(app.handlers) : await electronClient(app.handlers);
  clients.push(client);
  // Every file outside the projects folder (links not followed), but for the folder the user
  // chose in the dialog (it may change) and the app's own recent list.
  const skip = new Set([
    projectsDir,
    nodePath.join(elsewhere, 'chosen'),
    nodePath.join(root, 'config'),
  ]);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = nodePath.join(dir, name);
      if (skip.has(p)) return [];
      const st = lstatSync(p);
      if (st.isDirectory()) return [p, ...walk(p)];
      return [st.isFile() ? `${p}=${readFileSync(p, 'utf8')}` : p];
    });
  const snapshot = () => walk(root).sort().join('\n');
  return { root, projectsDir, elsewhere, client, snapshot };
};

/** The hostile paths, each for a file extension ('.tessera.json' or '.ts'). */
const hostilePaths = (w: World, ext: string): string[] => {
  const p = w.projectsDir;
  const e = w.elsewhere;
  const stem = ext === '.ts' ? 'model' : 'x';
  return [
    // outside
    nodePath.join(e, `${stem}${ext}`),
    nodePath.join(e, `real${ext}`),
    `${p}-evil/${stem}${ext}`,
    `${p}${ext}`,
    nodePath.join(nodePath.dirname(p), `${stem}${ext}`),
    // '..' segments
    `../${stem}${ext}`,
    `sub/../../${stem}${ext}`,
    `${p}/../elsewhere/${stem}${ext}`,
    `./../${stem}${ext}`,
    `..\\${stem}${ext}`,
    `sub/..`,
    `${p}/sub/../${stem}${ext}`,
    // NUL bytes
    `${stem}${ext}\0`,
    `${stem}\0${ext}`,
    `\0`,
    `${p}/${stem}${ext}\0.txt`,
    // symlinks resolving outside
    `escape/${stem}${ext}`,
    `escape/real${ext}`,
    `chain/${stem}${ext}`,
    `root/elsewhere/${stem}${ext}`,
    `outside${ext}`,
    `key${ext}`,
    nodePath.join(p, 'escape', 'deeper', 'still', `${stem}${ext}`),
    // wrong extensions
    `${stem}.txt`,
    `${stem}${ext}.txt`,
    `${stem}`,
    ext === '.ts' ? `${stem}.json` : `${stem}.ts`,
    `escape/id_rsa`,
  ];
};

/** A refusal by the policy (not, say, a file that does not exist): the message says why. */
const isRefusal = (message: string | undefined): boolean =>
  /^Refusing|NUL byte|is not a (\.json project|\.ts program|usable program name)|No file was named/.test(
    message ?? '',
  );

const attempt = async (w: World, action: FileAction, path: string): Promise<boolean> => {
  const c = w.client;
  if (action === 'open') {
    const r = (await c.invoke('project:open', path)) as OpenedFile;
    return r.content === undefined && isRefusal(r.diagnostics[0]?.message);
  }
  if (action === 'save') {
    const r = (await c.invoke('project:save', { path, document: doc })) as SaveResult;
    return r.path === undefined && isRefusal(r.diagnostics[0]?.message);
  }
  const r = (await c.invoke('code:saveExport', { document: doc, path })) as SaveExportResult;
  return r.path === undefined && r.files === 0 && isRefusal(r.diagnostics[0]?.message);
};

describe('hostile paths', () => {
  const tally = { tried: 0, refused: 0, randomTried: 0, randomOutside: 0, changedOutside: 0 };
  afterAll(() => {
    const figures = [
      {
        label: 'hostile paths tried (open, save, export; web and Electron shells)',
        value: tally.tried,
        pass: tally.tried > 0,
      },
      {
        label: 'hostile paths refused',
        value: tally.refused,
        target: String(tally.tried),
        pass: tally.refused === tally.tried,
      },
      {
        label: 'files outside the projects folder changed by the attacks',
        value: tally.changedOutside,
        target: '0',
        pass: tally.changedOutside === 0,
      },
      {
        label: `random paths saved (seeded, ${randomRuns} per shell)`,
        value: tally.randomTried,
        pass: tally.randomTried > 0,
      },
      {
        label: 'random-path saves that landed outside the projects folder',
        value: tally.randomOutside,
        target: '0',
        pass: tally.randomOutside === 0,
      },
    ];
    for (const f of figures) recordFigure({ area: 'files', source, ...f });
  });

  for (const shell of ['web', 'electron'] as const)
    it(`are refused for open, save and export in the ${shell} shell`, async () => {
      const w = await world(shell);
      const before = w.snapshot();
      const notRefused: string[] = [];
      for (const action of ['open', 'save', 'export'] as const) {
        const ext = action === 'export' ? '.ts' : '.tessera.json';
        const paths = [...hostilePaths(w, ext)];
        for (const path of paths) {
          tally.tried++;
          if (await attempt(w, action, path)) tally.refused++;
          else notRefused.push(`${action} ${JSON.stringify(path)}`);
        }
      }
      const refusedNow = async (what: string, action: FileAction, path: string) => {
        tally.tried++;
        if (await attempt(w, action, path)) tally.refused++;
        else notRefused.push(what);
      };
      const chosen = nodePath.join(w.elsewhere, 'chosen');
      const choose = (action: FileAction, path: string) =>
        w.client.invoke('files:choose', { action, path });
      if (shell === 'web') {
        // A grant is for its action and its file, and is spent by one use.
        await choose('open', nodePath.join(chosen, 'a.tessera.json'));
        await refusedNow(
          'save with a grant to open',
          'save',
          nodePath.join(chosen, 'a.tessera.json'),
        );
        await choose('save', nodePath.join(chosen, 'b.tessera.json'));
        await refusedNow(
          'open with a grant to save',
          'open',
          nodePath.join(chosen, 'b.tessera.json'),
        );
        await choose('export', nodePath.join(chosen, 'm.ts'));
        await refusedNow('export another file', 'export', nodePath.join(chosen, 'other.ts'));
        const first = (await w.client.invoke('code:saveExport', {
          document: doc,
          path: nodePath.join(chosen, 'm.ts'),
        })) as SaveExportResult;
        expect(first.files).toBe(3);
        await refusedNow('export twice with one grant', 'export', nodePath.join(chosen, 'm.ts'));
      } else
        for (const action of ['open', 'save', 'export'] as const) {
          // Electron ignores the renderer's path: the (cancelled) native dialog grants nothing.
          const own = nodePath.join(chosen, action === 'export' ? 'm.ts' : 'a.tessera.json');
          await choose(action, own);
          await refusedNow(`${action} the renderer's own path`, action, own);
        }
      const after = w.snapshot();
      if (after !== before) tally.changedOutside++;
      expect(notRefused).toEqual([]);
      expect(after).toBe(before);
    });

  for (const shell of ['web', 'electron'] as const)
    it(`never land a save outside the projects folder, for any path (${shell} shell, seeded)`, async () => {
      const w = await world(shell);
      const before = w.snapshot();
      const piece = fc.constantFrom(
        '..',
        '.',
        '',
        'escape',
        'chain',
        'root',
        'sub',
        'tmp',
        'elsewhere',
        'x.tessera.json',
        'key.tessera.json',
        'outside.tessera.json',
        'a\0b',
        '..\\x.tessera.json',
      );
      const path = fc.tuple(
        fc.constantFrom('', `${w.root}/`, `${w.projectsDir}/`, `${w.elsewhere}/`),
        fc.array(piece, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('.tessera.json', '.json', '', '.ts'),
      );
      await fc.assert(
        fc.asyncProperty(path, async ([lead, pieces, ext]) => {
          const p = `${lead}${pieces.join('/')}${ext}`;
          tally.randomTried++;
          // The shell's schema may refuse it first (an empty path): nothing is written then.
          const r = (await w.client
            .invoke('project:save', { path: p, document: doc })
            .catch(() => ({ diagnostics: [] }))) as SaveResult;
          const inside = r.path === undefined || liesInside(w.projectsDir, realpathSync(r.path));
          if (!inside) tally.randomOutside++;
          return inside;
        }),
        { seed, numRuns: randomRuns },
      );
      expect(w.snapshot()).toBe(before);
    });
});
