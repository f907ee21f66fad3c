// Byte counts as a person reads them in a diagnostic: 512 B, 392 KiB, 1.5 MiB, 4.2 GiB, 3.4 PiB.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

export const byteSize = (n: number): string => {
  if (!Number.isFinite(n)) return `${n} B`;
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const text = u === 0 || v >= 100 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
  return `${text} ${UNITS[u]}`;
};
