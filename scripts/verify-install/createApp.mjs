// Step 2: a fresh Backstage app of the repository's release, made by
// `@backstage/create-app` from the npm registry. The create-app release that
// makes this Backstage release is found by running it (newest first) and
// reading the backstage.json it writes; its output is kept per machine under
// ~/.cache/service-mesh-verify-install/create-app/<release>/, since the same
// create-app version always writes the same files.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from './processes.mjs';

/** major.minor of a version: the Backstage release line. */
function releaseLine(version) {
  const [major, minor] = String(version).split('.');
  return `${major}.${minor}`;
}

function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

function stableCreateAppVersions() {
  const out = execFileSync(
    'npm',
    ['view', '@backstage/create-app', 'versions', '--json'],
    { encoding: 'utf8' },
  );
  return JSON.parse(out)
    .filter(version => /^\d+\.\d+\.\d+$/.test(version))
    .sort(compareVersions)
    .reverse();
}

async function runCreateApp(version, dir, logFile) {
  rmSync(dir, { recursive: true, force: true });
  await run(
    `@backstage/create-app@${version}`,
    'npm',
    [
      'exec',
      '--yes',
      '--package',
      `@backstage/create-app@${version}`,
      '--',
      'backstage-create-app',
      '--skip-install',
      '--path',
      dir,
    ],
    {
      cwd: join(dir, '..'),
      env: { ...process.env, BACKSTAGE_APP_NAME: 'fresh-app' },
      logFile,
    },
  );
  return JSON.parse(readFileSync(join(dir, 'backstage.json'), 'utf8')).version;
}

/**
 * The create-app output for `release` (e.g. 1.55.0), from the cache or made
 * now. Returns its folder and the create-app version that made it.
 */
async function createAppTemplate(release, cacheDir, logFile) {
  const line = releaseLine(release);
  const cached = join(cacheDir, 'create-app', line);
  const versionFile = join(cached, 'create-app-version');
  const template = join(cached, 'app');
  if (existsSync(versionFile) && existsSync(join(template, 'backstage.json'))) {
    return {
      template,
      createAppVersion: readFileSync(versionFile, 'utf8').trim(),
    };
  }
  mkdirSync(cached, { recursive: true });
  const attempt = join(cached, 'attempt');
  const tried = [];
  for (const version of stableCreateAppVersions()) {
    const made = await runCreateApp(version, attempt, logFile);
    tried.push(`${version} makes ${made}`);
    if (releaseLine(made) === line) {
      rmSync(template, { recursive: true, force: true });
      renameSync(attempt, template);
      writeFileSync(versionFile, `${version}\n`);
      return { template, createAppVersion: version };
    }
    if (compareVersions(made, `${line}.0`) < 0) break;
  }
  rmSync(attempt, { recursive: true, force: true });
  throw new Error(
    `no @backstage/create-app release makes a Backstage ${line} app (backstage.json says ${release}); tried: ${tried.join(
      ', ',
    )}`,
  );
}

/**
 * What an earlier run's install left that a new one may reuse: yarn's
 * node_modules folders (root and workspaces, with yarn's own record of them)
 * and the lockfile. Everything else of the app is made anew.
 */
const installCache = [
  'node_modules',
  'packages/app/node_modules',
  'packages/backend/node_modules',
  'yarn.lock',
];

/**
 * Puts a fresh app of the repository's Backstage release into `appDir`: the
 * create-app output, plus, unless `clean`, the install of the last run
 * (see installCache). Returns the release and the create-app version used.
 */
export async function createFreshApp({
  root,
  appDir,
  cacheDir,
  clean,
  logFile,
}) {
  const release = JSON.parse(
    readFileSync(join(root, 'backstage.json'), 'utf8'),
  ).version;
  const { template, createAppVersion } = await createAppTemplate(
    release,
    cacheDir,
    logFile,
  );
  const kept = `${appDir}.kept`;
  rmSync(kept, { recursive: true, force: true });
  if (!clean) {
    for (const path of installCache.filter(p => existsSync(join(appDir, p)))) {
      mkdirSync(dirname(join(kept, path)), { recursive: true });
      renameSync(join(appDir, path), join(kept, path));
    }
  }
  rmSync(appDir, { recursive: true, force: true });
  cpSync(template, appDir, { recursive: true });
  for (const path of installCache.filter(p => existsSync(join(kept, p)))) {
    rmSync(join(appDir, path), { recursive: true, force: true });
    mkdirSync(dirname(join(appDir, path)), { recursive: true });
    renameSync(join(kept, path), join(appDir, path));
  }
  rmSync(kept, { recursive: true, force: true });
  return { release, createAppVersion };
}
