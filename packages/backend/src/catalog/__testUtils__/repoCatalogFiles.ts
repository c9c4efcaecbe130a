import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Entity } from '@backstage/catalog-model';

/** The root of this repository, from packages/backend/src/catalog/__testUtils__. */
export const repoRoot = path.resolve(__dirname, '../../../../..');

/** Every catalog file the portal registers, as absolute paths. */
export function repoCatalogFiles(): string[] {
  const templatesDir = path.join(repoRoot, 'templates');
  const templates = fs.existsSync(templatesDir)
    ? fs
        .readdirSync(templatesDir)
        .map(dir => path.join(templatesDir, dir, 'template.yaml'))
        .filter(file => fs.existsSync(file))
    : [];
  return [
    path.join(repoRoot, 'catalog-info.yaml'),
    path.join(repoRoot, 'catalog', 'org.yaml'),
    ...templates,
  ];
}

/** Parses a multi-document YAML file into entities, failing on YAML errors. */
export function readEntities(file: string): Entity[] {
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  return documents.map((document, index) => {
    if (document.errors.length > 0) {
      throw new Error(
        `${file}, document ${index + 1}: ${document.errors[0].message}`,
      );
    }
    return document.toJSON() as Entity;
  });
}
