import { ResponseErrorPanel } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import { MeshStatus } from '@service-mesh/plugin-service-mesh-common';
import { ReactNode } from 'react';
import { PollingState } from '../hooks';
import { MeshStatusSkeleton } from './MeshStatusSkeleton';
import { NotInMeshEmptyState } from './NotInMeshEmptyState';
import { SourceWarning } from './SourceWarning';

/** A namespace no control plane manages: nothing to show but how to mesh it. */
export function isOutsideMesh(status: MeshStatus): boolean {
  return !status.membership.member && !status.controlPlane;
}

/**
 * The states every view of a mesh status shares: loading, a failed request,
 * a namespace outside any mesh, and otherwise the status with a warning for
 * each source that failed.
 */
export function MeshStatusView(props: {
  state: PollingState<MeshStatus>;
  children: (status: MeshStatus) => ReactNode;
}) {
  const { value, error, loading } = props.state;
  if (loading) return <MeshStatusSkeleton />;
  if (!value) return <ResponseErrorPanel error={error!} />;
  // Only a complete read of Kubernetes can tell that the namespace is outside any mesh.
  if (isOutsideMesh(value) && value.sources.kubernetes.state === 'ok') {
    return <NotInMeshEmptyState namespace={value.namespace} />;
  }
  return (
    <>
      {error && (
        <Alert severity="info">
          Refreshing failed, showing the status of{' '}
          {new Date(value.generatedAt).toLocaleTimeString()}: {error.message}
        </Alert>
      )}
      <SourceWarning sources={value.sources} />
      {props.children(value)}
    </>
  );
}
