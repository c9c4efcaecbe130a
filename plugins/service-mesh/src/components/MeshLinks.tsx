import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import { MeshLinks as Links } from '@service-mesh/plugin-service-mesh-common';

const useStyles = makeStyles(theme => ({
  links: { display: 'flex', gap: theme.spacing(2), flexWrap: 'wrap' },
}));

const titles: Record<keyof Links, string> = {
  kiali: 'Kiali graph',
  grafana: 'Grafana',
  jaeger: 'Jaeger',
};

/** Links to the mesh's own consoles, for those the backend knows. */
export function MeshLinks(props: { links: Links }) {
  const classes = useStyles();
  const present = (Object.keys(titles) as (keyof Links)[]).filter(
    key => props.links[key],
  );
  if (present.length === 0) return null;
  return (
    <Box className={classes.links}>
      {present.map(key => (
        <Link key={key} to={props.links[key]!} target="_blank" rel="noopener">
          {titles[key]}
        </Link>
      ))}
    </Box>
  );
}
