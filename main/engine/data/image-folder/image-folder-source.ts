// An image folder as dataset arrays: list it (scan-folder), then either read the decoded cache or
// decode every PNG and JPEG, convert it to the channels asked for and resize it to H x W. A file
// that cannot be read is skipped and named in a note (as Keras and torchvision users expect a
// listing of what was left out); a folder with no readable image is refused.
// n images, h w the size asked for, c channels (1 grey or 3 RGB); pixels in [0, 1].
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type {
  ImageFolderArrays,
  ImageFolderRequest,
} from '../../../../core/node-contract/node-definition';
import { decodeImage } from './decode-image';
import { fitImage } from './resize-image';
import { cacheKeyOf, readCache, writeCache, type CachedFolder } from './image-folder-cache';
import { listSome, scanFolder, type FolderListing } from './scan-folder';

export interface ImageFolderOptions {
  /** Where decoded folders are cached; default ~/.cache/tessera/image-folder. */
  cacheDir?: string;
}

const sizeText = (h: number, w: number): string => `${w} x ${h}`;

/** Decodes and resizes every image of the listing; notes say what was skipped or converted. */
const decodeAll = async (
  listing: FolderListing,
  request: ImageFolderRequest,
  folder: string,
): Promise<CachedFolder> => {
  const { height, width, channels } = request;
  const per = height * width * channels;
  const chunks: Uint8Array[] = [];
  const files: string[] = [];
  const labels: number[] = [];
  const skipped: string[] = [];
  const sizes = new Map<string, number>();
  let grey = 0;
  let colour = 0;
  for (const e of listing.entries) {
    try {
      const bytes = await fs.readFile(path.join(listing.root, ...e.rel.split('/')));
      const img = decodeImage(bytes);
      const size = sizeText(img.height, img.width);
      sizes.set(size, (sizes.get(size) ?? 0) + 1);
      if (img.colour) colour++;
      else grey++;
      chunks.push(fitImage(img, height, width, channels));
      files.push(e.rel);
      labels.push(e.label);
    } catch (err) {
      skipped.push(`${e.rel} (${(err as Error).message})`);
    }
  }
  const total = listing.entries.length;
  if (files.length === 0)
    throw new Error(
      `none of the ${total} image file(s) in ${folder} could be read: ${listSome(skipped, 3)}. Replace them with valid PNG or JPEG files.`,
    );
  const notes = [...listing.notes];
  if (skipped.length > 0)
    notes.push(
      `Skipped ${skipped.length} of ${total} image files that could not be read: ${listSome(skipped)}.`,
    );
  const target = sizeText(height, width);
  if (sizes.size > 1)
    notes.push(
      `The images come in ${sizes.size} sizes (${listSome([...sizes.keys()], 4)}); all were resized to ${target}.`,
    );
  else if (!sizes.has(target))
    notes.push(`The images are ${[...sizes.keys()][0]}; resized to ${target}.`);
  if (channels === 3 && grey > 0)
    notes.push(
      `${grey} grey image(s)${colour > 0 ? ` among ${colour} in colour` : ''} were converted to RGB (the grey value in all three channels).`,
    );
  if (channels === 1 && colour > 0)
    notes.push(
      `${colour} colour image(s)${grey > 0 ? ` among ${grey} grey ones` : ''} were converted to grey (luma 0.299 R + 0.587 G + 0.114 B); set channels to 3 to keep colour.`,
    );
  const pixels = new Uint8Array(files.length * per);
  chunks.forEach((c, i) => pixels.set(c, i * per));
  return { classNames: listing.classNames, files, labels, notes, height, width, channels, pixels };
};

/** Folders already loaded in this process, by cache key (the last few). */
const loaded = new Map<string, ImageFolderArrays>();
const KEEP_LOADED = 4;

/** Drops the in-process copies (tests that measure the disk cache). */
export const forgetLoadedFolders = (): void => loaded.clear();

/** The folder's images; throws an Error naming the folder (or file) and the fix. */
export const loadImageFolder = async (
  request: ImageFolderRequest,
  opts: ImageFolderOptions = {},
): Promise<ImageFolderArrays> => {
  const listing = await scanFolder(request.folder);
  const key = cacheKeyOf(listing, request);
  const memo = loaded.get(`${opts.cacheDir ?? ''}:${key}`);
  if (memo) return { ...memo, fromCache: true };
  let entry = await readCache(key, opts.cacheDir);
  const fromCache = entry !== undefined;
  if (!entry) {
    entry = await decodeAll(listing, request, request.folder);
    await writeCache(key, entry, opts.cacheDir);
  }
  const images = new Float32Array(entry.pixels.length);
  for (let i = 0; i < images.length; i++) images[i] = (entry.pixels[i] ?? 0) / 255;
  const arrays: ImageFolderArrays = {
    name: `image-folder:${listing.root}`,
    images,
    labels: Int32Array.from(entry.labels),
    count: entry.labels.length,
    height: entry.height,
    width: entry.width,
    channels: entry.channels,
    classes: entry.classNames.length,
    classNames: entry.classNames,
    files: entry.files,
    notes: entry.notes,
    fromCache,
  };
  loaded.set(`${opts.cacheDir ?? ''}:${key}`, arrays);
  if (loaded.size > KEEP_LOADED) loaded.delete(loaded.keys().next().value!);
  return arrays;
};
