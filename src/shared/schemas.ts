import { Type } from "typebox";

/**
 * Schemas every module's contract uses: ids and keyset pages. They belong to no module, so
 * a module's schemas never have to import another module for them.
 */
export const Uuid = Type.String({ format: "uuid", description: "A UUID" });
export const IdParams = Type.Object({ id: Uuid });

/**
 * One line a person typed (a name, an address line): bounded, not blank, and without control
 * characters, so it cannot break a label, a mail header or a CSV row it ends up in.
 */
export const Line = (maxLength: number, description?: string) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: "^[^\\u0000-\\u001f\\u007f]*\\S[^\\u0000-\\u001f\\u007f]*$",
    ...(description ? { description } : {}),
  });

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
