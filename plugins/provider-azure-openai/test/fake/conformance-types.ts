/** The conformance fake contract, as the kit exports it. */
export type * from '@conduit/plugin-api/conformance';
