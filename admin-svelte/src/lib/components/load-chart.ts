/** Chart.js, loaded on first use with only the pieces the UI draws (keeps it out of the first load). */
import type { Chart as ChartType } from 'chart.js';

let loading: Promise<typeof ChartType> | undefined;

export function loadChart(): Promise<typeof ChartType> {
  return (loading ??= import('chart.js').then((module) => {
    const { Chart, LineController, BarController, LineElement, BarElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler } = module;
    Chart.register(LineController, BarController, LineElement, BarElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler);
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    Chart.defaults.color = dark ? '#9aa5b1' : '#59636e';
    Chart.defaults.borderColor = dark ? '#30363d' : '#d0d7de';
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.animation = false;
    return Chart;
  }));
}
