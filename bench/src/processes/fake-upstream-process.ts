/** Child-process entry: runs the fake upstream on a loopback port and reports the port over IPC. */
import { createFakeUpstream } from '../upstream/create-fake-upstream.ts';
import { reportListening } from './report-listening.ts';

const server = createFakeUpstream();
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => reportListening(server));
