// Mutations that turn a project file into a broken one, for the project corpus test: drop,
// duplicate and retype fields, extreme and non-finite numbers, NaN strings, deep nesting, wrong
// types, unknown node types, dangling edges, cycles, '__proto__' / 'constructor' keys, very long
// strings, older format versions (the migration path), and damage to the text itself. Each
// mutation is deterministic given its `picks` (fast-check draws them), so a failing file can be
// rebuilt from the seed.
import {
  EXTREME_NUMBERS,
  NAN_STRINGS,
  UNKNOWN_TYPES,
  deepValue,
  longString,
  weirdValue,
} from './hostile-values';

export const mutationKinds = [
  'drop',
  'duplicate',
  'retype',
  'number',
  'nanString',
  'textNumber',
  'deep',
  'nodeType',
  'dangling',
  'cycle',
  'protoKey',
  'longString',
  'version',
  'truncate',
  'garbage',
  'wrongRoot',
] as const;

export type MutationKind = (typeof mutationKinds)[number];

/** Mutations that usually leave a loadable file with a broken graph (they reach the passes). */
export const graphMutationKinds = [
  'duplicate',
  'nodeType',
  'dangling',
  'cycle',
  'protoKey',
  'longString',
  'version',
  'drop',
] as const satisfies readonly MutationKind[];

export interface Mutation {
  kind: MutationKind;
  /** Non-negative integers the mutation uses to choose where and what (taken modulo). */
  picks: readonly number[];
}

type Json = unknown;
type Container = Record<string, Json> | Json[];

interface Slot {
  parent: Container;
  key: string | number;
  value: Json;
}

const isContainer = (v: Json): v is Container => typeof v === 'object' && v !== null;

const MAX_SLOTS = 4000;

/** Every value inside `root` with its parent and key (breadth first, at most MAX_SLOTS). */
const slotsOf = (root: Json): Slot[] => {
  const out: Slot[] = [];
  const queue: Json[] = [root];
  for (let i = 0; i < queue.length && out.length < MAX_SLOTS; i++) {
    const v = queue[i];
    if (!isContainer(v)) continue;
    const keys: (string | number)[] = Array.isArray(v) ? v.map((_, j) => j) : Object.keys(v);
    for (const k of keys) {
      const child = (v as Record<string | number, Json>)[k];
      out.push({ parent: v, key: k, value: child });
      queue.push(child);
    }
  }
  return out;
};

/** A deep copy, or the value itself where it is too deep to copy. */
const copyOf = (v: Json): Json => {
  try {
    return structuredClone(v);
  } catch {
    return v;
  }
};

const pick = <T>(list: readonly T[], n: number | undefined): T | undefined =>
  list.length === 0 ? undefined : list[(n ?? 0) % list.length];

/** Sets an own property, also for '__proto__' (plain assignment would replace the prototype). */
const setOwn = (obj: Container, key: string | number, value: Json): void => {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
};

const remove = (s: Slot): void => {
  if (Array.isArray(s.parent)) s.parent.splice(Number(s.key), 1);
  else delete s.parent[String(s.key)];
};

/** The node records of a document value: top-level and in each module. */
const nodeRecords = (root: Json): Record<string, Json>[] => {
  if (!isContainer(root) || Array.isArray(root)) return [];
  const out: Record<string, Json>[] = [];
  const nodes = root.nodes;
  if (isContainer(nodes) && !Array.isArray(nodes)) out.push(nodes);
  const modules = root.modules;
  if (isContainer(modules) && !Array.isArray(modules))
    for (const m of Object.values(modules))
      if (isContainer(m) && !Array.isArray(m) && isContainer(m.nodes) && !Array.isArray(m.nodes))
        out.push(m.nodes);
  return out;
};

/** The edge records matching nodeRecords' graphs (top level first, then each module). */
const edgeRecords = (root: Json): Record<string, Json>[] => {
  if (!isContainer(root) || Array.isArray(root)) return [];
  const out: Record<string, Json>[] = [];
  const edges = root.edges;
  if (isContainer(edges) && !Array.isArray(edges)) out.push(edges);
  const modules = root.modules;
  if (isContainer(modules) && !Array.isArray(modules))
    for (const m of Object.values(modules))
      if (isContainer(m) && !Array.isArray(m) && isContainer(m.edges) && !Array.isArray(m.edges))
        out.push(m.edges);
  return out;
};

