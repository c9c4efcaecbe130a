// Step 3: the fresh app set up as the plugins' READMEs say, with the packed
// tarballs in place of the npm registry, and an app-config that points it at
// the local cluster.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogEntities } from './fixture.mjs';
import { readmeInstallSteps, readmeSectionCode } from './readmeSteps.mjs';

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The root package.json: every plugin resolved to its tarball (so that their
 * dependencies on each other do too), and the repository's own resolutions
 * and dependenciesMeta, which make a Backstage install resolve and build from
 * this machine's registry (see the root package.json and docs/toolchain.md).
 */
function pinToTarballs(root, appDir, plugins) {
  const repo = readJson(join(root, 'package.json'));
  const file = join(appDir, 'package.json');
  const app = readJson(file);
  app.resolutions = { ...app.resolutions, ...repo.resolutions };
  for (const plugin of plugins) {
    app.resolutions[plugin.name] = `file:${plugin.file}`;
  }
  app.dependenciesMeta = { ...app.dependenciesMeta, ...repo.dependenciesMeta };
  writeJson(file, app);
}

/**
 * The fresh app's own @backstage/* dependencies at exactly the versions
 * create-app writes for its release, as its yarn.lock seed would keep them:
 * that seed comes from GitHub, which is out of reach here, and without it a
 * caret range takes a later release's package (a signals backend that needs
 * a newer backend-defaults, and the backend does not start).
 */
function pinRelease(appDir) {
  for (const workspace of ['.', 'packages/app', 'packages/backend']) {
    const file = join(appDir, workspace, 'package.json');
    const manifest = readJson(file);
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries(manifest[field] ?? {})) {
        if (name.startsWith('@backstage/') && /^\^\d/.test(range)) {
          manifest[field][name] = range.slice(1);
        }
      }
    }
    writeJson(file, manifest);
  }
}

/** `yarn --cwd packages/<workspace> add <name>`, as the package.json entry it makes. */
function addDependency(appDir, workspace, plugin) {
  const file = join(appDir, 'packages', workspace, 'package.json');
  let manifest;
  try {
    manifest = readJson(file);
  } catch {
    throw new Error(
      `the README of ${plugin.name} adds it to packages/${workspace}, which the fresh app does not have`,
    );
  }
  manifest.dependencies = {
    ...manifest.dependencies,
    [plugin.name]: `^${plugin.version}`,
  };
  writeJson(file, manifest);
}

/** `backend.add(import(...))` before the fresh backend's `backend.start()`. */
function addToBackend(appDir, statements) {
  const file = join(appDir, 'packages/backend/src/index.ts');
  const source = readFileSync(file, 'utf8');
  if (!source.includes('backend.start();')) {
    throw new Error(
      `${file} has no backend.start(); to add the plugins before`,
    );
  }
  writeFileSync(
    file,
    source.replace(
      'backend.start();',
      `${statements.join('\n')}\n\nbackend.start();`,
    ),
  );
}

/**
 * Follows every plugin's README in the fresh app. Returns what was done, per
 * README, for the run's summary. Fails when a README names a package that is
 * not one of the plugins, or installs no package at all.
 */
function followReadmes(appDir, plugins) {
  const byName = new Map(plugins.map(plugin => [plugin.name, plugin]));
  const installed = new Set();
  const statements = [];
  const done = [];
  for (const plugin of plugins) {
    const steps = readmeInstallSteps(plugin.dir);
    for (const { workspace, name } of steps.adds) {
      const added = byName.get(name);
      if (!added) {
        throw new Error(
          `${steps.file} adds ${name}, which is not a package of plugins/`,
        );
      }
      addDependency(appDir, workspace, added);
      installed.add(name);
      done.push(`${name} added to packages/${workspace}`);
    }
    for (const { name, statement } of steps.backendAdds) {
      if (!byName.has(name)) {
        throw new Error(
          `${steps.file} adds ${name} to the backend, which is not a package of plugins/`,
        );
      }
      statements.push(statement);
      done.push(`backend.add(import('${name}'))`);
    }
  }
  // Libraries come in as dependencies of the plugins; a plugin or module must
  // be installed by its own README.
  const roles = ['frontend-plugin', 'backend-plugin', 'backend-plugin-module'];
  for (const plugin of plugins) {
    const role = readJson(join(plugin.dir, 'package.json')).backstage?.role;
    if (roles.includes(role) && !installed.has(plugin.name)) {
      throw new Error(
        `${plugin.dir}/README.md has no \`yarn --cwd packages/<app or backend> add ${plugin.name}\` line: its installation is not documented`,
      );
    }
  }
  addToBackend(appDir, statements);
  return done;
}

