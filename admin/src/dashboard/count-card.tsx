import type { ReactNode } from 'react';
import { CardActionArea, Skeleton } from '@mui/material';
import { LinkBase, useCreatePath, useGetList } from 'react-admin';
import { StatTile } from '../common/stat-tile';

interface CountCardProps {
  resource: string;
  label: string;
  icon: ReactNode;
  filter?: Record<string, unknown>;
  refetchInterval?: number | false;
}

/** A live count from `_allXsMeta`: asks for one row only, the total comes with it. */
export function CountCard({ resource, label, icon, filter = {}, refetchInterval = false }: CountCardProps) {
  const { total, isPending, error } = useGetList(resource, { pagination: { page: 1, perPage: 1 }, filter }, { refetchInterval });
  const createPath = useCreatePath();
  const value = isPending ? <Skeleton width={60} /> : error ? '—' : (total ?? 0).toLocaleString();
  const search = Object.keys(filter).length ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : '';
  return (
    <CardActionArea component={LinkBase} to={createPath({ resource, type: 'list' }) + search} sx={{ height: '100%', borderRadius: 1 }}>
      <StatTile label={label} value={value} icon={icon} />
    </CardActionArea>
  );
}