interface EdgeLike {
  id?: Json;
  source?: { node?: Json; port?: Json };
  target?: { node?: Json; port?: Json };
}

/** Applies a mutation to a parsed document in place; returns the new root (it may replace it). */
const mutateValue = (root: Json, m: Mutation, realTypes: readonly string[]): Json => {
  const [a = 0, b = 0, c = 0] = m.picks;
  const slots = slotsOf(root);
  switch (m.kind) {
    case 'drop': {
      const s = pick(slots, a);
      if (s) remove(s);
      return root;
    }
    case 'duplicate': {
      const s = pick(
        slots.filter((x) => isContainer(x.value) && !Array.isArray(x.value)),
        a,
      );
      if (!s) return root;
      const rec = s.value as Record<string, Json>;
      const key = pick(Object.keys(rec), b);
      if (key === undefined) return root;
      setOwn(rec, c % 2 === 0 ? `${key}-copy` : `${key}${c}`, copyOf(rec[key]));
      if (Array.isArray(rec[key])) (rec[key] as Json[]).push(...(copyOf(rec[key]) as Json[]));
      return root;
    }
    case 'retype': {
      const s = pick(slots, a);
      if (s) setOwn(s.parent, s.key, weirdValue(b));
      return root;
    }
    case 'number': {
      const s = pick(
        slots.filter((x) => typeof x.value === 'number'),
        a,
      );
      if (s) setOwn(s.parent, s.key, EXTREME_NUMBERS[b % EXTREME_NUMBERS.length]!);
      return root;
    }
    case 'nanString': {
      const s = pick(
        slots.filter((x) => typeof x.value === 'number'),
        a,
      );
      if (s) setOwn(s.parent, s.key, NAN_STRINGS[b % NAN_STRINGS.length]!);
      return root;
    }
    case 'deep': {
      const s = pick(
        slots.filter((x) => isContainer(x.value)),
        a,
      );
      const depth = [64, 500, 3000, 20_000][b % 4]!;
      const target = s ? (s.value as Container) : isContainer(root) ? root : undefined;
      if (target)
        setOwn(
          target,
          Array.isArray(target) ? target.length : 'nested',
          deepValue(depth, c % 2 === 0),
        );
      return root;
    }
    case 'nodeType': {
      const recs = nodeRecords(root);
      const rec = pick(recs, a);
      const id = rec ? pick(Object.keys(rec), b) : undefined;
      const n = rec && id !== undefined ? rec[id] : undefined;
      if (!isContainer(n) || Array.isArray(n)) return root;
      // Half the time another real type (real nodes meeting unexpected inputs and params).
      n.type = c % 2 === 0 ? pick(realTypes, c >> 1) : pick(UNKNOWN_TYPES, c >> 1);
      return root;
    }
    case 'dangling': {
      const rec = pick(edgeRecords(root), a);
      if (!rec) return root;
      const id = pick(Object.keys(rec), b);
      const e = id === undefined ? undefined : (rec[id] as EdgeLike);
      const end = c % 2 === 0 ? e?.source : e?.target;
      if (end && isContainer(end)) {
        if (c % 4 < 2) end.node = ['ghost', '__proto__', 'constructor', ''][c % 4];
        else end.port = ['nope', 'toString', '', 'valueOf'][c % 4];
      } else
        setOwn(rec, `dangling-${c}`, {
          id: `dangling-${c}`,
          source: { node: 'ghost', port: 'y' },
          target: { node: 'phantom', port: 'x' },
        });
      return root;
    }
    case 'cycle': {
      const rec = pick(edgeRecords(root), a);
      if (!rec) return root;
      const edges = Object.values(rec) as EdgeLike[];
      const e = pick(edges, b);
      const from = e?.target?.node;
      const to = e?.source?.node;
      if (typeof from !== 'string' || typeof to !== 'string') return root;
      // Back from what e feeds to what feeds e: an output of e's target into an input of e's source.
      const out = edges.find((x) => x.source?.node === from)?.source?.port ?? 'y';
      const inp = edges.find((x) => x.target?.node === to)?.target?.port ?? 'x';
      const self = c % 3 === 0;
      setOwn(rec, `cycle-${c}`, {
        id: `cycle-${c}`,
        source: { node: from, port: out },
        target: { node: self ? from : to, port: self ? (e?.target?.port ?? 'x') : inp },
      });
      return root;
    }
    case 'protoKey': {
      const s = pick(
        slots.filter((x) => isContainer(x.value) && !Array.isArray(x.value)),
        a,
      );
      const target = s ? (s.value as Container) : isContainer(root) ? root : undefined;
      if (!target) return root;
      const key = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'][b % 5]!;
      const value = [
        { polluted: 'yes', id: key },
        { prototype: { polluted: 'yes' } },
        'polluted',
        { id: key, type: 'toString', params: { polluted: 1 } },
      ][c % 4];
      setOwn(target, key, value);
      return root;
    }
    case 'longString': {
      const strings = slots.filter((x) => typeof x.value === 'string');
      const s = pick(strings, a);
      if (b % 3 === 0 && s && !Array.isArray(s.parent)) {
        // A very long key instead of a long value.
        const v = s.parent[String(s.key)];
        delete s.parent[String(s.key)];
        setOwn(s.parent, longString(c), v);
      } else if (s) setOwn(s.parent, s.key, longString(c));
      return root;
    }
    case 'version': {
      if (!isContainer(root) || Array.isArray(root)) return root;
      setOwn(root, 'formatVersion', [0, 1, 0, 1, -1, 1.5, 3, '2', null, 1e300][a % 10]);
      return root;
    }
    case 'wrongRoot':
      return [[], null, 42, 'tessera.project', { format: 'tessera.project' }, [root]][a % 6];
    default:
      return root;
  }
};

