import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder of responses recorded from real Kiali servers, kept outside the
 * repository in `shared/fixtures/kiali` beside it (or beside a parent
 * folder, for worktrees); see its SOURCES.md.
 */
export function kialiFixturesDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'fixtures', 'kiali');
    if (fs.existsSync(path.join(candidate, 'SOURCES.md'))) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(
        `no shared/fixtures/kiali beside ${__dirname} or any parent folder: the recorded Kiali responses are needed`,
      );
  }
}

export function kialiFixture(relative: string): any {
  return JSON.parse(
    fs.readFileSync(path.join(kialiFixturesDir(), relative), 'utf8'),
  );
}
