/**
 * The package.json that goes into the published tarball. In the workspace, `exports` point at the
 * TypeScript sources (run with tsx, no build); a third party's Node and TypeScript need the compiled
 * build instead, so each `./src/<path>.ts` export becomes a `types`/`import` pair on `./dist/<path>`.
 * npm 11 has no way to swap fields at pack time (it ignores `publishConfig.exports`), hence this.
 */
export interface PackageManifest {
  exports?: unknown;
  [field: string]: unknown;
}

export interface PackedExport {
  types: string;
  import: string;
}

export function toPackedManifest(manifest: PackageManifest): PackageManifest {
  const { exports } = manifest;
  if (!exports || typeof exports !== 'object' || Array.isArray(exports)) {
    throw new Error('package.json has no exports map to pack');
  }
  const packed: Record<string, PackedExport> = {};
  for (const [subpath, target] of Object.entries(exports)) {
    packed[subpath] = packedExport(subpath, target);
  }
  return { ...manifest, exports: packed };
}

/** Every file a packed manifest's exports name, relative to the package folder. */
export function packedTargets(manifest: PackageManifest): string[] {
  return Object.values(manifest.exports as Record<string, PackedExport>).flatMap((entry) => [entry.types, entry.import]);
}

function packedExport(subpath: string, target: unknown): PackedExport {
  const source = typeof target === 'string' ? /^\.\/src\/(.+)\.ts$/.exec(target) : null;
  if (!source) {
    throw new Error(`exports["${subpath}"] must be a "./src/<path>.ts" string to be packed (got ${JSON.stringify(target)})`);
  }
  return { types: `./dist/${source[1]}.d.ts`, import: `./dist/${source[1]}.js` };
}
