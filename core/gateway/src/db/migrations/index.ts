/** Every migration, in order. A new migration is a new file and a new line here; never edit an old one. */
import * as initial from './0001-initial.ts';

export const migrations = [{ name: '0001-initial', ...initial }];
