/** Child-process entry: runs the audio bench's fake upstream on a loopback port and reports the port over IPC. */
import { createAudioUpstream } from '../audio/create-audio-upstream.ts';
import { reportListening } from './report-listening.ts';

const server = createAudioUpstream();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, () => reportListening(server));
