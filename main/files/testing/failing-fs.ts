// A SaveFs that fails one step the way a real disk does: ENOSPC after writing half the data, or
// EACCES/EPERM on open or rename. Runs as root too, where chmod would block nothing.
import { nodeSaveFs, type SaveFs } from '../save-fs';

export type FailingStep = 'open' | 'write' | 'sync' | 'rename' | 'link' | 'copyFile';

export const errnoError = (code: string, syscall: string, path: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });

export interface FailingFsOptions {
  step: FailingStep;
  code: string;
  /** Only calls on matching paths fail (default: all). */
  when?: (path: string) => boolean;
}

export const failingFs = (
  o: FailingFsOptions,
  base: SaveFs = nodeSaveFs,
): SaveFs & { calls: string[] } => {
  const hits = (step: FailingStep, path: string) => o.step === step && (o.when?.(path) ?? true);
  const calls: string[] = [];
  return {
    calls,
    mkdir: (p) => base.mkdir(p),
    open: async (p, flags) => {
      calls.push(`open ${p}`);
      if (hits('open', p) && flags !== 'r') throw errnoError(o.code, 'open', p);
      const h = await base.open(p, flags);
      return {
        writeFile: async (data) => {
          if (hits('write', p)) {
            await h.writeFile(data.slice(0, Math.floor(data.length / 2)));
            throw errnoError(o.code, 'write', p);
          }
          await h.writeFile(data);
        },
        sync: async () => {
          if (hits('sync', p) && flags !== 'r') throw errnoError(o.code, 'fsync', p);
          await h.sync();
        },
        close: () => h.close(),
      };
    },
    rename: async (a, b) => {
      calls.push(`rename ${a} ${b}`);
      if (hits('rename', b)) throw errnoError(o.code, 'rename', b);
      await base.rename(a, b);
    },
    unlink: (p) => base.unlink(p),
    link: async (a, b) => {
      if (hits('link', b)) throw errnoError(o.code, 'link', b);
      await base.link(a, b);
    },
    copyFile: async (a, b) => {
      if (hits('copyFile', b)) throw errnoError(o.code, 'copyfile', b);
      await base.copyFile(a, b);
    },
    readdir: (p) => base.readdir(p),
  };
};
