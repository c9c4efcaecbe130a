import Box from '@material-ui/core/Box';
import Skeleton from '@material-ui/lab/Skeleton';

/** Placeholder rows while the first status loads. */
export function MeshStatusSkeleton(props: { rows?: number }) {
  const rows = props.rows ?? 3;
  return (
    <Box role="progressbar" aria-label="Loading the mesh status" aria-busy>
      <Skeleton variant="text" width="60%" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} variant="rect" height={28} style={{ marginTop: 8 }} />
      ))}
    </Box>
  );
}