/**
 * The legacy frontend system's EntityPage code of the frontend plugin's
 * README, as a file of the fresh app's packages/app that its `yarn tsc`
 * type-checks against the published types (the app itself, of the new
 * frontend system, does not import it). With the imports the README says an
 * EntityPage.tsx already has.
 */
const legacyHeading = '### Legacy frontend system';
const legacyFile = 'packages/app/src/verifyInstallLegacyEntityPage.tsx';

function writeLegacySnippet(appDir, plugins) {
  const frontend = plugins.find(
    plugin =>
      readJson(join(plugin.dir, 'package.json')).backstage?.role ===
      'frontend-plugin',
  );
  const code = frontend ? readmeSectionCode(frontend.dir, legacyHeading) : [];
  if (code.length === 0) {
    throw new Error(
      `the frontend plugin's README has no tsx code under "${legacyHeading}"`,
    );
  }
  const body = code.join('\n');
  const declared = [...body.matchAll(/^const (\w+) =/gm)].map(m => m[1]);
  writeFileSync(
    join(appDir, legacyFile),
    [
      "import { Grid } from '@material-ui/core';",
      "import { EntityLayout, EntitySwitch } from '@backstage/plugin-catalog';",
      body,
      declared.length ? `export { ${declared.join(', ')} };` : '',
      '',
    ].join('\n'),
  );
  return `the legacy EntityPage code of ${frontend.name}'s README in ${legacyFile} (type-checked only)`;
}

/**
 * The fresh app's config on top of its own app-config.yaml: its ports, guest
 * sign-in outside development, the local cluster in the `kubernetes` and
 * `serviceMesh` sections, and the annotated entity. JSON, which is YAML.
 */
function writeAppConfig(
  appDir,
  { appPort, sandboxPort, prometheusPort, caFile },
) {
  const baseUrl = `http://localhost:${appPort}`;
  const sandboxUrl = `https://127.0.0.1:${sandboxPort}`;
  const catalogFile = join(appDir, 'verify-install-entities.yaml');
  writeFileSync(catalogFile, catalogEntities());
  const config = {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port: appPort, host: '127.0.0.1' },
      cors: { origin: baseUrl },
    },
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    catalog: { locations: [{ type: 'file', target: catalogFile }] },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: sandboxUrl,
              authProvider: 'serviceAccount',
              serviceAccountToken: '${SANDBOX_PORTAL_TOKEN}',
              caFile,
              skipMetricsLookup: true,
            },
          ],
        },
      ],
    },
    serviceMesh: {
      clusters: [
        {
          name: 'local',
          kiali: {
            url: `${sandboxUrl}/kiali`,
            strategy: 'openshift',
            token: '${SANDBOX_PORTAL_TOKEN}',
            caFile,
          },
          prometheus: { url: `http://127.0.0.1:${prometheusPort}` },
        },
      ],
    },
  };
  const file = join(appDir, 'app-config.verify-install.yaml');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/** Sets up the fresh app in `appDir`; returns its extra config file and what the READMEs made it do. */
export function configureApp(root, appDir, plugins, ports) {
  pinRelease(appDir);
  pinToTarballs(root, appDir, plugins);
  const done = [
    ...followReadmes(appDir, plugins),
    writeLegacySnippet(appDir, plugins),
  ];
  const configFile = writeAppConfig(appDir, ports);
  return { configFile, done };
}
