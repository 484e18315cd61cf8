import type { ReactNode } from 'react';
import { Layout } from 'react-admin';
import { SegmentaAppBar } from './app-bar';

export function SegmentaLayout({ children }: { children: ReactNode }) {
  return <Layout appBar={SegmentaAppBar}>{children}</Layout>;
}
