// The file policy through both shells' front doors: the web shell's HTTP bridge and Electron's
// IPC handlers run the same requests against the same handlers.
import { afterEach, describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import type {
  FileAction,
  FileChoice,
  InvokeHandlers,
  OpenedFile,
  SaveExportResult,
  SaveResult,
} from '../../core/ipc/contract';
import { createAppHandlers } from '../server/handlers/app-handlers';
import { fakeEngine } from '../server/handlers/fake-engine';
import { createFileHandlers } from './file-handlers';
import { electronClient, webClient, type ShellClient } from './testing/shell-clients';
import { failingFs } from './testing/failing-fs';

const doc = (name: string) => ({
  format: 'tessera.project',
  formatVersion: 1,
  appVersion: '0.2.0',
  name,
  nodes: {},
  edges: {},
  modules: {},
  training: {},
  previews: {},
});

interface Setup {
  root: string;
  projectsDir: string;
  elsewhere: string;
  client: ShellClient;
  /** Electron: what the user picks in the next native dialog (undefined: cancels). */
  picks: (string | undefined)[];
  dialogsShown: { action: FileAction; defaultPath: string }[];
}

const open: ShellClient[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

const setup = async (
  shell: 'web' | 'electron',
  extra?: (o: { projectsDir: string; recentFile: string }) => Partial<InvokeHandlers>,
): Promise<Setup> => {
  const root = mkdtempSync(nodePath.join(tmpdir(), `tessera-shell-${shell}-`));
  const projectsDir = nodePath.join(root, 'projects');
  const elsewhere = nodePath.join(root, 'elsewhere');
  mkdirSync(projectsDir);
  mkdirSync(elsewhere);
  const picks: (string | undefined)[] = [];
  const dialogsShown: Setup['dialogsShown'] = [];
  const recentFile = nodePath.join(root, 'config', 'recent.json');
  const app = createAppHandlers({
    engine: fakeEngine(),
    shell,
    appVersion: 't',
    templatesDir: nodePath.join(root, 'templates'),
    projectsDir,
    runsDir: nodePath.join(projectsDir, 'runs'),
    recentFile,
    emit: () => undefined,
    ...(shell === 'electron'
      ? {
          chooseFile: async (action: FileAction, defaultPath: string) => {
            dialogsShown.push({ action, defaultPath });
            return picks.shift();
          },
        }
      : {}),
  });
  const handlers = { ...app.handlers, ...extra?.({ projectsDir, recentFile }) } as InvokeHandlers;
  const client = shell === 'web' ? await webClient(handlers) : await electronClient(handlers);
  open.push(client);
  return { root, projectsDir, elsewhere, client, picks, dialogsShown };
};

const save = (c: ShellClient, path: string, name = 'p') =>
  c.invoke('project:save', { path, document: doc(name) }) as Promise<SaveResult>;
const choose = (c: ShellClient, action: FileAction, path?: string) =>
  c.invoke(
    'files:choose',
    path === undefined ? { action } : { action, path },
  ) as Promise<FileChoice>;

/** The dialog step as each shell has it: the web shell reports the in-app choice; Electron's user picks. */
const chooseAs = async (s: Setup, action: FileAction, path: string): Promise<FileChoice> => {
  if (s.client.shell === 'electron') s.picks.push(path);
  return choose(s.client, action, path);
};

for (const shell of ['web', 'electron'] as const)
  describe(`the file policy in the ${shell} shell`, () => {
    it('saves inside the projects folder and refuses a path outside it without a dialog', async () => {
      const s = await setup(shell);
      const inside = await save(s.client, 'a.tessera.json');
      expect(inside).toEqual({
        path: nodePath.join(s.projectsDir, 'a.tessera.json'),
        diagnostics: [],
      });
      const target = nodePath.join(s.elsewhere, 'x.tessera.json');
      const refused = await save(s.client, target);
      expect(refused.path).toBeUndefined();
      expect(refused.diagnostics[0]?.message).toBe(
        `Refusing to save ${target}: it is outside the projects folder ${s.projectsDir}. To use a file elsewhere, choose it with Save As…: a file picked in that dialog is allowed; or keep the file in the projects folder.`,
      );
      expect(readdirSync(s.elsewhere)).toEqual([]);
      const opened = (await s.client.invoke('project:open', target)) as OpenedFile;
      expect(opened.content).toBeUndefined();
      expect(opened.diagnostics[0]?.message).toContain('choose it with Open…');
    });

    it('writes where the dialog chose, once per grant; the saved file may be saved again', async () => {
      const s = await setup(shell);
      const target = nodePath.join(s.elsewhere, 'chosen.tessera.json');
      expect(await chooseAs(s, 'save', target)).toEqual({ path: target, diagnostics: [] });
      expect(await save(s.client, target, 'v1')).toEqual({ path: target, diagnostics: [] });
      expect(JSON.parse(readFileSync(target, 'utf8')).name).toBe('v1');
      // Saving the same file again (Ctrl+S) needs no new dialog; another file does.
      expect((await save(s.client, target, 'v2')).path).toBe(target);
      expect(JSON.parse(readFileSync(`${target}.1`, 'utf8')).name).toBe('v1');
      const other = nodePath.join(s.elsewhere, 'other.tessera.json');
      expect((await save(s.client, other)).path).toBeUndefined();
      // A grant is for its action: a save's choice does not let an export write there.
      const program = nodePath.join(s.elsewhere, 'model.ts');
      await chooseAs(s, 'save', program.replace(/\.ts$/, '.tessera.json'));
      const exp = (await s.client.invoke('code:saveExport', {
        document: doc('p'),
        path: program,
      })) as SaveExportResult;
      expect(exp.files).toBe(0);
      expect(exp.diagnostics[0]?.message).toContain('Save export… (Code panel)');
      // Chosen for export, it writes the program and its support folder.
      expect((await chooseAs(s, 'export', program)).path).toBe(program);
      const ok = (await s.client.invoke('code:saveExport', {
        document: doc('p'),
        path: program,
      })) as SaveExportResult;
      expect(ok).toEqual({ path: program, files: 3, diagnostics: [] });
      expect(existsSync(nodePath.join(s.elsewhere, 'model.lib', 'run.ts'))).toBe(true);
      // Recent files: the chosen file can be reopened from the list, even by a new session.
      expect(await s.client.invoke('project:recent')).toEqual([target]);
      const reopened = (await s.client.invoke('project:open', target)) as OpenedFile;
      expect((reopened.content as { name: string }).name).toBe('v2');
    });

    it('refuses hostile paths, writing nothing', async () => {
      const s = await setup(shell);
      symlinkSync(s.elsewhere, nodePath.join(s.projectsDir, 'escape'));
      writeFileSync(nodePath.join(s.elsewhere, 'id_rsa'), 'secret');
      symlinkSync(
        nodePath.join(s.elsewhere, 'id_rsa'),
        nodePath.join(s.projectsDir, 'key.tessera.json'),
      );
      const hostile: [string, RegExp][] = [
        ['../up.tessera.json', /'\.\.' segments/],
        [`${s.projectsDir}/sub/../../up.tessera.json`, /'\.\.' segments/],
        ['escape/a.tessera.json', /resolves to/],
        ['a.tessera.json\0.sh', /NUL byte/],
        ['notes.txt', /ending in \.json/],
        [nodePath.join(s.elsewhere, 'b.tessera.json'), /outside the projects folder/],
      ];
      for (const [path, why] of hostile) {
        const r = await save(s.client, path);
        expect(r.path, path).toBeUndefined();
        expect(r.diagnostics[0]?.message, path).toMatch(why);
      }
      const key = (await s.client.invoke('project:open', 'key.tessera.json')) as OpenedFile;
      expect(key.content).toBeUndefined();
      expect(key.diagnostics[0]?.message).toMatch(/link to .*id_rsa, which is not a \.json file/);
      expect(readdirSync(s.elsewhere)).toEqual(['id_rsa']);
      expect(readFileSync(nodePath.join(s.elsewhere, 'id_rsa'), 'utf8')).toBe('secret');
      expect(readdirSync(s.projectsDir).sort()).toEqual(['escape', 'key.tessera.json']);
      // The dialog's answer is checked the same way.
      const nul = await chooseAs(s, 'save', nodePath.join(s.elsewhere, 'a\0.tessera.json'));
      expect(nul.path).toBeUndefined();
      expect(nul.diagnostics[0]?.message).toMatch(/NUL byte/);
    });

    it('reports a full disk and a denied permission naming the file and the fix, the file intact', async () => {
      for (const [step, code, why] of [
        ['write', 'ENOSPC', 'the disk is full'],
        ['open', 'EACCES', 'permission was denied'],
        ['rename', 'EPERM', 'permission was denied'],
      ] as const) {
        const s = await setup(shell, (o) => ({
          ...createFileHandlers({
            engine: fakeEngine(),
            ...o,
            fs: failingFs({ step, code, when: (p) => !p.endsWith('recent.json') }),
          }).handlers,
        }));
        const file = nodePath.join(s.projectsDir, 'kept.tessera.json');
        writeFileSync(file, `${JSON.stringify(doc('before'))}\n`);
        const r = await save(s.client, file, 'after');
        expect(r.path).toBeUndefined();
        const message = r.diagnostics[0]?.message ?? '';
        expect(message).toContain(`Could not save ${file}: ${why}.`);
        expect(message).toContain('The file on disk is unchanged.');
        expect(message).toMatch(
          code === 'ENOSPC' ? /free some space/ : /choose a folder you can write to/,
        );
        expect(JSON.parse(readFileSync(file, 'utf8')).name).toBe('before');
        expect(readdirSync(s.projectsDir)).toEqual(['kept.tessera.json']);
      }
    });
  });

describe('files:choose', () => {
  it('in Electron, grants what the user picked in the native dialog, never the renderer’s path', async () => {
    const s = await setup('electron');
    const asked = nodePath.join(s.elsewhere, 'asked.tessera.json');
    const picked = nodePath.join(s.elsewhere, 'picked.tessera.json');
    s.picks.push(picked);
    expect(await choose(s.client, 'save', asked)).toEqual({ path: picked, diagnostics: [] });
    expect(s.dialogsShown).toEqual([{ action: 'save', defaultPath: asked }]);
    expect((await save(s.client, asked)).path).toBeUndefined();
    expect((await save(s.client, picked)).path).toBe(picked);
    // Cancelled: nothing granted. A hostile start path only starts the dialog in the projects folder.
    s.picks.push(undefined);
    expect(await choose(s.client, 'open', `${asked}\0`)).toEqual({
      cancelled: true,
      diagnostics: [],
    });
    expect(s.dialogsShown[1]).toEqual({ action: 'open', defaultPath: s.projectsDir });
    s.picks.push(undefined);
    await choose(s.client, 'save', 'new.tessera.json');
    expect(s.dialogsShown[2]?.defaultPath).toBe(nodePath.join(s.projectsDir, 'new.tessera.json'));
  });

  it('in the web shell, needs the in-app dialog’s choice', async () => {
    const s = await setup('web');
    const r = await choose(s.client, 'open');
    expect(r.path).toBeUndefined();
    expect(r.diagnostics[0]?.message).toMatch(/sent no file/);
  });
});
