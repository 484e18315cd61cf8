import type { ReactNode } from 'react';
import { Layout } from 'react-admin';
import { SegmentaAppBar } from './app-bar';
import { SegmentaMenu } from './menu';

export function SegmentaLayout({ children }: { children: ReactNode }) {
  return <Layout appBar={SegmentaAppBar} menu={SegmentaMenu}>{children}</Layout>;
}
