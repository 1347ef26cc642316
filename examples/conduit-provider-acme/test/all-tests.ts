/** Every test of the package in one process: `npm test`. */
import './acme-plugin-options.test.ts';
import './map-chat-request.test.ts';
import './map-acme-error.test.ts';
import './acme-stream-mapper.test.ts';
import './conformance.test.ts';
