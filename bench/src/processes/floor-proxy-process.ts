/** Child-process entry: the floor proxy in front of the upstream given as `--upstream http://host:port`. */
import { createFloorProxy } from '../upstream/create-floor-proxy.ts';
import { reportListening } from './report-listening.ts';

const flag = process.argv.indexOf('--upstream');
const upstream = new URL(flag === -1 ? '' : process.argv[flag + 1]!);
const server = createFloorProxy({ host: upstream.hostname, port: Number(upstream.port) });
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => reportListening(server));
