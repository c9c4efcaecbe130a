// What the plugins' READMEs tell an adopter to do, read from their code
// blocks, so that the fresh app is set up exactly as the READMEs say (and a
// README that says something wrong fails the check):
//   yarn --cwd packages/<package> add <name> ...   (```sh blocks)
//   backend.add(import('<name>'));                 (```ts blocks)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function codeBlocks(markdown, languages) {
  const blocks = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```/gm;
  for (const match of markdown.matchAll(fence)) {
    if (languages.includes(match[1])) blocks.push(match[2]);
  }
  return blocks;
}

/**
 * The install steps of one plugin's README: `adds` ({ workspace, name }) from
 * `yarn --cwd packages/<workspace> add` lines, `backendAdds` (the statement
 * text) from `backend.add(import(...))` statements.
 */
export function readmeInstallSteps(pluginDir) {
  const file = join(pluginDir, 'README.md');
  const markdown = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const adds = [];
  for (const block of codeBlocks(markdown, ['sh', 'bash', 'shell'])) {
    for (const line of block.split('\n')) {
      const match = line.match(/^\s*yarn --cwd packages\/([\w-]+) add (.+)$/);
      if (!match) continue;
      for (const name of match[2].trim().split(/\s+/)) {
        adds.push({ workspace: match[1], name });
      }
    }
  }
  const backendAdds = [];
  for (const block of codeBlocks(markdown, ['ts', 'typescript'])) {
    const statement = /backend\.add\(\s*import\(\s*'([^']+)'\s*\),?\s*\);/g;
    for (const match of block.matchAll(statement)) {
      backendAdds.push({ name: match[1], statement: match[0] });
    }
  }
  return { file, adds, backendAdds };
}

/**
 * The ```tsx blocks of a README section (from its heading to the next one of
 * the same or a higher level), e.g. the legacy frontend system's EntityPage
 * code; [] when the README has no such section.
 */
export function readmeSectionCode(pluginDir, heading) {
  const file = join(pluginDir, 'README.md');
  const markdown = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const lines = markdown.split('\n');
  const start = lines.findIndex(line => line.trim() === heading);
  if (start < 0) return [];
  const level = heading.match(/^#+/)[0].length;
  let end = lines.findIndex(
    (line, i) =>
      i > start && /^#+ /.test(line) && line.match(/^#+/)[0].length <= level,
  );
  if (end < 0) end = lines.length;
  return codeBlocks(`${lines.slice(start + 1, end).join('\n')}\n`, ['tsx']);
}
