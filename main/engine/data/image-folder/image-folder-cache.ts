// The decoded-image cache of image folders: <cache>/tessera/image-folder/<key>.json (classes,
// files, labels, notes) and <key>.bin (N x H x W x C bytes). The key hashes the folder's path, its
// listing (each file's relative path, size and modification time) and the size asked for, so a
// changed, added or removed file, or another size, misses; a hit skips decoding and resizing.
// Writes are atomic (temp file, rename); an unreadable or inconsistent entry is a miss.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { ImageFolderRequest } from '../../../../core/node-contract/node-definition';
import type { FolderListing } from './scan-folder';

/** Bump when decoding or resizing changes, so that old entries are not read. */
export const CACHE_FORMAT = 1;

export const imageFolderCacheDir = (): string =>
  path.join(
    process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'),
    'tessera',
    'image-folder',
  );

export interface CachedFolder {
  classNames: string[];
  files: string[];
  labels: number[];
  notes: string[];
  height: number;
  width: number;
  channels: number;
  /** count x height x width x channels bytes. */
  pixels: Uint8Array;
}

export const cacheKeyOf = (listing: FolderListing, request: ImageFolderRequest): string =>
  createHash('sha256')
    .update(
      JSON.stringify({
        format: CACHE_FORMAT,
        root: listing.root,
        size: [request.height, request.width, request.channels],
        classes: listing.classNames,
        files: listing.entries.map((e) => [e.rel, e.label, e.size, e.mtimeMs]),
      }),
    )
    .digest('hex')
    .slice(0, 32);

export const readCache = async (
  key: string,
  dir = imageFolderCacheDir(),
): Promise<CachedFolder | undefined> => {
  try {
    const meta = JSON.parse(await fs.readFile(path.join(dir, `${key}.json`), 'utf8')) as Omit<
      CachedFolder,
      'pixels'
    >;
    const bin = await fs.readFile(path.join(dir, `${key}.bin`));
    const per = meta.height * meta.width * meta.channels;
    if (!Array.isArray(meta.labels) || bin.length !== meta.labels.length * per) return undefined;
    return { ...meta, pixels: new Uint8Array(bin.buffer, bin.byteOffset, bin.byteLength) };
  } catch {
    return undefined;
  }
};

const writeAtomic = async (file: string, data: string | Uint8Array): Promise<void> => {
  const tmp = `${file}.tmp${process.pid}`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
};

/** Stores an entry; a cache folder that cannot be written only costs decoding again next time. */
export const writeCache = async (
  key: string,
  entry: CachedFolder,
  dir = imageFolderCacheDir(),
): Promise<boolean> => {
  try {
    await fs.mkdir(dir, { recursive: true });
    const { pixels, ...meta } = entry;
    // The pixels first: a reader finds the .json only once the .bin beside it is whole.
    await writeAtomic(path.join(dir, `${key}.bin`), pixels);
    await writeAtomic(path.join(dir, `${key}.json`), JSON.stringify(meta));
    return true;
  } catch {
    return false;
  }
};
