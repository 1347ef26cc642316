/** Chart.js, loaded on first use (keeps it out of the first load of every page). */
import type { Chart as ChartType } from 'chart.js';

let loading: Promise<typeof ChartType> | undefined;

export function loadChart(): Promise<typeof ChartType> {
  return (loading ??= import('./chart-setup.ts').then((module) => module.Chart));
}
