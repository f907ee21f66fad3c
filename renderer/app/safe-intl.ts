// The one place the UI asks for a locale. Browsers can report language tags that Intl refuses
// (a headless Chromium says `en-US@posix`, a POSIX locale leaks through as `en_US.UTF-8`):
// `new Intl.NumberFormat('en-US@posix')` throws "Invalid language tag". Every locale-aware
// call in renderer/ goes through here, and `installSafeIntl` makes the Intl constructors that
// libraries call (uPlot formats its axes with `new Intl.NumberFormat(navigator.language)` when
// it loads) fall back the same way.

const FALLBACK = 'en-US';

const isValid = (tag: string): boolean => {
  try {
    return Intl.getCanonicalLocales(tag).length > 0;
  } catch {
    return false;
  }
};

/** A tag Intl accepts: `tag` itself, its repaired form (`en_US.UTF-8@euro` -> `en-US`), or 'en-US'. */
export const sanitizeLocale = (tag: unknown): string => {
  if (typeof tag !== 'string' || tag.trim() === '') return FALLBACK;
  if (isValid(tag)) return tag;
  const repaired = tag.trim().split(/[@.]/)[0]!.replace(/_/g, '-');
  if (repaired && isValid(repaired)) return repaired;
  const language = repaired.split('-')[0] ?? '';
  return language && isValid(language) ? language : FALLBACK;
};

/** The user's locale, safe to hand to any Intl API. */
export const userLocale = (): string =>
  sanitizeLocale(typeof navigator === 'undefined' ? undefined : navigator.language);

/** `locales` as Intl's first argument, every tag in it made safe (undefined stays undefined). */
export const sanitizeLocales = (locales: unknown): string | string[] | undefined => {
  if (locales === undefined) return undefined;
  if (Array.isArray(locales)) return locales.map(sanitizeLocale);
  if (typeof locales === 'string') return sanitizeLocale(locales);
  // An Intl.Locale object, or anything else Intl would reject: its string form, sanitized.
  return sanitizeLocale(String(locales));
};

/** A number with exactly `decimals` digits after the point, in the user's locale, no grouping. */
export const formatNumber = (value: number, decimals: number): string => {
  try {
    return new Intl.NumberFormat(userLocale(), {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      useGrouping: false,
    }).format(value);
  } catch {
    return value.toFixed(decimals);
  }
};

/** Compares two labels for sorting, in the user's locale. */
export const compareText = (a: string, b: string): number => {
  try {
    return a.localeCompare(b, userLocale());
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
};

const ctors = [
  'NumberFormat',
  'DateTimeFormat',
  'Collator',
  'PluralRules',
  'RelativeTimeFormat',
  'ListFormat',
  'DisplayNames',
  'Segmenter',
] as const;

let installed = false;

/**
 * Wraps Intl's constructors and the prototypes' toLocale* / localeCompare so that a bad tag
 * falls back instead of throwing. Runs once, before any library code (first import of main.tsx).
 */
export const installSafeIntl = (): void => {
  if (installed) return;
  installed = true;
  const intl = Intl as unknown as Record<string, unknown>;
  for (const name of ctors) {
    const Orig = intl[name] as (new (...a: unknown[]) => object) | undefined;
    if (typeof Orig !== 'function') continue;
    intl[name] = new Proxy(Orig, {
      construct: (target, args: unknown[]) =>
        Reflect.construct(target, [sanitizeLocales(args[0]), ...args.slice(1)]),
      apply: (target, self, args: unknown[]) =>
        Reflect.apply(target, self, [sanitizeLocales(args[0]), ...args.slice(1)]),
    });
  }
  const patch = (proto: object, method: string, localeArg: number) => {
    const p = proto as Record<string, unknown>;
    const orig = p[method] as ((...a: unknown[]) => unknown) | undefined;
    if (typeof orig !== 'function') return;
    Object.defineProperty(proto, method, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        if (args.length > localeArg) args[localeArg] = sanitizeLocales(args[localeArg]);
        return orig.apply(this, args);
      },
    });
  };
  patch(Number.prototype, 'toLocaleString', 0);
  patch(BigInt.prototype, 'toLocaleString', 0);
  patch(Date.prototype, 'toLocaleString', 0);
  patch(Date.prototype, 'toLocaleDateString', 0);
  patch(Date.prototype, 'toLocaleTimeString', 0);
  patch(Array.prototype, 'toLocaleString', 0);
  patch(String.prototype, 'localeCompare', 1);
  patch(String.prototype, 'toLocaleLowerCase', 0);
  patch(String.prototype, 'toLocaleUpperCase', 0);
};
