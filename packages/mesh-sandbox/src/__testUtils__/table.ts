import { Kind, resourcePath } from '../client/kinds';
import { readText } from '../client/kubeClient';
import { Sandbox } from '../sandbox';

const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** The API server's own Table of a kind (what kubectl get prints), as column name -> cell rows. */
export async function serverTable(
  sandbox: Sandbox,
  kind: Kind,
  namespace?: string,
): Promise<Record<string, unknown>[]> {
  const res = await sandbox.client.stream(
    'GET',
    resourcePath(kind, namespace),
    undefined,
    undefined,
    tableAccept,
  );
  const table = JSON.parse(await readText(res));
  const names: string[] = table.columnDefinitions.map((c: any) => c.name);
  return table.rows.map((row: any) =>
    Object.fromEntries(names.map((name, i) => [name, row.cells[i]])),
  );
}
