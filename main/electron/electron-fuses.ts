// Electron's checklist item 19, "check which fuses you can change": the fuses Tessera's packaged
// binary must have (electron-builder flips them from electron-builder.yml's electronFuses when it
// packages the app; only a packaged binary can be read back).

export const requiredFuses: Readonly<Record<string, boolean>> = {
  // No ELECTRON_RUN_AS_NODE: the training worker is a worker thread, nothing forks the app.
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  // The UI comes from app://; file:// needs no extra privileges.
  grantFileProtocolExtraPrivileges: false,
};

/** The `electronFuses:` block of electron-builder.yml as name -> boolean (a flat block only). */
export const readFuseConfig = (yml: string): Record<string, boolean> => {
  const fuses: Record<string, boolean> = {};
  let inBlock = false;
  for (const line of yml.split('\n')) {
    if (/^electronFuses:\s*$/.test(line)) {
      inBlock = true;
      continue;
    }
    if (!inBlock) continue;
    if (/^\S/.test(line)) break;
    const m = /^\s+(\w+):\s*(true|false)\s*(#.*)?$/.exec(line);
    if (m) fuses[m[1]!] = m[2] === 'true';
  }
  return fuses;
};
