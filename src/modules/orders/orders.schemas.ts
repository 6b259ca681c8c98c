import { type Static, Type } from "typebox";
import { Line, Uuid } from "../../shared/schemas.js";
import { FairHeaders, PassValue } from "../fairdrops/index.js";

/** Most units one order may ask for; the service checks it too, before an order joins a batch. */
export const MAX_QUANTITY = 1000;
const Quantity = Type.Integer({ minimum: 1, maximum: MAX_QUANTITY });
const Method = Type.String({
  minLength: 1,
  maxLength: 100,
  description: "pm_card_ok | pm_card_declined | pm_card_slow | pm_card_error",
});

/** Where an order of a drop that ships goes; each field bounded (it is printed on labels and CSVs). */
export const ShippingAddress = Type.Object(
  {
    name: Line(200, "Recipient"),
    line1: Line(200),
    line2: Type.Optional(Line(200)),
    city: Line(100),
    postalCode: Line(20),
    country: Type.String({
      pattern: "^[A-Z]{2}$",
      description: "ISO 3166-1 alpha-2, one of the drop's shipsTo",
    }),
  },
  { additionalProperties: false },
);
export type ShippingAddress = Static<typeof ShippingAddress>;

const VariantId = Type.String({
  format: "uuid",
  description: "Required on a drop with variants (400 without); refused on a drop without (400)",
});
const AddressField = Type.Optional(
  Type.Object(ShippingAddress.properties, {
    additionalProperties: false,
    description: "Required on a drop that ships (400 without; 422 CANNOT_SHIP_TO outside its shipsTo)",
  }),
);

export const PlaceOrderBody = Type.Object(
  {
    dropId: Uuid,
    variantId: Type.Optional(VariantId),
    shippingAddress: AddressField,
    quantity: Type.Optional(Quantity),
    qty: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_QUANTITY, description: "Alias of quantity" })),
    paymentMethodId: Type.Optional(Method),
    // Accepted from the original API sketch; must match the caller and the drop.
    userId: Type.Optional(Uuid),
    productId: Type.Optional(Uuid),
    // A queue drop's pass, for clients that cannot set X-Drop-Pass.
    pass: Type.Optional(PassValue),
  },
  { additionalProperties: false },
);
export type PlaceOrderBody = Static<typeof PlaceOrderBody>;

export const PayBody = Type.Object(
  {
    orderId: Uuid,
    method: Type.Optional(Method),
    paymentMethodId: Type.Optional(Method),
    amount: Type.Optional(
      Type.Integer({ minimum: 0, description: "Must equal the order total (minor units)" }),
    ),
  },
  { additionalProperties: false },
);

export const ReserveBody = Type.Object(
  {
    dropId: Uuid,
    userId: Uuid,
    quantity: Quantity,
    variantId: Type.Optional(VariantId),
    shippingAddress: AddressField,
  },
  { additionalProperties: false },
);
export const ReservationBody = Type.Object({ reservationId: Uuid }, { additionalProperties: false });
export const ChargeBody = Type.Object(
  { orderId: Uuid, amount: Type.Integer({ minimum: 0 }), method: Method },
  { additionalProperties: false },
);
export const RefundBody = Type.Object({ paymentId: Uuid }, { additionalProperties: false });

/** Set once the drop's creator shipped the order (kept if it is refunded afterwards). */
export const Fulfilment = {
  carrier: Type.Optional(Type.String({ description: "Who carries the parcel, as the creator wrote it" })),
  trackingNumber: Type.Optional(Type.String({ description: "The carrier's tracking number" })),
  fulfilledAt: Type.Optional(Type.String({ format: "date-time", description: "When it was marked shipped" })),
};

export const OrderStatus = Type.Union([
  Type.Literal("pending_payment"),
  Type.Literal("confirmed"),
  Type.Literal("fulfilled"),
  Type.Literal("failed"),
  Type.Literal("expired"),
  Type.Literal("cancelled"),
  Type.Literal("refunded"),
]);
export const PaymentStatus = Type.Union([
  Type.Literal("processing"),
  Type.Literal("succeeded"),
  Type.Literal("failed"),
  Type.Literal("error"),
  Type.Literal("voided"),
  Type.Literal("refunding"),
  Type.Literal("refunded"),
]);
export const Order = Type.Object({
  id: Uuid,
  userId: Uuid,
  dropId: Uuid,
  quantity: Type.Integer(),
  unitPriceCents: Type.Integer(),
  totalCents: Type.Integer({ description: "unitPriceCents x quantity + shippingFeeCents" }),
  currency: Type.String(),
  status: OrderStatus,
  // Optional only because answers stored under idempotency keys before migration 013 lack
  // them; every order read or placed since has all three.
  // The description on the uuid, not the union: openapi-typescript cannot read a described nullable union.
  variantId: Type.Optional(
    Type.Union([
      Type.String({ format: "uuid", description: "The variant ordered; null without" }),
      Type.Null(),
    ]),
  ),
  shippingFeeCents: Type.Optional(
    Type.Integer({ description: "Charged once per order; 0 when the drop does not ship" }),
  ),
  shippingAddress: Type.Optional(
    Type.Union([ShippingAddress, Type.Null()], {
      description: "Where it ships (the buyer sees it); null when it does not",
    }),
  ),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
  expiresAt: Type.String({ format: "date-time", description: "When an unpaid reservation is released" }),
  ...Fulfilment,
});

export const Payment = Type.Object({
  id: Uuid,
  orderId: Uuid,
  amountCents: Type.Integer(),
  currency: Type.String(),
  method: Type.String(),
  status: PaymentStatus,
  failureCode: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

export const Stock = Type.Object(
  {
    available: Type.Integer(),
    reserved: Type.Integer(),
    sold: Type.Integer(),
    initial: Type.Integer(),
  },
  { description: "The stock the order drew from right after it: the drop's, or its variant's" },
);

export const OrderResult = Type.Object({
  order: Order,
  payment: Type.Union([Payment, Type.Null()]),
  stock: Type.Union([Stock, Type.Null()]),
});

const IdempotencyKey = Type.String({
  minLength: 1,
  maxLength: 200,
  description: "Any unique string per intended operation (e.g. a UUID); a retry sends the same key",
});

/** Required: a missing key is 400 IDEMPOTENCY_KEY_REQUIRED (see src/http/contract.ts). */
export const IdempotencyHeaders = Type.Object({ "idempotency-key": IdempotencyKey });

/** POST /api/orders: the key, and the fair drops' proof (X-Challenge, X-Drop-Pass) where a drop asks for it. */
export const PlaceOrderHeaders = Type.Object({ ...IdempotencyHeaders.properties, ...FairHeaders.properties });

/** The internal reserve takes a key too, but makes one up when it is left out. */
export const OptionalIdempotencyHeaders = Type.Object({ "idempotency-key": Type.Optional(IdempotencyKey) });
