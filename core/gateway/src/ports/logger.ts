/** The structured logger every part of the gateway writes to (pino's interface; built in infrastructure/logging). */
export type { Logger } from 'pino';
