// Listing an image folder the way torchvision's ImageFolder does: one class per sub-folder, its
// name the class name, classes sorted by name (code-unit order, so the same on every machine and
// locale), image files found anywhere below the class folder. A folder with images but no
// sub-folders is one class, 'all' (generative models often need no labels); loose images beside
// class folders are left out, with a note. Hidden entries (.DS_Store, .git) are ignored.
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';

/** File names the loader reads (case-insensitive); everything else is listed as ignored. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

export const SINGLE_CLASS = 'all';

export interface FolderEntry {
  /** Path relative to the folder, '/'-separated. */
  rel: string;
  label: number;
  size: number;
  mtimeMs: number;
}

export interface FolderListing {
  /** The folder's real path. */
  root: string;
  classNames: string[];
  entries: FolderEntry[];
  notes: string[];
}

const isImageName = (name: string): boolean =>
  IMAGE_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const listSome = (items: readonly string[], max = 5): string =>
  items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;

const visible = async (dir: string): Promise<Dirent[]> =>
  (await fs.readdir(dir, { withFileTypes: true }))
    .filter((d) => !d.name.startsWith('.'))
    .sort((a, b) => byName(a.name, b.name));

/** Image files below `dir` (real sub-folders only; linked folders are not followed). */
const walk = async (
  dir: string,
  rel: string,
  images: string[],
  others: string[],
): Promise<void> => {
  for (const d of await visible(dir)) {
    const r = rel === '' ? d.name : `${rel}/${d.name}`;
    if (d.isDirectory()) await walk(path.join(dir, d.name), r, images, others);
    else if (isImageName(d.name)) images.push(r);
    else others.push(r);
  }
};

const statEntry = async (root: string, rel: string, label: number): Promise<FolderEntry> => {
  const s = await fs.stat(path.join(root, ...rel.split('/')));
  return { rel, label, size: s.size, mtimeMs: Math.floor(s.mtimeMs) };
};

/** Lists `folder`; throws an Error saying what is wrong and how to fix it. */
export const scanFolder = async (folder: string): Promise<FolderListing> => {
  const fix = 'put the images of each class in a sub-folder named after the class';
  let stat;
  try {
    stat = await fs.stat(folder);
  } catch {
    throw new Error(
      `the folder ${folder} does not exist; set the folder to one that does (${fix}).`,
    );
  }
  if (!stat.isDirectory())
    throw new Error(`${folder} is a file, not a folder; set the folder to the one that holds it.`);
  const root = await fs.realpath(folder);
  const top = await visible(root);
  const looseImages = top.filter((d) => !d.isDirectory() && isImageName(d.name)).map((d) => d.name);
  const notes: string[] = [];
  const others: string[] = [];
  const classNames: string[] = [];
  const files: { rel: string; label: number }[] = [];
  const empty: string[] = [];
  for (const d of top.filter((t) => t.isDirectory())) {
    const images: string[] = [];
    await walk(path.join(root, d.name), d.name, images, others);
    if (images.length === 0) {
      empty.push(`${d.name}/`);
      continue;
    }
    const label = classNames.length;
    classNames.push(d.name);
    for (const rel of images) files.push({ rel, label });
  }
  if (classNames.length === 0) {
    if (looseImages.length === 0)
      throw new Error(
        `the folder ${folder} holds no .png or .jpg images, in it or in its sub-folders; ${fix}.`,
      );
    classNames.push(SINGLE_CLASS);
    for (const name of looseImages) files.push({ rel: name, label: 0 });
    notes.push(
      `${folder} has no class sub-folders: its ${looseImages.length} images are one class, '${SINGLE_CLASS}' (label 0). For labels, ${fix}.`,
    );
  } else if (looseImages.length > 0)
    notes.push(
      `${looseImages.length} image(s) lie directly in ${folder}, beside the class sub-folders, and were left out: ${listSome(looseImages)}. Move them into a class sub-folder.`,
    );
  if (empty.length > 0)
    notes.push(
      `Sub-folder(s) with no images are not classes: ${listSome(empty)}. Labels count only the ${classNames.length} sub-folders with images.`,
    );
  others.push(...top.filter((d) => !d.isDirectory() && !isImageName(d.name)).map((d) => d.name));
  if (others.length > 0)
    notes.push(
      `${others.length} file(s) that are not .png, .jpg or .jpeg were ignored: ${listSome(others)}.`,
    );
  const entries = await Promise.all(files.map((f) => statEntry(root, f.rel, f.label)));
  return { root, classNames, entries, notes };
};
