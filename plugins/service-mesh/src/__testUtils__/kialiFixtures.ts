import fs from 'node:fs';
import path from 'node:path';

/** A file of `shared/fixtures/kiali` (responses recorded from real Kiali servers), found beside the repository or a parent folder. */
export function kialiFixture(relative: string): any {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'shared', 'fixtures', 'kiali', relative);
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
    if (path.dirname(dir) === dir)
      throw new Error(
        `no shared/fixtures/kiali/${relative} beside ${__dirname} or a parent folder`,
      );
  }
}
