/** The conformance fake contract, from the kit's entry of the plugin API. */
export type * from '@conduit/plugin-api/conformance';
