import { Grid, Typography } from '@mui/material';
import { List, Pagination, useListContext } from 'react-admin';
import { ListEmpty } from '../common/list-empty';
import { baseScores, type PersonaRecord } from './persona-profile';
import { PersonaCard } from './persona-card';

function PersonaGrid() {
  const { data, isPending } = useListContext<PersonaRecord>();
  if (isPending || !data) return null;
  const base = baseScores(data);
  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 1 }}>
        Personas of the live segmentation. Bars: mean RFM scores (1–5); the black tick is the base average.
      </Typography>
      <Grid container spacing={2} sx={{ p: 2 }}>
        {data.map((persona) => (
          <Grid key={persona.id} size={{ xs: 12, sm: 6, lg: 4 }}><PersonaCard persona={persona} base={base} /></Grid>
        ))}
      </Grid>
    </>
  );
}

export function PersonaList() {
  return (
    <List sort={{ field: 'id', order: 'ASC' }} perPage={25} exporter={false}
      empty={<ListEmpty title="No personas yet" hint="Personas appear once a segmentation run is live" />}
      pagination={<Pagination rowsPerPageOptions={[25, 50]} />}>
      <PersonaGrid />
    </List>
  );
}
