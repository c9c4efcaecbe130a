// Step 1: every published package under plugins/ built and packed as npm
// would publish it. `yarn pack` runs the packages' prepack script
// (`backstage-cli package prepack`: the dist/ entry points of publishConfig)
// and turns their `workspace:^` dependencies into the real version ranges.
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { run } from './processes.mjs';

/** The publishable packages under plugins/: name, version, folder. */
export function publishedPlugins(root) {
  const plugins = join(root, 'plugins');
  return readdirSync(plugins, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => join(plugins, entry.name))
    .flatMap(dir => {
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        return [];
      }
      if (manifest.private) return [];
      return [{ name: manifest.name, version: manifest.version, dir }];
    });
}

/**
 * Type-checks the repository (the packages' type declarations come from
 * dist-types/), builds and packs every published plugin into `outDir`.
 * Returns the plugins with the tarball of each (`file`).
 */
export async function packPlugins(root, outDir, logFile) {
  const plugins = publishedPlugins(root);
  if (plugins.length === 0) throw new Error(`no package under ${root}/plugins`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await run('the type check (yarn tsc)', 'yarn', ['tsc'], {
    cwd: root,
    logFile,
  });
  for (const plugin of plugins) {
    await run(
      `the build of ${plugin.name}`,
      'yarn',
      ['backstage-cli', 'package', 'build'],
      { cwd: plugin.dir, logFile },
    );
    const packed = join(outDir, 'packed.tgz');
    await run(
      `yarn pack of ${plugin.name}`,
      'yarn',
      ['pack', '--out', packed],
      {
        cwd: plugin.dir,
        logFile,
      },
    );
    // named by content, so that the fresh app's lockfile from an earlier run
    // (kept as a cache) never holds a stale checksum for a changed package
    const hash = createHash('sha256')
      .update(readFileSync(packed))
      .digest('hex')
      .slice(0, 16);
    plugin.file = join(
      outDir,
      `${plugin.name.replace('@', '').replace('/', '-')}-${
        plugin.version
      }-${hash}.tgz`,
    );
    renameSync(packed, plugin.file);
  }
  return plugins;
}
