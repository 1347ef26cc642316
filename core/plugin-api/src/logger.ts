/** The logger a plugin receives. Structured fields first, message second (pino's convention). */
export interface PluginLogger {
  debug(fields: Record<string, unknown>, message?: string): void;
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
}

export const silentLogger: PluginLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
