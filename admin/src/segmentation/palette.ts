/** One colour per segment label, shared by the scatter, tables and dashboard. */
export const SEGMENT_COLORS = ['#3f51b5', '#00897b', '#f4511e', '#8e24aa', '#fdd835', '#6d4c41', '#1e88e5', '#d81b60', '#7cb342', '#546e7a', '#ffb300', '#26c6da'];
export const segmentColor = (label: number) => SEGMENT_COLORS[label % SEGMENT_COLORS.length];
