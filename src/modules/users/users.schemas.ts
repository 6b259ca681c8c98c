import { type Static, Type } from "typebox";
import { PageQuery, Uuid } from "../../shared/schemas.js";

const Email = Type.String({ format: "email", maxLength: 254 });
const Password = Type.String({ minLength: 8, maxLength: 200 });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: "\\S" });

export const RegisterBody = Type.Object(
  { name: Name, email: Email, password: Password },
  { additionalProperties: false },
);
export type RegisterInput = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginInput = Static<typeof LoginBody>;

/**
 * Changing the password or the email (the sign-in identity) needs the current password, so a
 * stolen token alone cannot take the account over. A new password revokes every older token.
 */
export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Name),
    email: Type.Optional(Email),
    password: Type.Optional(Password),
    currentPassword: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: "Your current password: required to change `password` or `email`",
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserInput = Static<typeof UpdateUserBody>;

export const User = Type.Object({
  id: Uuid,
  name: Type.String(),
  /** Only shown to the user themself. */
  email: Type.Optional(Type.String()),
  isCreator: Type.Boolean(),
  createdAt: Type.String({ format: "date-time" }),
});
export type User = Static<typeof User>;

export const AuthResult = Type.Object({ user: User, token: Type.String() });

/** The answer to a profile change: the user, and a fresh token when the password changed. */
export const UpdatedUser = Type.Intersect([
  User,
  Type.Object({
    token: Type.Optional(
      Type.String({
        description:
          "Only when the password changed: a fresh bearer token. Every token signed before the change " +
          "(this request's included) is revoked, so use this one to stay signed in.",
      }),
    ),
  }),
]);
export type UpdatedUser = Static<typeof UpdatedUser>;

const Handle = Type.String({ pattern: "^[a-zA-Z0-9_]{3,30}$", description: "3-30 letters, digits or _" });
const Bio = Type.String({ maxLength: 1000 });

export const CreateCreatorBody = Type.Object(
  { handle: Handle, displayName: Name, bio: Type.Optional(Bio) },
  { additionalProperties: false },
);
export type CreateCreatorInput = Static<typeof CreateCreatorBody>;

/** Edit one's creator profile: any of its fields, at least one. */
export const UpdateCreatorBody = Type.Object(
  { handle: Type.Optional(Handle), displayName: Type.Optional(Name), bio: Type.Optional(Bio) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCreatorInput = Static<typeof UpdateCreatorBody>;

export const Creator = Type.Object({
  id: Uuid,
  handle: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});
export type Creator = Static<typeof Creator>;

export const CreatorWithCounts = Type.Intersect([
  Creator,
  Type.Object({ followerCount: Type.Integer(), followingCount: Type.Integer() }),
]);

export const ListCreatorsQuery = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 100 })),
  ...PageQuery,
});

export const PasswordResetBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254, description: "The account's email" }) },
  { additionalProperties: false },
);
export type PasswordResetInput = Static<typeof PasswordResetBody>;

export const PasswordResetConfirmBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200, description: "The token from the reset mail's link" }),
    password: Password,
  },
  { additionalProperties: false },
);
export type PasswordResetConfirmInput = Static<typeof PasswordResetConfirmBody>;
