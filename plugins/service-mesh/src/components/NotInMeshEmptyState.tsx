import { EmptyState, LinkButton } from '@backstage/core-components';
import {
  provisioningTemplatePath,
  userFromNamespace,
} from '../provisioningTemplate';

/** A namespace outside any mesh, with the way to put it in one. */
export function NotInMeshEmptyState(props: { namespace: string }) {
  const { namespace } = props;
  const user = userFromNamespace(namespace);
  return (
    <EmptyState
      missing="info"
      title={`Namespace ${namespace} is not in a service mesh`}
      description={`No control plane manages ${namespace}, so its pods have no sidecars and no traffic rules apply. The provisioning template creates a control plane${
        user ? ` for ${user}` : ''
      }, adds the namespace to its member roll and injects the sidecars.`}
      action={
        <LinkButton
          variant="contained"
          color="primary"
          to={provisioningTemplatePath(namespace)}
        >
          Set up the service mesh
        </LinkButton>
      }
    />
  );
}
