import { ConfigReader } from '@backstage/config';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import { createServiceMeshActions } from '../actions';
import { InputRule } from './parameterRules';
import { MeshWriteAuthorizer } from '@service-mesh/plugin-service-mesh-node';

/** The repository's templates/ folder. */
export const templatesDir = resolvePackagePath(
  '@service-mesh/plugin-scaffolder-backend-module-service-mesh',
  '../../templates',
);

/** Every templates/<name>/template.yaml. */
export function templateFiles(): string[] {
  return fs
    .readdirSync(templatesDir)
    .map(dir => path.join(templatesDir, dir, 'template.yaml'))
    .filter(file => fs.existsSync(file));
}

/**
 * The service mesh actions with the names of their outputs and the JSON schema
 * of each input (the actions are only described, never run, so the authorizer
 * they are created with decides nothing).
 */
export function installedActions(authorizer: MeshWriteAuthorizer) {
  return createServiceMeshActions({
    config: new ConfigReader({}),
    authorizer,
  }).map(action => ({
    id: action.id,
    outputs: Object.keys((action.schema?.output as any)?.properties ?? {}),
    inputs: ((action.schema?.input as any)?.properties ?? {}) as Record<
      string,
      InputRule
    >,
  }));
}
