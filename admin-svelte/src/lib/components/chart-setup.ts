/** Chart.js with only the pieces the UI draws, registered once; imported lazily by load-chart.ts. */
import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(LineController, BarController, LineElement, BarElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler);
const dark = matchMedia('(prefers-color-scheme: dark)').matches;
Chart.defaults.color = dark ? '#9aa5b1' : '#59636e';
Chart.defaults.borderColor = dark ? '#30363d' : '#d0d7de';
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.animation = false;

export { Chart };
