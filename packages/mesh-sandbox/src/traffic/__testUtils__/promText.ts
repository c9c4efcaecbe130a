export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict-enough reader of Prometheus text format 0.0.4 for assertions. */
export function parsePrometheusText(text: string): {
  samples: Sample[];
  types: Record<string, string>;
  help: Record<string, string>;
} {
  const samples: Sample[] = [];
  const types: Record<string, string> = {};
  const help: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line) continue;
    const comment = line.match(/^# (HELP|TYPE) (\S+) (.+)$/);
    if (comment) {
      (comment[1] === 'HELP' ? help : types)[comment[2]] = comment[3];
      continue;
    }
    const match = line.match(/^([a-zA-Z_:][\w:]*)\{(.*)\} (\S+)$/);
    if (!match) throw new Error(`unparsable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of match[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]] = pair[2];
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return { samples, types, help };
}
