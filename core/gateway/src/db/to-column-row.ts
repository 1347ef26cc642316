/**
 * Turns model attributes into a plain row keyed by column name, for bulk inserts that skip building
 * a Sequelize instance per row (the request log writes thousands per second).
 */
import type { ModelStatic, Model } from 'sequelize';

export function columnMapper<M extends Model>(model: ModelStatic<M>): (attributes: Record<string, unknown>) => Record<string, unknown> {
  const fields = new Map<string, string>();
  for (const [name, attribute] of Object.entries(model.getAttributes())) fields.set(name, attribute.field ?? name);
  return (attributes) => {
    const row: Record<string, unknown> = {};
    for (const name in attributes) {
      const field = fields.get(name);
      if (field !== undefined) row[field] = attributes[name];
    }
    return row;
  };
}
