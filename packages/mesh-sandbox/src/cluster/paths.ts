import { dirname, resolve } from 'node:path';

/** packages/mesh-sandbox, wherever this module runs from (source or a build). */
export const packageDir = dirname(require.resolve('../../package.json'));

/** The repository's root, where plugins/ and packages/ are. */
export const repoRoot = resolve(packageDir, '..', '..');
