import { Type } from "typebox";

/**
 * Schemas every module's contract uses: ids and keyset pages. They belong to no module, so
 * a module's schemas never have to import another module for them.
 */
export const Uuid = Type.String({ format: "uuid", description: "A UUID" });
export const IdParams = Type.Object({ id: Uuid });

/** Spread into a querystring schema: `Type.Object({ ...PageQuery, status })`. */
export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  after: Type.Optional(Type.String({ maxLength: 500 })),
};

export const PageInfo = Type.Object({
  hasNextPage: Type.Boolean(),
  endCursor: Type.Union([Type.String(), Type.Null()]),
});
export const PageOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), pageInfo: PageInfo });
