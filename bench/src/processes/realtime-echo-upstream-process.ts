/** Child-process entry: runs the realtime echo upstream on a loopback port and reports the port over IPC. */
import { createRealtimeEchoUpstream } from '../upstream/create-realtime-echo-upstream.ts';
import { reportListening } from './report-listening.ts';

const server = createRealtimeEchoUpstream();
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => reportListening(server));
