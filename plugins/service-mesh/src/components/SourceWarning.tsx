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

/**
 * Names each source that failed, and each that was read only in part (the
 * portal's credentials refused some reads, e.g. "the portal's service account
 * may not list pods in user1-sockshop"); what the other sources said still shows.
 */
export function SourceWarning(props: { sources: MeshStatus['sources'] }) {
  const problems = (Object.keys(props.sources) as SourceName[]).flatMap(
    name => {
      const source = props.sources[name];
      if (source.state === 'error')
        return [
          `${sourceTitles[name]} could not be read (${source.reason}); its data is missing below.`,
        ];
      if (source.state === 'degraded')
        return [
          `${sourceTitles[name]} was read only in part: ${source.reason}; what those reads would show is missing below.`,
        ];
      return [];
    },
  );
  if (problems.length === 0) return null;
  return (
    <Alert severity="warning">
      {problems.map(problem => (
        <div key={problem}>{problem}</div>
      ))}
    </Alert>
  );
}
