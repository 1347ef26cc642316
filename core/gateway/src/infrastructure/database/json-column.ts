/**
 * JSON kept in a TEXT column. MariaDB reports its JSON type as LONGTEXT, so mysql2 would hand back
 * strings there while SQLite hands back objects; storing text and parsing in one place behaves the
 * same on both.
 */
import { DataTypes, type ModelAttributeColumnOptions, type Model } from 'sequelize';

export function jsonColumn<T>(name: string, fallback: T, allowNull = true): ModelAttributeColumnOptions<Model> {
  return {
    type: DataTypes.TEXT,
    allowNull,
    get(this: Model): T {
      const raw = this.getDataValue(name) as string | null | undefined;
      if (raw === null || raw === undefined || raw === '') return fallback;
      return JSON.parse(raw) as T;
    },
    set(this: Model, value: T | null | undefined) {
      this.setDataValue(name, value === null || value === undefined ? null : JSON.stringify(value));
    },
  };
}
