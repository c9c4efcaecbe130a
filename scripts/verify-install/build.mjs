// Step 4: the fresh app installed with the tarballs, type-checked (the
// packages' published types, the READMEs' code), and built for production
// (`yarn build:backend` builds the app too and bundles both, as for a
// container image).
import { run } from './processes.mjs';

/**
 * The environment for yarn in the fresh app: without what the yarn running
 * `yarn verify:install` sets for its scripts (npm_*, BERRY_BIN_FOLDER,
 * PROJECT_CWD, INIT_CWD), so that the fresh app's own project applies; and
 * with a lockfile yarn may write (under CI=true yarn refuses to by default),
 * since a fresh app has none yet.
 */
function freshYarnEnv() {
  const env = { ...process.env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' };
  for (const name of Object.keys(env)) {
    if (
      name.startsWith('npm_') ||
      ['BERRY_BIN_FOLDER', 'PROJECT_CWD', 'INIT_CWD'].includes(name)
    ) {
      delete env[name];
    }
  }
  return env;
}

export async function installAndBuild(appDir, logFile) {
  const options = { cwd: appDir, env: freshYarnEnv(), logFile };
  await run('yarn install in the fresh app', 'yarn', ['install'], options);
  await run("the fresh app's type check (yarn tsc)", 'yarn', ['tsc'], options);
  await run(
    "the fresh app's production build (yarn build:backend)",
    'yarn',
    ['build:backend'],
    options,
  );
}
