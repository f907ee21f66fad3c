// The file-system calls a save makes, as an interface, so tests can inject failures (a full
// disk, a denied permission) at any step; tests may run as root, where chmod blocks nothing.
import { promises as fs } from 'node:fs';

export interface SaveHandle {
  writeFile(data: string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface SaveFs {
  mkdir(path: string): Promise<void>;
  /** flags as fs.open takes them: 'wx' for a new temp file, 'r' for a folder to fsync. */
  open(path: string, flags: string): Promise<SaveHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

export const nodeSaveFs: SaveFs = {
  mkdir: async (path) => {
    await fs.mkdir(path, { recursive: true });
  },
  open: async (path, flags) => {
    const h = await fs.open(path, flags);
    return {
      writeFile: (data) => h.writeFile(data, 'utf8'),
      sync: () => h.sync(),
      close: () => h.close(),
    };
  },
  rename: (from, to) => fs.rename(from, to),
  unlink: (path) => fs.unlink(path),
  link: (existing, newPath) => fs.link(existing, newPath),
  copyFile: (from, to) => fs.copyFile(from, to),
  readdir: (path) => fs.readdir(path),
};

export const errnoOf = (e: unknown): string | undefined =>
  e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
