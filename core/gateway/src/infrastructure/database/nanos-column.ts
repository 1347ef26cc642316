/**
 * A BIGINT column of nano-dollars (see domain/money.ts), read as a JavaScript number: MariaDB's driver
 * may hand BIGINT back as a string.
 */
import { DataTypes, type ModelAttributeColumnOptions, type Model } from 'sequelize';

export function nanosColumn(attribute: string, nullable: boolean): ModelAttributeColumnOptions {
  return {
    type: DataTypes.BIGINT,
    allowNull: nullable,
    ...(nullable ? {} : { defaultValue: 0 }),
    get(this: Model) {
      const value = this.getDataValue(attribute as never) as number | string | bigint | null;
      return value === null || value === undefined ? value : Number(value);
    },
  };
}
