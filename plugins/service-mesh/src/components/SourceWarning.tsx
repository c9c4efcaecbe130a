import Alert from '@material-ui/lab/Alert';
import {
  MeshStatus,
  SourceName,
} from '@service-mesh/plugin-service-mesh-common';

const sourceTitles: Record<SourceName, string> = {
  kubernetes: 'Kubernetes',
  kiali: 'Kiali',
  prometheus: 'Prometheus',
};

/** Names each source that failed; what the other sources said still shows. */
export function SourceWarning(props: { sources: MeshStatus['sources'] }) {
  const failed = (Object.keys(props.sources) as SourceName[]).flatMap(name => {
    const source = props.sources[name];
    return source.state === 'error' ? [{ name, reason: source.reason }] : [];
  });
  if (failed.length === 0) return null;
  return (
    <Alert severity="warning">
      {failed.map(({ name, reason }) => (
        <div key={name}>
          {sourceTitles[name]} could not be read ({reason}); its data is missing
          below.
        </div>
      ))}
    </Alert>
  );
}
