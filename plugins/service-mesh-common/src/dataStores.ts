/** @public */
export type DataStoreType = 'database' | 'queue';

/** Image names (the last path segment, without tag) that run a data store. */
const DATA_STORE_IMAGES: Array<[string, DataStoreType]> = [
  ['mongo', 'database'],
  ['mysql', 'database'],
  ['mariadb', 'database'],
  ['postgres', 'database'],
  ['redis', 'database'],
  ['elasticsearch', 'database'],
  ['rabbitmq', 'queue'],
];

function imageName(image: string): string {
  const path = image.split('@')[0];
  const last = path.split('/').pop() ?? path;
  return last.split(':')[0];
}

/**
 * Whether a workload is a data store, and which kind: one of its images is a
 * known database or broker (`mongo`, `bitnami/postgresql:16`), or its name
 * ends in `-db`. The catalog makes such workloads Resources; the template
 * actions warn that restarting one without a volume loses its data.
 *
 * @public
 */
export function dataStoreTypeOf(workload: {
  name: string;
  images: string[];
}): DataStoreType | undefined {
  for (const image of workload.images) {
    const name = imageName(image);
    const known = DATA_STORE_IMAGES.find(([store]) => name.includes(store));
    if (known) return known[1];
  }
  return workload.name.endsWith('-db') ? 'database' : undefined;
}
