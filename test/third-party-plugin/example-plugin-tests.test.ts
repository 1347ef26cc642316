/**
 * The example plugin's own tests (its mapping tests and the conformance kit against its fake), run by
 * the repository's test runner, which only looks in test/, core/*\/test and plugins/*\/test.
 */
import '../../examples/conduit-provider-acme/test/all-tests.ts';
