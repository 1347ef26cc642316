/**
 * Whether the real engines are here. Without them the tests skip with the reason printed, unless
 * CONDUIT_REQUIRE_SERVICES is set (CI installs them): then the missing engine fails the run.
 */
import { findBinaries, missingFor } from '../src/find-binaries.ts';

export function enginesMissing(): string | undefined {
  const binaries = findBinaries(process.env.PATH ?? '');
  const missing = missingFor('speak', binaries) ?? missingFor('transcribe', binaries) ?? (binaries.ffmpeg ? undefined : 'ffmpeg is not installed');
  if (missing && process.env.CONDUIT_REQUIRE_SERVICES) throw new Error(`CONDUIT_REQUIRE_SERVICES is set but ${missing}`);
  if (missing) console.log(`local-speech tests skipped: ${missing}`);
  return missing;
}
