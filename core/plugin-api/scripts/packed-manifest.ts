/**
 * npm's prepack/postpack step for this package:
 *
 *   node --import tsx scripts/packed-manifest.ts apply     after the build: package.json -> packed form
 *   node --import tsx scripts/packed-manifest.ts restore   after packing: the workspace's package.json back
 *
 * `apply` keeps the workspace's manifest in package.workspace.json until `restore`. If a pack was
 * interrupted in between, the next `apply` starts from that copy, so it never packs a packed manifest.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packedTargets, toPackedManifest, type PackageManifest } from './to-packed-manifest.ts';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifestFile = path.join(packageDir, 'package.json');
const workspaceCopy = path.join(packageDir, 'package.workspace.json');

function apply(): void {
  const workspaceText = readFileSync(existsSync(workspaceCopy) ? workspaceCopy : manifestFile, 'utf8');
  const packed = toPackedManifest(JSON.parse(workspaceText) as PackageManifest);
  const missing = packedTargets(packed).filter((target) => !existsSync(path.join(packageDir, target)));
  if (missing.length > 0) throw new Error(`the build did not produce ${missing.join(', ')}; run the build first`);
  if (!existsSync(workspaceCopy)) writeAtomically(workspaceCopy, workspaceText);
  writeAtomically(manifestFile, `${JSON.stringify(packed, null, 2)}\n`);
}

function restore(): void {
  if (!existsSync(workspaceCopy)) return;
  writeAtomically(manifestFile, readFileSync(workspaceCopy, 'utf8'));
  rmSync(workspaceCopy);
}

/** Other processes of the workspace may read package.json at any moment: never show them half a file. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

const command = process.argv[2];
if (command === 'apply') apply();
else if (command === 'restore') restore();
else {
  console.error('usage: packed-manifest.ts apply|restore');
  process.exitCode = 2;
}