const TEXT_KINDS: ReadonlySet<MutationKind> = new Set(['textNumber', 'truncate', 'garbage']);

const mutateText = (text: string, m: Mutation): string => {
  const [a = 0, b = 0] = m.picks;
  switch (m.kind) {
    case 'textNumber': {
      const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
      const hit = pick(numbers, a);
      if (!hit || hit.index === undefined) return text;
      const by = ['1e999', '-1e999', '1e-999', 'NaN', 'Infinity', '00', '-', '1.', '.5', '0x1F'][
        b % 10
      ]!;
      return text.slice(0, hit.index) + by + text.slice(hit.index + hit[0].length);
    }
    case 'truncate':
      return text.slice(0, text.length === 0 ? 0 : a % text.length);
    case 'garbage': {
      const at = text.length === 0 ? 0 : a % text.length;
      const what = ['{', '}', '"', ',', '\u0000', '\ufeff', '\\', ']', '\ud800', ':'][b % 10]!;
      return text.slice(0, at) + what + text.slice(at);
    }
    default:
      return text;
  }
};

const tryParse = (text: string): { ok: true; value: Json } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch {
    return { ok: false };
  }
};

/** JSON text of a value that may hold cycles-free but odd content; never throws. */
const toText = (value: Json): string => {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return '{"unserialisable": true}';
  }
};

export interface MutatedFile {
  /** The file's text (what loadDocument reads from disk). */
  text: string;
  /** The parsed value, when the last mutation left one (NaN and Infinity survive only here). */
  value?: Json;
}

/** Applies `mutations` in order to a base file's text; `realTypes` are node types to swap in. */
export const mutateProject = (
  baseText: string,
  mutations: readonly Mutation[],
  realTypes: readonly string[],
): MutatedFile => {
  let text: string | undefined;
  const first = tryParse(baseText);
  let value: Json | undefined = first.ok ? first.value : undefined;
  let hasValue = first.ok;
  if (!first.ok) text = baseText;
  for (const m of mutations) {
    if (TEXT_KINDS.has(m.kind)) {
      text = mutateText(text ?? toText(value), m);
      hasValue = false;
      continue;
    }
    if (!hasValue) {
      const p = tryParse(text ?? '');
      if (!p.ok) continue;
      value = p.value;
      hasValue = true;
      text = undefined;
    }
    try {
      value = mutateValue(value, m, realTypes);
    } catch {
      // A mutation that cannot apply (a value too deep to walk) leaves the file as it was.
    }
  }
  return hasValue ? { text: text ?? toText(value), value } : { text: text ?? toText(value) };
};
